// Every fixer over every finding of its rule in the repository's fixture projects: it declines
// with a reason or gives candidates whose output parses and reports the rule less often. Real
// code the tables did not anticipate, so a fixer that throws or breaks code shows up here.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/core/config.js';
import { applyTextEdits } from '../../../src/proposer/edits.js';
import { parseProblem } from '../../../src/proposer/build.js';
import { allFixers } from '../../../src/proposer/fixers/index.js';
import { parseSource } from '../../../src/scanner/engine.js';
import { scanWith } from '../../helpers/fixer-tester.js';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.[cm]?[jt]sx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Per rule: findings seen, fixed, declined (filled as the tests run, checked by the last one). */
const tally = new Map<string, { findings: number; fixed: number; declined: number }>();

describe('fixers on the fixture projects', () => {
  const files = sourceFiles(fixtures);
  it('finds fixture files to run on', () => expect(files.length).toBeGreaterThan(10));
  for (const fixer of allFixers()) {
    it(`${fixer.ruleId}: declines with a reason or fixes without breaking the file`, () => {
      const counts = { findings: 0, fixed: 0, declined: 0 };
      tally.set(fixer.ruleId, counts);
      for (const file of files) {
        const relative = path.relative(fixtures, file).split(path.sep).join('/');
        const source = fs.readFileSync(file, 'utf8');
        let findings;
        try {
          findings = scanWith(fixer.ruleId, relative, source);
        } catch {
          continue; // a fixture that does not parse on purpose
        }
        for (const finding of findings) {
          counts.findings++;
          const outcome = fixer.fix({
            root: fixtures, finding, filePath: relative, source, program: parseSource(relative, source), config: defaultConfig(),
            readFile: () => undefined,
          });
          if ('declined' in outcome) {
            counts.declined++;
            expect(outcome.declined.length, `${relative}:${finding.line_number}`).toBeGreaterThan(0);
            continue;
          }
          counts.fixed++;
          for (const candidate of outcome.candidates) {
            const after = applyTextEdits(source, candidate.edits.filter((e) => e.file_path === relative));
            expect(parseProblem(relative, after), `${relative}:${finding.line_number} ${candidate.title}`).toBeNull();
            if (!candidate.rescanExempt) {
              expect(scanWith(fixer.ruleId, relative, after).length, `${relative}:${finding.line_number} ${candidate.title}`).toBeLessThan(findings.length);
            }
          }
        }
      }
      expect(counts.fixed + counts.declined).toBe(counts.findings);
    });
  }
  it('fixes findings of most fixable rules found in the fixtures', () => {
    const seen = [...tally.entries()].filter(([, c]) => c.findings > 0);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.filter(([, c]) => c.fixed > 0).length).toBeGreaterThanOrEqual(Math.ceil(seen.length / 2));
    if (process.env.FIXER_STATS) console.log(JSON.stringify(Object.fromEntries(tally)));
  });
});
