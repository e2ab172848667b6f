import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectService, type ProjectService } from '../../../src/proposer/typescript/project.js';
import { UNUSED_IMPORT_OPTIONS, findUnusedImports } from '../../../src/proposer/typescript/unused-imports.js';
import { writeFile } from '../../helpers/cli.js';

describe('unused imports found by TypeScript', () => {
  let service: ProjectService;
  beforeAll(() => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unused-imports-'));
    writeFile(root, 'tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true } }));
    writeFile(root, 'package.json', '{ "type": "module" }');
    writeFile(root, 'src/lib.ts', 'export interface Shape { size: number }\nexport const one = 1;\nexport const two = 2;\n');
    writeFile(root, 'src/polyfill.ts', 'export {};\n');
    writeFile(
      root,
      'src/use.ts',
      "import type { Shape } from './lib.js';\nimport { one, two } from './lib.js';\nimport './polyfill.js';\n\nexport const n = one;\n",
    );
    writeFile(root, 'src/whole.ts', "import { two } from './lib.js';\n\nexport const n = 3;\n");
    service = createProjectService(root, { overrides: UNUSED_IMPORT_OPTIONS });
  });
  afterAll(() => service.dispose());

  it('reports a type-only import and an unused name of a still-used import, never the side-effect import', () => {
    const removals = findUnusedImports(service, 'src/use.ts', service.program().getTypeChecker());
    expect(removals.map((r) => ({ module: r.module, names: r.names, whole: r.wholeDeclaration, typeOnly: r.typeOnly }))).toEqual([
      { module: './lib.js', names: ['Shape'], whole: true, typeOnly: true },
      { module: './lib.js', names: ['two'], whole: false, typeOnly: false },
    ]);
    expect(removals.some((r) => r.module === './polyfill.js')).toBe(false);
  });

  it('says when a whole value import would go, so the module would no longer be loaded', () => {
    const [removal] = findUnusedImports(service, 'src/whole.ts', service.program().getTypeChecker());
    expect(removal).toMatchObject({ module: './lib.js', names: ['two'], wholeDeclaration: true, typeOnly: false });
  });
});
