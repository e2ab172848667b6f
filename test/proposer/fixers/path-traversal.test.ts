import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/path-traversal.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { testFixer } from '../../helpers/fixer-tester.js';
import { pathTraversalCases } from './cases/path-traversal.js';

testFixer('path-traversal', pathTraversalCases);

describe('the path-traversal fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('path-traversal');
    expect(fixerFor('path-traversal')?.description).toBe(fixer.description);
  });
});
