// Every rule has a docs page whose header agrees with its metadata, and README's rule table is
// the one generated from the metadata (scripts/update-rules-table.mjs rewrites it).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesMarkdownTable } from '../../src/cli/commands/rules.js';
import { allRuleMetas } from '../../src/scanner/rule-config.js';

const root = path.resolve(import.meta.dirname, '../..');
const metas = allRuleMetas();

describe('rule documentation', () => {
  it('has at least 25 rules across the design categories', () => {
    expect(metas.length).toBeGreaterThanOrEqual(25);
    expect(new Set(metas.map((m) => m.category))).toEqual(
      new Set(['security', 'error_handling', 'quality', 'performance', 'completeness', 'architecture']),
    );
  });

  it('keeps rule ids unique', () => {
    expect(new Set(metas.map((m) => m.id)).size).toBe(metas.length);
  });

  for (const meta of metas) {
    it(`documents ${meta.id} in docs/rules/${meta.id}.md, matching its metadata`, () => {
      const file = path.join(root, 'docs', 'rules', `${meta.id}.md`);
      expect(fs.existsSync(file), `${file} is missing`).toBe(true);
      const text = fs.readFileSync(file, 'utf8');
      expect(text.startsWith(`# ${meta.id}\n`)).toBe(true);
      expect(text).toContain(`| Category | ${meta.category} |`);
      expect(text).toContain(`| Default severity | ${meta.severity} |`);
      const cwe = (meta.cwe ?? []).join(', ') || 'none';
      expect(text).toContain(`| CWE | ${cwe} |`);
      expect(text).toContain(`| Fixer | ${meta.fixable ? 'yes' : 'no'} |`);
      for (const section of ['## What it finds', '## Why it matters', '## Example', '## How to fix']) expect(text).toContain(section);
    });
  }

  it('lists every rule in README.md exactly as generated', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf('<!-- rules:start -->') + '<!-- rules:start -->'.length, readme.indexOf('<!-- rules:end -->')).trim();
    expect(block, 'run `npm run build && node scripts/update-rules-table.mjs`').toBe(rulesMarkdownTable(metas));
  });
});
