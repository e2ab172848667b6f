import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/sync-fs-in-async.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { runFixer, scanWith, testFixer } from '../../helpers/fixer-tester.js';
import { syncFsInAsyncCases } from './cases/sync-fs-in-async.js';

testFixer('sync-fs-in-async', syncFsInAsyncCases);

describe('the sync-fs-in-async fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('sync-fs-in-async');
    expect(fixerFor('sync-fs-in-async')?.description).toBe(fixer.description);
  });
});

describe('the sync-fs-in-async fixer in a loop', () => {
  // Deliberate: the loop was already sequential, and blocking the event loop on every iteration
  // is worse than awaiting on every iteration. await-in-loop then reports the loop, truthfully.
  it('awaits the call inside the loop, keeping the iterations in order', () => {
    const code = `import fs from 'node:fs';\nexport async function copyAll(names: string[]) {\n  for (const name of names) {\n    fs.copyFileSync(name, name + '.bak');\n  }\n}\n`;
    const run = runFixer('sync-fs-in-async', 'case.ts', code);
    expect(run.output).toContain(`    await fs.promises.copyFile(name, name + '.bak');\n  }`);
    expect(scanWith('sync-fs-in-async', 'case.ts', run.output)).toEqual([]);
    expect(scanWith('await-in-loop', 'case.ts', run.output)).toHaveLength(1);
  });
});
