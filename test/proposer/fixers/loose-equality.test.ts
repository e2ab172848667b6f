import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/loose-equality.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { testFixer } from '../../helpers/fixer-tester.js';
import { looseEqualityCases } from './cases/loose-equality.js';

testFixer('loose-equality', looseEqualityCases);

describe('the loose-equality fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('loose-equality');
    expect(fixerFor('loose-equality')?.description).toBe(fixer.description);
  });
});
