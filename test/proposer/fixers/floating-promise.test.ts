import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/core/config.js';
import { parseSource } from '../../../src/scanner/engine.js';
import fixer from '../../../src/proposer/fixers/floating-promise.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { runFixer, testFixer } from '../../helpers/fixer-tester.js';
import { floatingPromiseCases } from './cases/floating-promise.js';

testFixer('floating-promise', floatingPromiseCases);

describe('the floating-promise fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('floating-promise');
    expect(fixerFor('floating-promise')?.description).toBe(fixer.description);
  });

  it('says what the .catch() fix keeps and what it changes, and leaves the call to a person', () => {
    const run = runFixer('floating-promise', 'ping.js', `function ping(url) {\n  fetch(url);\n}\nmodule.exports = ping;\n`);
    const [candidate] = run.candidates;
    expect(candidate?.safety).toBe('unsafe');
    expect(candidate?.rationale).toContain('fulfilled promise behaves exactly as before');
    expect(candidate?.risks.join(' ')).toContain('now logged and the program continues');
  });
});

describe('the floating-promise fixer on promises that are already handled', () => {
  // The rule does not report these; the fixer is given a finding made for the unhandled version
  // of the same code, as a stale finding would be, and must not add a second handler.
  it('declines when the expression already ends in .catch()', () => {
    const before = `export async function run(f: () => Promise<void>) {\n  Promise.all([f()]);\n}\n`;
    const after = `export async function run(f: () => Promise<void>) {\n  Promise.all([f()]).catch(() => undefined);\n}\n`;
    const [finding] = runFixer('floating-promise', 'case.ts', before).findings;
    const finding2 = { ...finding!, end_column: finding!.end_column + '.catch(() => undefined)'.length };
    const outcome = fixer.fix({
      root: '/repo', finding: finding2, filePath: 'case.ts', source: after, program: parseSource('case.ts', after), config: defaultConfig(), readFile: () => undefined,
    });
    expect('declined' in outcome ? outcome.declined : 'not declined').toContain('already has a .catch()');
  });
});
