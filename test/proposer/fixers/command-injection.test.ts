import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/command-injection.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { testFixer } from '../../helpers/fixer-tester.js';
import { commandInjectionCases } from './cases/command-injection.js';

testFixer('command-injection', commandInjectionCases);

describe('the command-injection fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('command-injection');
    expect(fixerFor('command-injection')?.description).toBe(fixer.description);
  });
});
