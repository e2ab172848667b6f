import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/missing-timeout.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { testFixer } from '../../helpers/fixer-tester.js';
import { missingTimeoutCases } from './cases/missing-timeout.js';

testFixer('missing-timeout', missingTimeoutCases);

describe('the missing-timeout fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('missing-timeout');
    expect(fixerFor('missing-timeout')?.description).toBe(fixer.description);
  });
});
