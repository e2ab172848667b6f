import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAddTypes, resolveTarget, type AddTypesReport } from '../../../src/cli/commands/add-types-action.js';
import { AutonomousError } from '../../../src/core/errors.js';
import { writeFile } from '../../helpers/cli.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AutonomousError ? error.code : 'other';
  }
  return undefined;
}

describe('the add-types target', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'add-types-target-'));
  writeFile(root, 'src/a.ts', 'export const a = 1;\n');

  it('is made relative to the repository root, the root itself being "."', () => {
    expect(resolveTarget(root, 'src', root)).toBe('src');
    expect(resolveTarget(root, 'a.ts', path.join(root, 'src'))).toBe('src/a.ts');
    expect(resolveTarget(root, '.', root)).toBe('.');
  });

  it('is refused when missing (E_TARGET_NOT_FOUND) or outside the repository (E_USAGE)', () => {
    expect(codeOf(() => resolveTarget(root, 'nope', root))).toBe('E_TARGET_NOT_FOUND');
    expect(codeOf(() => resolveTarget(root, '..', root))).toBe('E_USAGE');
  });
});

describe('the add-types text report', () => {
  const report: AddTypesReport = {
    target: 'src',
    config_file: 'tsconfig.json',
    files_examined: 3,
    annotations: 2,
    proposals: [
      {
        proposal_id: 'prop_20260101_000000_abcd',
        file_path: 'src/a.ts',
        title: 'Add return types to 2 exported functions in src/a.ts',
        risk_level: 'low',
        safety: 'safe',
        diff: 'diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n-export function f() {\n+export function f(): number {\n',
        risks: ['pins the type'],
      },
    ],
    skipped: [{ file: 'src/b.ts', name: 'g', line: 4, reason: 'the inferred type contains `any`' }],
    service_build_ms: 10,
  };

  it('shows each proposal with its id, risk and diff, the skipped functions and a summary', () => {
    const text = renderAddTypes(report, { color: false, autoApproveSafe: false });
    expect(text).toContain('prop_20260101_000000_abcd  Add return types to 2 exported functions in src/a.ts\n  file: src/a.ts · risk: low · safe\n');
    expect(text).toContain('+export function f(): number {');
    expect(text).toContain('  src/b.ts:4 g: the inferred type contains `any`');
    expect(text).toContain('3 files examined (tsconfig.json), 1 proposal, 2 annotations, 1 skipped.');
    expect(text).toContain('Apply them with `autonomous implement prop_20260101_000000_abcd`, or run');
  });

  it('says there is nothing to do when there are no proposals', () => {
    const text = renderAddTypes({ ...report, proposals: [], skipped: [], annotations: 0 }, { color: false, autoApproveSafe: false });
    expect(text).toMatch(/0 proposals, 0 annotations, 0 skipped\.\nNothing to do/);
  });
});
