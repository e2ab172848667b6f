import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/json-deep-clone.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { testFixer } from '../../helpers/fixer-tester.js';
import { jsonDeepCloneCases } from './cases/json-deep-clone.js';

testFixer('json-deep-clone', jsonDeepCloneCases);

describe('the json-deep-clone fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('json-deep-clone');
    expect(fixerFor('json-deep-clone')?.description).toBe(fixer.description);
  });
});
