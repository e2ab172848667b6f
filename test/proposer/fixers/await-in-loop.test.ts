import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/await-in-loop.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { testFixer } from '../../helpers/fixer-tester.js';
import { awaitInLoopCases } from './cases/await-in-loop.js';

testFixer('await-in-loop', awaitInLoopCases);

describe('the await-in-loop fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('await-in-loop');
    expect(fixerFor('await-in-loop')?.description).toBe(fixer.description);
  });
});
