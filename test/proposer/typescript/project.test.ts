import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutonomousError } from '../../../src/core/errors.js';
import { createProjectService, type ProjectService } from '../../../src/proposer/typescript/project.js';
import { copyFixture, writeFile } from '../../helpers/cli.js';

function errorsOf(service: ProjectService, relative: string): string[] {
  const file = service.absolute(relative);
  return [...service.languageService.getSyntacticDiagnostics(file), ...service.languageService.getSemanticDiagnostics(file)].map(
    (d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
  );
}

function tempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-project-'));
  for (const [name, text] of Object.entries(files)) writeFile(dir, name, text);
  return dir;
}

describe('the project service of the fixture', () => {
  let root: string;
  let service: ProjectService;
  beforeAll(() => {
    root = copyFixture('add-types');
    service = createProjectService(root);
  });
  afterAll(() => service.dispose());

  it('reads the tsconfig.json of the project and its strict options', () => {
    expect(service.configFile).toBe('tsconfig.json');
    expect(service.options.strict).toBe(true);
    expect(service.hasFile('src/math.ts')).toBe(true);
    expect(errorsOf(service, 'src/math.ts')).toEqual([]);
  });

  it('type-checks replaced text in memory and goes back to the disk text on reset', () => {
    const original = service.getFileText('src/math.ts')!;
    service.setFileText('src/math.ts', `${original}\nexport const broken: number = 'text';\n`);
    expect(errorsOf(service, 'src/math.ts').join('\n')).toMatch(/TS2322/);
    expect(fs.readFileSync(path.join(root, 'src/math.ts'), 'utf8')).toBe(original);
    service.resetFileText('src/math.ts');
    expect(service.getFileText('src/math.ts')).toBe(original);
    expect(errorsOf(service, 'src/math.ts')).toEqual([]);
  });

  it('sees a change of one file from the files that import it', () => {
    const shapes = service.getFileText('src/shapes.ts')!;
    service.setFileText('src/shapes.ts', shapes.replace('size: number;', 'size: string;'));
    try {
      expect(errorsOf(service, 'src/unused.ts').join('\n')).toMatch(/TS2322|not assignable/);
    } finally {
      service.resetFileText('src/shapes.ts');
    }
    expect(errorsOf(service, 'src/unused.ts')).toEqual([]);
  });

  it('lays option overrides over the project config', () => {
    const strictUnused = createProjectService(root, { overrides: { noUnusedLocals: true } });
    try {
      expect(strictUnused.options.strict).toBe(true);
      expect(errorsOf(strictUnused, 'src/unused.ts').join('\n')).toMatch(/TS6133/);
    } finally {
      strictUnused.dispose();
    }
  });
});

describe('projects without a usable tsconfig', () => {
  it('uses ES2022 and NodeNext without allowJs when there is no config', () => {
    const root = tempProject({ 'src/a.ts': 'export const a = 1;\n', 'src/b.js': 'export const b = 1;\n' });
    const service = createProjectService(root);
    try {
      expect(service.configFile).toBeNull();
      expect(service.options.target).toBe(ts.ScriptTarget.ES2022);
      expect(service.options.module).toBe(ts.ModuleKind.NodeNext);
      expect(service.options.allowJs).toBe(false);
      expect(service.hasFile('src/a.ts')).toBe(true);
      expect(service.hasFile('src/b.js')).toBe(false);
    } finally {
      service.dispose();
    }
  });

  it('reads jsconfig.json as a JavaScript project', () => {
    const root = tempProject({ 'jsconfig.json': '{ "compilerOptions": { "checkJs": true }, "include": ["src"] }', 'src/b.js': 'export const b = 1;\n' });
    const service = createProjectService(root);
    try {
      expect(service.configFile).toBe('jsconfig.json');
      expect(service.options.allowJs).toBe(true);
      expect(service.options.checkJs).toBe(true);
      expect(service.hasFile('src/b.js')).toBe(true);
    } finally {
      service.dispose();
    }
  });

  it('reports a tsconfig.json that is not valid JSON as a usage error naming the file', () => {
    const root = tempProject({ 'tsconfig.json': '{ "compilerOptions": { "strict": true, ', 'src/a.ts': 'export const a = 1;\n' });
    let error: unknown;
    try {
      createProjectService(root);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AutonomousError);
    expect((error as AutonomousError).code).toBe('E_USAGE');
    expect((error as AutonomousError).message).toMatch(/^tsconfig\.json: /);
  });
});
