// End-to-end: `autonomous add-types` on the fixture project, run through the built binary in a
// fresh git repository; the saved proposals must apply, parse and type-check.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Proposal } from '../../src/models/proposal.js';
import { parseProblem, proposalFileTexts } from '../../src/proposer/build.js';
import { createProjectService } from '../../src/proposer/typescript/project.js';
import { copyFixture, runCli } from '../helpers/cli.js';

function savedProposals(dir: string): Proposal[] {
  const folder = path.join(dir, '.autonomous', 'proposals');
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => Proposal.parse(JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8'))));
}

describe('autonomous add-types', () => {
  it('saves one proposal per file whose new text parses and type-checks', () => {
    const dir = copyFixture('add-types', { git: true });
    const result = runCli(['add-types', 'src'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const proposals = savedProposals(dir);
    expect(proposals.map((p) => p.file_path).sort()).toEqual(['src/legacy.js', 'src/math.ts']);
    for (const proposal of proposals) {
      expect(proposal).toMatchObject({ source: 'typescript:add-types', finding_id: null, category: 'types', safety: 'safe', status: 'proposed' });
      expect(result.stdout).toContain(proposal.proposal_id);
    }
    // The ignored folder src/generated/ (.gitignore) is not touched.
    expect(result.stdout).not.toContain('generated');
    expect(result.stdout).toMatch(/5 files examined \(tsconfig\.json\), 2 proposals, 8 annotations, 2 skipped\./);
    expect(result.stdout).toContain('huge: the inferred type is');
    expect(result.stdout).toContain('+export async function fetchTotal(values: number[]): Promise<number> {');

    const service = createProjectService(dir);
    try {
      for (const proposal of proposals) {
        const texts = proposalFileTexts(dir, proposal);
        if ('error' in texts) throw new Error(texts.error);
        for (const [file, { after }] of texts) {
          expect(parseProblem(file, after)).toBeNull();
          service.setFileText(file, after);
        }
      }
      const errors = ts.getPreEmitDiagnostics(service.program()).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
      expect(errors).toEqual([]);
      expect(service.getFileText('src/math.ts')).toContain('export const double = (n: number): number => n * 2;');
    } finally {
      service.dispose();
    }
  });

  it('reports the same result as JSON, with the unused-import proposal when asked', () => {
    const dir = copyFixture('add-types', { git: true });
    const result = runCli(['add-types', 'src/unused.ts', '--unused-imports', '--format', 'json'], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { files_examined: number; proposals: Array<{ proposal_id: string; file_path: string; safety: string; diff: string }> };
    expect(report.files_examined).toBe(1);
    expect(report.proposals).toHaveLength(1);
    expect(report.proposals[0]).toMatchObject({ file_path: 'src/unused.ts', safety: 'safe' });
    expect(report.proposals[0]!.diff).toContain("-import type { Shape } from './shapes.js';");
    expect(report.proposals[0]!.diff).not.toContain("-import './side-effect.js';");
  });

  it('with --auto-approve-safe runs the workflow and commits the annotations on an auto branch', () => {
    const dir = copyFixture('add-types', { git: true });
    const identity = { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid' };
    const result = runCli(['add-types', 'src/math.ts', '--auto-approve-safe'], dir, identity);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\[ORCHESTRATOR\] Workflow complete! Summary:/);
    const branch = result.stdout.match(/Branch: (auto\/\S+)/)![1]!;
    const committed = execFileSync('git', ['show', `${branch}:src/math.ts`], { cwd: dir, encoding: 'utf8' });
    expect(committed).toContain('export const double = (n: number): number => n * 2;');
    expect(fs.readFileSync(path.join(dir, 'src/math.ts'), 'utf8')).not.toContain('(n: number): number');
  }, 120_000);

  it('refuses a target that does not exist, or lies outside the repository, with exit code 2', () => {
    const dir = copyFixture('add-types', { git: true });
    const missing = runCli(['add-types', 'nope'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('autonomous: nope: no such file or folder\n');
    const outside = runCli(['add-types', '..'], dir);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^autonomous: \.\.: outside the repository/);
    expect(fs.existsSync(path.join(dir, '.autonomous', 'proposals'))).toBe(false);
  });

  it('with --params saves separate unsafe proposals of parameter types that type-check, callers included', () => {
    const dir = copyFixture('add-types-params', { git: true });
    const result = runCli(['add-types', 'src', '--params', '--format', 'json'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { parameter_annotations: number; skipped: Array<{ file: string; name: string; reason: string }> };
    expect(report.parameter_annotations).toBe(10);
    expect(report.skipped.find((s) => s.name === 'peek(secret)')?.reason).toMatch(/`Secret`, which the module does not export/);
    const params = savedProposals(dir).filter((p) => p.title.includes('inferred from usage'));
    expect(params.map((p) => p.file_path).sort()).toEqual(['src/legacy.js', 'src/params.ts']);
    const service = createProjectService(dir);
    try {
      for (const proposal of params) {
        expect(proposal).toMatchObject({ source: 'typescript:add-types', category: 'types', safety: 'unsafe', status: 'proposed' });
        expect(proposal.risks.join(' ')).toMatch(/callers elsewhere .* may stop compiling/);
        const texts = proposalFileTexts(dir, proposal);
        if ('error' in texts) throw new Error(texts.error);
        for (const [file, { after }] of texts) service.setFileText(file, after);
      }
      const errors = ts.getPreEmitDiagnostics(service.program()).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
      expect(errors).toEqual([]);
      expect(service.getFileText('src/params.ts')).toContain('export function area(width: number, height: number): number {');
    } finally {
      service.dispose();
    }
    const both = runCli(['add-types', 'src', '--params', '--auto-approve-safe'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^autonomous: --params cannot be combined with --auto-approve-safe/);
  });

  it('finds nothing to do in a file whose functions are all annotated', () => {
    const dir = copyFixture('add-types', { git: true });
    const result = runCli(['add-types', 'src/shapes.ts'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1 file examined \(tsconfig\.json\), 0 proposals, 0 annotations, 0 skipped\.\nNothing to do/);
  });
});
