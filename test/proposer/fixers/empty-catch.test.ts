import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/empty-catch.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { testFixer } from '../../helpers/fixer-tester.js';
import { emptyCatchCases } from './cases/empty-catch.js';

testFixer('empty-catch', emptyCatchCases);

describe('the empty-catch fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('empty-catch');
    expect(fixerFor('empty-catch')?.description).toBe(fixer.description);
  });
});
