import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/throw-literal.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { testFixer } from '../../helpers/fixer-tester.js';
import { throwLiteralCases } from './cases/throw-literal.js';

testFixer('throw-literal', throwLiteralCases);

describe('the throw-literal fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('throw-literal');
    expect(fixerFor('throw-literal')?.description).toBe(fixer.description);
  });
});
