import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTextEdits } from '../../../src/proposer/edits.js';
import { parseProblem } from '../../../src/proposer/build.js';
import { createTypeFixService, newTypeError, typeCandidates, type FileTypeResult } from '../../../src/proposer/typescript/candidates.js';
import { importersOf, PARAM_TYPE_OPTIONS } from '../../../src/proposer/typescript/param-types.js';
import { createProjectService, type ProjectService } from '../../../src/proposer/typescript/project.js';
import { copyFixture, writeFile } from '../../helpers/cli.js';

/** Errors of a file under the project's own options (noImplicitAny off in this fixture). */
function errorsOf(service: ProjectService, relative: string): string[] {
  const file = service.absolute(relative);
  return [...service.languageService.getSyntacticDiagnostics(file), ...service.languageService.getSemanticDiagnostics(file)].map(
    (d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
  );
}

const FILES = ['src/params.ts', 'src/legacy.js', 'src/caller.ts', 'src/geometry.ts'];

describe('parameter types inferred from usage', () => {
  let root: string;
  let service: ProjectService;
  let results: Map<string, FileTypeResult>;
  beforeAll(() => {
    root = copyFixture('add-types-params');
    service = createTypeFixService(root, { params: true });
    results = new Map(typeCandidates(root, FILES, { service, params: true }).map((r) => [r.file, r]));
  }, 120_000);
  afterAll(() => service.dispose());

  it("writes TypeScript's inferred types for numbers, strings, objects with properties and values passed to typed functions", () => {
    const params = results.get('src/params.ts')!;
    expect(params.paramAnnotations!.map((a) => [a.name, a.params.map((p) => `${p.name}: ${p.type}`)])).toEqual([
      ['area', ['width: number', 'height: number']],
      ['shout', ['text: string']],
      ['distance', ['p: { x: number; y: number; }']],
      ['norm', ['point: Point']],
      ['twice', ['n: number']],
      ['note', ['message: string']],
    ]);
  });

  it('produces a file that parses and type-checks under the project options, parentheses added where needed', () => {
    const plain = createProjectService(root);
    try {
      const before = plain.getFileText('src/params.ts')!;
      const after = applyTextEdits(before, results.get('src/params.ts')!.paramsCandidate!.edits);
      expect(parseProblem('src/params.ts', after)).toBeNull();
      expect(after).toContain('export function area(width: number, height: number): number {');
      expect(after).toContain('export const twice = (n: number) => n * 2;');
      expect(after).toContain('export function distance(p: { x: number; y: number; }) {');
      expect(after).toContain('export function norm(point: Point) {');
      expect(after).toContain('export function note(message: string, extra) {');
      plain.setFileText('src/params.ts', after);
      expect(errorsOf(plain, 'src/params.ts')).toEqual([]);
      expect(errorsOf(plain, 'src/caller.ts')).toEqual([]);
    } finally {
      plain.dispose();
    }
  });

  it('skips any, names that are not imported, names the module does not export and destructuring, with reasons', () => {
    const reasons = Object.fromEntries(
      results
        .get('src/params.ts')!
        .skipped.filter((s) => s.name.includes('(') || ['boot', 'sum'].includes(s.name))
        .filter((s) => !/^the inferred type/.test(s.reason))
        .map((s) => [s.name, s.reason]),
    );
    expect(Object.keys(reasons).sort()).toEqual(['boot', 'note(extra)', 'peek(secret)', 'sum']);
    expect(reasons['note(extra)']).toMatch(/^the type inferred from usage `any` contains `any`/);
    expect(reasons['boot']).toMatch(/name `Config`, which is not imported in this file/);
    expect(reasons['peek(secret)']).toBe('the parameter type names `Secret`, which the module does not export; callers could not name it');
    expect(reasons['sum']).toBe('TypeScript infers no types for destructured parameters');
  });

  it('is one unsafe candidate of category types per file, separate from the safe return types', () => {
    const params = results.get('src/params.ts')!;
    const candidate = params.paramsCandidate!;
    expect(candidate.safety).toBe('unsafe');
    expect(candidate.category).toBe('types');
    expect(candidate.edits).toHaveLength(6);
    expect(candidate.title).toBe('Add parameter types inferred from usage to 6 exported functions in src/params.ts');
    expect(candidate.risks.join(' ')).toMatch(/callers elsewhere .* may stop compiling/);
    expect(candidate.description).toContain('src/caller.ts');
    expect(params.candidate!.safety).toBe('safe');
    expect(params.candidate!.title).toMatch(/^Add return types/);
    expect(results.get('src/geometry.ts')!.paramsCandidate).toBeUndefined();
    expect(results.get('src/caller.ts')!.paramsCandidate).toBeUndefined();
  });

  it('writes JSDoc @param types into type-checked JavaScript, merging into an existing comment', () => {
    const legacy = results.get('src/legacy.js')!;
    expect(legacy.paramsCandidate!.title).toBe('Add JSDoc @param types inferred from usage to 2 exported functions in src/legacy.js');
    const after = applyTextEdits(fs.readFileSync(path.join(root, 'src/legacy.js'), 'utf8'), legacy.paramsCandidate!.edits);
    expect(after).toContain('/**\n * Scales a value.\n * @param {number} value\n * @param {number} factor\n */\nexport function scale(value, factor) {');
    expect(after).toContain('/**\n * @param {string} name\n */\nexport function initials(name) {');
    const plain = createProjectService(root);
    try {
      plain.setFileText('src/legacy.js', after);
      expect(errorsOf(plain, 'src/legacy.js')).toEqual([]);
    } finally {
      plain.dispose();
    }
  });

  it('proposes no parameter types unless asked', () => {
    const [result] = typeCandidates(root, ['src/params.ts'], { service });
    expect(result!.paramsCandidate).toBeUndefined();
    expect(result!.candidate).toBeDefined();
  });

  it('counts the files importing the module as checked, and reports an error a change causes there', () => {
    expect(importersOf(service, 'src/params.ts')).toEqual(['src/caller.ts']);
    const text = service.getFileText('src/params.ts')!;
    const at = text.indexOf('(text)') + '(text'.length;
    // Fine inside the file, but caller.ts passes 'total'.
    const edit = { file_path: 'src/params.ts', start: at, end: at, new_code: ": 'loud'" };
    expect(newTypeError(service, 'src/params.ts', [edit])).toBeNull();
    expect(newTypeError(service, 'src/params.ts', [edit], ['src/caller.ts'])).toMatch(/^src\/caller\.ts: TS2345: Argument of type '"total"'/);
  });
});

describe('parameter types where a caller passes something wider', () => {
  it('skips a function whose inferred type would not type-check, with the error', () => {
    const root = copyFixture('add-types-params');
    writeFile(root, 'src/relay.ts', "import { distance } from './params.js';\n\nexport const far = (v: unknown) => distance(v);\n");
    const [result] = typeCandidates(root, ['src/params.ts'], { params: true });
    const skipped = result!.skipped.find((s) => s.name === 'distance');
    expect(skipped?.reason).toMatch(/^the parameter types `p: unknown` would not type-check: TS18046/);
    expect(result!.paramAnnotations!.map((a) => a.name)).not.toContain('distance');
  }, 60_000);

  it('turns on noImplicitAny only in the service asked for parameter types', () => {
    const root = copyFixture('add-types-params');
    const plain = createTypeFixService(root);
    const params = createTypeFixService(root, { params: true });
    try {
      expect(plain.options.noImplicitAny).toBe(false);
      expect(params.options.noImplicitAny).toBe(PARAM_TYPE_OPTIONS.noImplicitAny);
    } finally {
      plain.dispose();
      params.dispose();
    }
  });
});
