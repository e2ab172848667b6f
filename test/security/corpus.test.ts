// Labelled security corpus: every file under fixtures/security/{vulnerable,safe} is scanned through
// the real engine with all security file rules (redos included) at their default options (the
// ReDoS budget aside), keeping the findings at or above the default minimum confidence, as `scan`
// does. Lines that must be reported carry a trailing `// expect: <rule-id>` comment (`{/* expect: <rule-id> */}` in JSX); safe files
// carry none.
//   recall              = expected (file, line, rule) triples found / all expected triples
//   false-positive rate = findings on lines/rules not annotated / all findings reported
// The test fails under 95% recall or over 5% false positives, and prints a table per rule.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config.js';
import { scanSource, type EnabledRule } from '../../src/scanner/engine.js';
import type { Rule } from '../../src/scanner/rule.js';
import { securityRules } from '../../src/scanner/rules/security/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/security');
const MIN_RECALL = 0.95;
const MAX_FP_RATE = 0.05;
// `// expect: rule-a, rule-b` at the end of a line; in JSX children `{/* expect: rule */}`.
const EXPECT = /(?:\/\/|\/\*)\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?:\*\/\}?)?\s*$/;

interface Triple {
  file: string;
  line: number;
  rule: string;
}

interface CorpusFile {
  kind: 'vulnerable' | 'safe';
  file: string;
  source: string;
}

function corpusFiles(): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const kind of ['vulnerable', 'safe'] as const) {
    const dir = path.join(ROOT, kind);
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/\.(?:js|ts)$/.test(name)) continue;
      out.push({ kind, file: `${kind}/${name}`, source: fs.readFileSync(path.join(dir, name), 'utf8') });
    }
  }
  return out;
}

function expectedTriples(file: string, source: string): Triple[] {
  const out: Triple[] = [];
  source.split('\n').forEach((text, i) => {
    const match = EXPECT.exec(text);
    if (match) for (const rule of match[1]!.split(',')) out.push({ file, line: i + 1, rule: rule.trim() });
  });
  return out;
}

const key = (t: Triple): string => `${t.file}:${t.line}:${t.rule}`;

interface RuleRow {
  expected: number;
  found: number;
  falsePositives: number;
}

function measureCorpus(rules: readonly EnabledRule[]): {
  recall: number;
  fpRate: number;
  rows: Map<string, RuleRow>;
  missed: Triple[];
  falsePositives: Triple[];
  findings: number;
  belowMinConfidence: number;
  expectedCount: number;
} {
  const minConfidence = defaultConfig().scan.minConfidence;
  const rows = new Map<string, RuleRow>();
  const row = (rule: string): RuleRow => {
    let r = rows.get(rule);
    if (!r) rows.set(rule, (r = { expected: 0, found: 0, falsePositives: 0 }));
    return r;
  };
  const missed: Triple[] = [];
  const falsePositives: Triple[] = [];
  let findings = 0;
  let belowMinConfidence = 0;
  let expectedCount = 0;
  let foundCount = 0;
  for (const { file, source } of corpusFiles()) {
    const expected = expectedTriples(file, source);
    const result = scanSource(file, source, rules);
    const reported = new Set<string>();
    for (const f of result.findings) {
      if (f.rule_id === 'parse-error') throw new Error(`${file} does not parse: ${f.description}`);
      if (f.confidence < minConfidence) {
        belowMinConfidence++;
        continue;
      }
      const t = { file, line: f.line_number, rule: f.rule_id };
      if (reported.has(key(t))) continue; // two reports of one rule on one line count once
      reported.add(key(t));
      findings++;
    }
    const wanted = new Set(expected.map(key));
    for (const t of expected) {
      row(t.rule).expected++;
      expectedCount++;
      if (reported.has(key(t))) {
        row(t.rule).found++;
        foundCount++;
      } else {
        missed.push(t);
      }
    }
    for (const k of reported) {
      if (wanted.has(k)) continue;
      const [, line, rule] = /^(?:.*):(\d+):([a-z0-9-]+)$/.exec(k)!;
      row(rule!).falsePositives++;
      falsePositives.push({ file, line: Number(line), rule: rule! });
    }
  }
  return {
    recall: expectedCount === 0 ? 0 : foundCount / expectedCount,
    fpRate: findings === 0 ? 0 : falsePositives.length / findings,
    rows,
    missed,
    falsePositives,
    findings,
    belowMinConfidence,
    expectedCount,
  };
}

