// `autonomous validate` through the built binary on saved proposals in a temp copy of the fixture.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProposalStore } from '../../src/proposer/store.js';
import { runCli } from '../helpers/cli.js';
import { fixtureProject, makeProposal } from '../validator/helpers.js';

describe('autonomous validate', () => {
  const root = fixtureProject({ git: true });
  let good: string;
  let bad: string;

  beforeAll(() => {
    const store = new ProposalStore(root);
    const ok = makeProposal(root, [{ file: 'src/math.ts', find: '// Small arithmetic', replace: '// Tiny arithmetic' }]);
    const broken = makeProposal(root, [{ file: 'src/math.ts', find: 'export function add(a: number, b: number): number {', replace: 'export function add(a: number, b: number, c: number): number {' }]);
    store.save(ok);
    store.save(broken);
    good = ok.proposal_id;
    bad = broken.proposal_id;
  });

  it('prints every layer, the scores and the decision, saves the result and exits 0 for a valid proposal', () => {
    const result = runCli(['validate', good], root);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const layer of ['syntax', 'security', 'quality', 'impact', 'tests']) expect(result.stdout).toMatch(new RegExp(`[✓–] ${layer}`));
    expect(result.stdout).toMatch(/decision: approve \(approve\.policy\)/);
    expect(new ProposalStore(root).load(good)).toMatchObject({ status: 'validated', validation: { is_valid: true } });
  });

  it('exits 1 when a proposal is not valid, naming the broken callers', () => {
    const result = runCli(['validate', good, bad, '--format', 'json'], root);
    expect(result.code).toBe(1);
    const results = JSON.parse(result.stdout) as Array<{ proposal_id: string; is_valid: boolean; decision: { rule: string }; issues: Array<{ file_path?: string }> }>;
    expect(results.map((r) => [r.proposal_id, r.is_valid])).toEqual([
      [good, true],
      [bad, false],
    ]);
    expect(results[1]!.decision.rule).toBe('reject.type_errors');
    expect(results[1]!.issues.map((i) => i.file_path)).toContain('src/calc.ts');
  });

  it('exits 2 with a one-line error for an unknown proposal id', () => {
    const result = runCli(['validate', 'prop_20260101_000000_dead'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/prop_20260101_000000_dead: no such proposal/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 naming the file when it changed since the proposal was made', () => {
    const store = new ProposalStore(root);
    const stale = makeProposal(root, [{ file: 'src/report.ts', find: '// Another caller', replace: '// One more caller' }]);
    store.save(stale);
    fs.writeFileSync(path.join(root, 'src/report.ts'), '// Rewritten by a person.\nexport const x = 1;\n');
    const result = runCli(['validate', stale.proposal_id], root);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/src\/report\.ts/);
    expect(store.load(stale.proposal_id).status).toBe('proposed');
  });
});
