// The validator's TypeScript host: in-memory overlays that the language service sees, put back on reset.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProjectHost } from '../../src/validator/ts-host.js';
import { newTypeErrors } from '../../src/validator/layers/quality.js';
import { fixtureProject } from './helpers.js';

describe('createProjectHost', () => {
  const root = fixtureProject();
  const host = createProjectHost(root);

  it("reads the project's tsconfig and type-checks overlays without writing them", () => {
    expect(host.hasConfig).toBe(true);
    const calc = host.fileName('src/calc.ts');
    expect(host.languageService.getSemanticDiagnostics(calc)).toEqual([]);
    const before = host.getFileText('src/math.ts')!;
    host.setFileText('src/math.ts', before.replace('b: number): number', 'b: string): number'));
    expect(host.languageService.getSemanticDiagnostics(calc).map((d) => d.code)).toContain(2345);
    expect(fs.readFileSync(path.join(root, 'src/math.ts'), 'utf8')).toBe(before);
    host.resetFileText('src/math.ts');
    expect(host.getFileText('src/math.ts')).toBe(before);
    expect(host.languageService.getSemanticDiagnostics(calc)).toEqual([]);
  });

  it('compares errors before and after for a file outside the tsconfig include', () => {
    fs.mkdirSync(path.join(root, 'scripts'));
    const text = "// A script tsconfig does not include.\nexport const n: number = 'text';\n";
    fs.writeFileSync(path.join(root, 'scripts/tool.ts'), text);
    const unchanged = newTypeErrors(host, [{ file_path: 'scripts/tool.ts', before: text, after: text.replace('A script', 'The script') }]);
    expect(unchanged).toEqual([]);
    const worse = newTypeErrors(host, [{ file_path: 'scripts/tool.ts', before: text, after: `${text}export const m: string = 1;\n` }]);
    expect(worse.map((d) => d.message)).toEqual(["TS2322: Type 'number' is not assignable to type 'string'."]);
    host.dispose();
  });
});
