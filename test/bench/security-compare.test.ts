// Runs the comparison script the way its docs say (after `npm run build`) on the labelled corpus
// only, and checks that it prints both tools with numbers that add up.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { securityRules } from '../../src/scanner/rules/security/index.js';

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Row {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

function parseRow(output: string, tool: string): Row {
  const line = output.split('\n').find((l) => l.startsWith(`${tool} `));
  if (!line) throw new Error(`no row for ${tool} in:\n${output}`);
  const [tp, fp, fn, precision, recall] = line.slice(tool.length).trim().split(/\s+/);
  return { tp: Number(tp), fp: Number(fp), fn: Number(fn), precision: parseFloat(precision!), recall: parseFloat(recall!) };
}

describe('bench/security-compare.mjs', () => {
  it('scores eslint-plugin-security and our rules on the labelled corpus', async () => {
    const result = await execa('node', [path.join(project, 'bench/security-compare.mjs'), '--no-large'], { cwd: project, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const expected = Number(/(\d+) expected findings/.exec(result.stdout)?.[1]);
    expect(expected).toBeGreaterThan(50);
    const plugin = parseRow(result.stdout, 'eslint-plugin-security');
    const ours = parseRow(result.stdout, 'autonomous');
    for (const row of [plugin, ours]) {
      expect(row.tp + row.fp).toBeGreaterThan(0);
      expect(row.fn).toBeLessThanOrEqual(expected);
      expect(row.precision).toBeCloseTo((100 * row.tp) / (row.tp + row.fp), 0);
    }
    // the plugin has no taint tracking and no rule for SQL, SSRF or open redirects: it misses most
    expect(plugin.fn).toBeGreaterThan(0);
    expect(ours.recall).toBeGreaterThanOrEqual(95);
  }, 120_000);

  it('maps every plugin rule to one of our rule ids or to nothing', () => {
    const text = fs.readFileSync(path.join(project, 'bench/security-compare.mjs'), 'utf8');
    const block = /PLUGIN_TO_CLASS = \{([\s\S]*?)\};/.exec(text)?.[1] ?? '';
    const targets = [...block.matchAll(/'security\/[\w-]+': (?:'([\w-]+)'|null)/g)].map((m) => m[1]).filter((t): t is string => t !== undefined);
    expect(targets.length).toBeGreaterThan(5);
    const ids = new Set(securityRules.map((r) => r.meta.id));
    for (const target of targets) expect(ids.has(target), target).toBe(true);
    const security = createRequire(import.meta.url)('eslint-plugin-security') as { rules: Record<string, unknown> }; // untyped CJS package
    for (const rule of Object.keys(security.rules)) expect(block, rule).toContain(`'security/${rule}'`);
  });
});
