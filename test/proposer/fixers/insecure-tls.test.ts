import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/insecure-tls.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { testFixer } from '../../helpers/fixer-tester.js';
import { insecureTlsCases } from './cases/insecure-tls.js';

testFixer('insecure-tls', insecureTlsCases);

describe('the insecure-tls fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('insecure-tls');
    expect(fixerFor('insecure-tls')?.description).toBe(fixer.description);
  });
});
