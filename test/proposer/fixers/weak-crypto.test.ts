import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/weak-crypto.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { testFixer } from '../../helpers/fixer-tester.js';
import { weakCryptoCases } from './cases/weak-crypto.js';

testFixer('weak-crypto', weakCryptoCases);

describe('the weak-crypto fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('weak-crypto');
    expect(fixerFor('weak-crypto')?.description).toBe(fixer.description);
  });
});
