import { describe, expect, it } from 'vitest';
import fixer from '../../../src/proposer/fixers/hardcoded-secret.js';
import { fixerFor } from '../../../src/proposer/fixers/index.js';
import { runFixer, testFixer } from '../../helpers/fixer-tester.js';
import { SECRET, hardcodedSecretCases } from './cases/hardcoded-secret.js';

testFixer('hardcoded-secret', hardcodedSecretCases);

describe('hardcoded-secret fixer output', () => {
  it('never copies the secret into an edit, title, description or any other text', () => {
    for (const c of hardcodedSecretCases.fixes) {
      const run = runFixer('hardcoded-secret', c.filename ?? 'case.ts', c.code, c.options);
      expect(run.candidates.length).toBeGreaterThan(0);
      expect(JSON.stringify(run.candidates)).not.toContain(SECRET);
      expect(JSON.stringify(run.otherFiles)).not.toContain(SECRET);
      expect(run.output).not.toContain(SECRET);
    }
  });
});

describe('the hardcoded-secret fixer module', () => {
  it('is registered under its rule id', () => {
    expect(fixer.ruleId).toBe('hardcoded-secret');
    expect(fixerFor('hardcoded-secret')?.description).toBe(fixer.description);
  });
});