// The ReDoS check gets a budget a loaded test machine cannot run out of (a timed-out check
// reports nothing), so the corpus measures the rules, not the machine.
const allRules: EnabledRule[] = securityRules.map((rule) => ({ rule, options: { ...rule.meta.defaultOptions, ...(rule.meta.id === 'redos' ? { timeoutMs: 5000 } : {}) } }));

describe('security corpus', () => {
  it('has vulnerable and safe files for every security rule', () => {
    const files = corpusFiles();
    const annotated = new Set(files.flatMap((f) => expectedTriples(f.file, f.source).map((t) => t.rule)));
    for (const rule of securityRules) expect(annotated.has(rule.meta.id), rule.meta.id).toBe(true);
    expect(files.filter((f) => f.kind === 'safe').every((f) => expectedTriples(f.file, f.source).length === 0)).toBe(true);
    expect(files.filter((f) => f.kind === 'safe').length).toBeGreaterThanOrEqual(securityRules.length * 3);
    expect(files.filter((f) => f.kind === 'vulnerable').length).toBeGreaterThanOrEqual(securityRules.length * 3);
  });

  it('reaches 95% recall with at most 5% false positives', () => {
    const m = measureCorpus(allRules);
    const table = [...m.rows.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([rule, r]) => `${rule.padEnd(26)} ${String(r.expected).padStart(8)} ${String(r.found).padStart(6)} ${String(r.falsePositives).padStart(4)}`);
    console.log(
      [
        `${'rule'.padEnd(26)} ${'expected'.padStart(8)} ${'found'.padStart(6)} ${'FP'.padStart(4)}`,
        ...table,
        `recall ${(m.recall * 100).toFixed(1)}% (${m.expectedCount - m.missed.length}/${m.expectedCount}), ` +
          `false positives ${(m.fpRate * 100).toFixed(1)}% (${m.falsePositives.length}/${m.findings}); ` +
          `${m.belowMinConfidence} findings under the minimum confidence not counted`,
        ...m.missed.map((t) => `missed ${t.rule} at ${t.file}:${t.line}`),
        ...m.falsePositives.map((t) => `false positive ${t.rule} at ${t.file}:${t.line}`),
      ].join('\n'),
    );
    expect(m.expectedCount).toBeGreaterThan(0);
    expect(m.recall).toBeGreaterThanOrEqual(MIN_RECALL);
    expect(m.fpRate).toBeLessThanOrEqual(MAX_FP_RATE);
  });

  it('loses recall when a rule is left out and flags a noisy rule (the measure can fail)', () => {
    const full = measureCorpus(allRules);
    const without = measureCorpus(allRules.filter(({ rule }) => rule.meta.id !== 'sql-injection'));
    const sqlExpected = full.rows.get('sql-injection')!.expected;
    expect(sqlExpected).toBeGreaterThanOrEqual(3);
    expect(without.rows.get('sql-injection')!.found).toBe(0);
    expect(without.missed.length).toBe(full.missed.length + sqlExpected);
    expect(without.recall).toBeLessThan(full.recall);
    // A rule reporting every call is mostly false positives.
    const noisy: Rule = {
      meta: { id: 'noisy-calls', category: 'security', severity: 'low', description: 'every call', messages: { call: 'call' }, recommendation: 'none' },
      create: (context) => ({ CallExpression: (node) => context.report({ node, messageId: 'call' }) }),
    };
    const noisyRun = measureCorpus([...allRules, { rule: noisy, options: {} }]);
    expect(noisyRun.rows.get('noisy-calls')!.falsePositives).toBeGreaterThan(100);
    expect(noisyRun.fpRate).toBeGreaterThan(MAX_FP_RATE);
  });
});
