import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/core/config.js';
import { applyTextEdits } from '../../../src/proposer/edits.js';
import { parseProblem } from '../../../src/proposer/build.js';
import {
  createTypeFixService,
  fixMissingReturnType,
  typeCandidates,
  unusedImportsCandidate,
  type FileTypeResult,
} from '../../../src/proposer/typescript/candidates.js';
import { createProjectService, type ProjectService } from '../../../src/proposer/typescript/project.js';
import { unsafeTypeReason } from '../../../src/proposer/typescript/return-types.js';
import { parseSource, scanSource } from '../../../src/scanner/engine.js';
import missingReturnType from '../../../src/scanner/rules/quality/missing-return-type.js';
import { copyFixture, writeFile } from '../../helpers/cli.js';
import type { Finding } from '../../../src/models/finding.js';
import type { FixContext } from '../../../src/proposer/fixers/types.js';

/** Errors of a file under the project's own options (not the fix service's extra ones). */
function errorsOf(service: ProjectService, relative: string): string[] {
  const file = service.absolute(relative);
  return [...service.languageService.getSyntacticDiagnostics(file), ...service.languageService.getSemanticDiagnostics(file)].map(
    (d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
  );
}

// A package whose function returns a type only reachable through an internal file of the package.
const FAKE_LIB: Record<string, string> = {
  'node_modules/fake-lib/package.json': JSON.stringify({ name: 'fake-lib', version: '1.0.0', types: './index.d.ts', exports: { '.': { types: './index.d.ts' } } }),
  'node_modules/fake-lib/index.d.ts': "import type { Internal } from './lib/internal.js';\nexport declare function make(): Internal;\n",
  'node_modules/fake-lib/lib/internal.d.ts': 'export interface Internal {\n  id: number;\n}\n',
  'src/wrap.ts': "import { make } from 'fake-lib';\n\nexport function wrap() {\n  return make();\n}\n\nexport const neg = (x: number) => -x;\n",
  'src/view.tsx': 'export function Button(label: string) {\n  return label;\n}\n\nexport function label(text: string) {\n  return text.trim();\n}\n',
};

/** The fix context of a finding in `src/math.ts` of `root`, with the file's text given. */
function mathContext(root: string, source: string, finding: Finding, readFile: FixContext['readFile'] = () => undefined): FixContext {
  return { root, finding, filePath: 'src/math.ts', source, program: parseSource('src/math.ts', source), config: defaultConfig(), readFile };
}

describe('type candidates of the fixture project', () => {
  let root: string;
  let fixService: ProjectService;
  let results: Map<string, FileTypeResult>;
  beforeAll(() => {
    root = copyFixture('add-types');
    for (const [name, text] of Object.entries(FAKE_LIB)) writeFile(root, name, text);
    fixService = createTypeFixService(root);
    const files = ['src/math.ts', 'src/legacy.js', 'src/plain.js', 'src/unused.ts', 'src/wrap.ts', 'src/view.tsx'];
    results = new Map(typeCandidates(root, files, { service: fixService, unusedImports: true }).map((r) => [r.file, r]));
  }, 120_000);
  afterAll(() => fixService.dispose());

  it("writes down TypeScript's inferred return types, async ones as Promise<T>", () => {
    const math = results.get('src/math.ts')!;
    expect(math.annotations.map((a) => [a.name, a.type])).toEqual([
      ['add', 'number'],
      ['fetchTotal', 'Promise<number>'],
      ['double', 'number'],
      ['describe', 'string'],
      ['point', '{ x: number; y: number }'],
      ['Counter.increment', 'number'],
    ]);
    // The annotations come from TypeScript's own isolatedDeclarations code fix where it offers one.
    expect(math.annotations.find((a) => a.name === 'add')!.viaCodeFix).toBe(true);
  });

  it('puts every annotation of a file in one safe candidate of category types', () => {
    const candidate = results.get('src/math.ts')!.candidate!;
    expect(candidate.safety).toBe('safe');
    expect(candidate.category).toBe('types');
    expect(candidate.edits).toHaveLength(6);
    expect(candidate.title).toBe('Add return types to 6 exported functions in src/math.ts');
    expect(candidate.risks.join(' ')).toMatch(/pins the current inferred type/);
  });

  it('produces text that parses and type-checks with no new errors under the project options', () => {
    const plain = createProjectService(root);
    try {
      for (const file of ['src/math.ts', 'src/legacy.js', 'src/wrap.ts']) {
        const candidate = results.get(file)!.candidate!;
        const before = plain.getFileText(file)!;
        const after = applyTextEdits(before, candidate.edits);
        expect(parseProblem(file, after)).toBeNull();
        const errorsBefore = errorsOf(plain, file);
        plain.setFileText(file, after);
        expect(errorsOf(plain, file)).toEqual(errorsBefore);
        plain.resetFileText(file);
      }
      const math = applyTextEdits(plain.getFileText('src/math.ts')!, results.get('src/math.ts')!.candidate!.edits);
      expect(math).toContain('export async function fetchTotal(values: number[]): Promise<number> {');
      expect(math).toContain('export const double = (n: number): number => n * 2;');
      expect(math).toContain('  increment(by: number): number {');
      expect(math).toContain('  private reset() {');
    } finally {
      plain.dispose();
    }
  });

  it('skips overlong object types and types the module does not export, with reasons', () => {
    const skipped = results.get('src/math.ts')!.skipped;
    expect(skipped.map((s) => s.name)).toEqual(['huge', 'leaksHidden']);
    expect(skipped[0]!.reason).toMatch(/characters long \(more than 120\)/);
    expect(skipped[1]!.reason).toMatch(/`Hidden`, which the module does not export/);
    expect(skipped[0]!.line).toBe(23);
  });

  it('skips a type that can only be written as an import() of a package file, and annotates the rest', () => {
    const wrap = results.get('src/wrap.ts')!;
    expect(wrap.skipped.map((s) => s.name)).toEqual(['wrap']);
    expect(wrap.skipped[0]!.reason).toMatch(/import\(/);
    expect(wrap.annotations.map((a) => [a.name, a.type])).toEqual([['neg', 'number']]);
  });

  it('adds JSDoc @returns to type-checked JavaScript, merging into existing comments', () => {
    const legacy = results.get('src/legacy.js')!;
    const after = applyTextEdits(fs.readFileSync(path.join(root, 'src/legacy.js'), 'utf8'), legacy.candidate!.edits);
    expect(after).toContain(' * @param {string} name\n * @returns {string}\n */\nexport function greet(name) {');
    expect(after).toContain('/**\n * @param {number} n\n * @returns {number}\n */\nexport function half(n) {');
    expect(legacy.candidate!.title).toBe('Add JSDoc @returns types to 2 exported functions in src/legacy.js');
  });

  it('leaves JavaScript that is not type-checked and PascalCase .tsx components alone', () => {
    expect(results.get('src/plain.js')!.candidate).toBeUndefined();
    expect(results.get('src/view.tsx')!.annotations.map((a) => a.name)).toEqual(['label']);
  });

  it('removes unused imports but keeps the side-effect import, as a safe change', () => {
    const imports = results.get('src/unused.ts')!.importsCandidate!;
    expect(imports.safety).toBe('safe');
    const after = applyTextEdits(fs.readFileSync(path.join(root, 'src/unused.ts'), 'utf8'), imports.edits);
    expect(after).toBe("import { square } from './shapes.js';\nimport './side-effect.js';\n\nexport function one(): number {\n  return square(1).size;\n}\n");
  });

  it('marks removing a whole value import unsafe: the module would no longer be loaded', () => {
    fixService.setFileText('src/unused.ts', "import { square } from './shapes.js';\n\nexport const n = 1;\n");
    try {
      const outcome = unusedImportsCandidate(fixService, 'src/unused.ts');
      expect(outcome && 'candidate' in outcome ? outcome.candidate.safety : outcome).toBe('unsafe');
      expect(outcome && 'candidate' in outcome ? outcome.candidate.risks.join(' ') : '').toMatch(/'\.\/shapes\.js' is no longer loaded/);
    } finally {
      fixService.resetFileText('src/unused.ts');
    }
  });

  it('fixes the function a missing-return-type finding points at, and only that one', () => {
    const source = fs.readFileSync(path.join(root, 'src/math.ts'), 'utf8');
    const findings = scanSource('src/math.ts', source, [{ rule: missingReturnType, options: {} }]).findings;
    const finding = findings.find((f) => f.code_snippet.includes('fetchTotal')) ?? findings[1]!;
    const outcome = fixMissingReturnType(fixService, mathContext(root, source, finding, (relative) => fs.readFileSync(path.join(root, relative), 'utf8')));
    expect('candidates' in outcome).toBe(true);
    if (!('candidates' in outcome)) return;
    expect(outcome.candidates).toHaveLength(1);
    expect(outcome.candidates[0]!.title).toBe('Add return type to exported function `fetchTotal`');
    expect(outcome.candidates[0]!.edits.map((e) => e.new_code)).toEqual([': Promise<number>']);
  });

  it('fixes a finding made against text that is not on disk yet, and leaves the service on the disk text', () => {
    const disk = fs.readFileSync(path.join(root, 'src/math.ts'), 'utf8');
    const source = `${disk}\nexport function isShort(text: string) {\n  return text.length < 3;\n}\n\nexport function isText(value: unknown) {\n  return typeof value === 'string';\n}\n`;
    const findings = scanSource('src/math.ts', source, [{ rule: missingReturnType, options: {} }]).findings;
    const fix = (line: number) => fixMissingReturnType(fixService, mathContext(root, source, findings.find((f) => f.line_number === line)!));
    const lines = source.split('\n');
    const short = fix(lines.indexOf('export function isShort(text: string) {') + 1);
    expect('candidates' in short && short.candidates[0]!.edits.map((e) => e.new_code)).toEqual([': boolean']);
    // TypeScript infers `value is string` here: the predicate is kept, not widened to boolean.
    const text = fix(lines.indexOf('export function isText(value: unknown) {') + 1);
    expect('candidates' in text && text.candidates[0]!.edits.map((e) => e.new_code)).toEqual([': value is string']);
    expect(fixService.getFileText('src/math.ts')).toBe(disk);
    expect(fixService.isFileTextReplaced('src/math.ts')).toBe(false);
  });

  it('declines a missing-return-type finding whose type is unsafe to write', () => {
    const source = fs.readFileSync(path.join(root, 'src/math.ts'), 'utf8');
    const finding = scanSource('src/math.ts', source, [{ rule: missingReturnType, options: {} }]).findings.find((f) => f.line_number === 23)!;
    const outcome = fixMissingReturnType(fixService, mathContext(root, source, finding));
    expect(outcome).toEqual({ declined: expect.stringMatching(/more than 120/) });
  });
});

describe('types unsafe to write down', () => {
  it.each([
    ['any', /contains `any`/],
    ['Promise<any[]>', /contains `any`/],
    ['import("/p/node_modules/x/lib/a").A', /package's internal file/],
    ['import("./other").B', /inline `import/],
    [`{ ${'a'.repeat(130)}: number }`, /characters long/],
  ])('declines %s', (type, reason) => {
    expect(unsafeTypeReason(type)).toMatch(reason);
  });

  it.each(['number', 'Promise<string[]>', 'Map<string, Company>', 'anyOf<T>'])('accepts %s', (type) => {
    expect(unsafeTypeReason(type)).toBeNull();
  });
});
