// The property every fixer must keep, over every case of every table and every candidate (not
// only the preferred one): the output parses, the rule no longer reports as often as before at
// the fixed file, and no default rule reports anything it did not report before.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/models/finding.js';
import { parseProblem } from '../../../src/proposer/build.js';
import { allFixers } from '../../../src/proposer/fixers/index.js';
import { scanSource } from '../../../src/scanner/engine.js';
import { defaultRules, runFixer, scanWith } from '../../helpers/fixer-tester.js';
import { allCases } from './cases/index.js';

/** Findings counted by rule and message, the parts that do not move when lines shift. */
function tally(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const key = `${f.rule_id}/${String(f.metadata.message_id ?? '')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('every fixer', () => {
  it('has a table of cases with both JavaScript and TypeScript, ESM and CommonJS inputs overall', () => {
    const ids = allFixers().map((f) => f.ruleId).sort();
    expect(Object.keys(allCases).sort()).toEqual(ids);
    const names = Object.values(allCases).flatMap((t) => t.fixes.map((c) => c.filename ?? 'case.ts'));
    expect(names.some((n) => /\.ts$/.test(n))).toBe(true);
    expect(names.some((n) => /\.(c?js)$/.test(n))).toBe(true);
    expect(names.some((n) => /\.mjs$/.test(n))).toBe(true);
    for (const [id, table] of Object.entries(allCases)) expect(table.fixes.length, id).toBeGreaterThan(0);
  });

  for (const [ruleId, table] of Object.entries(allCases)) {
    describe(ruleId, () => {
      for (const c of table.fixes) {
        const filename = c.filename ?? 'case.ts';
        it(`${c.name}: every candidate parses, fixes the finding and adds no other finding`, () => {
          const first = runFixer(ruleId, filename, c.code, { ...c.options, candidate: 0 });
          expect(first.candidates.length).toBeGreaterThan(0);
          const before = scanWith(ruleId, filename, c.code).length;
          const everyBefore = tally(scanSource(filename, c.code, defaultRules()).findings);
          first.candidates.forEach((candidate, index) => {
            const run = runFixer(ruleId, filename, c.code, { ...c.options, candidate: index });
            expect(parseProblem(filename, run.output), `candidate ${index}`).toBeNull();
            for (const [other, text] of Object.entries(run.otherFiles)) expect(parseProblem(other, text)).toBeNull();
            if (!candidate.rescanExempt) {
              expect(scanWith(ruleId, filename, run.output).length, `candidate ${index} still reported`).toBeLessThan(before);
            }
            const after = tally(scanSource(filename, run.output, defaultRules()).findings);
            for (const [key, count] of after) {
              expect(count, `candidate ${index} adds ${key}`).toBeLessThanOrEqual(everyBefore.get(key) ?? 0);
            }
          });
        });
      }
    });
  }
});
