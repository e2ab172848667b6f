import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestFailure } from '../../src/models/test-result.js';
import { addSuspects, jsImportSpecifiers, pythonImportModules, resolveJsImport, resolvePythonImport, suspectsOf } from '../../src/test-runner/suspects.js';

const existing = (files: string[]) => (relative: string) => files.includes(relative);

describe('suspectsOf', () => {
  const failure: TestFailure = { test_id: 'adds', file: 'test/math.test.ts', message: 'TypeError: x is not a function\n    at add (src/math.ts:3:10)', stack_frame: 'test/math.test.ts:5:3' };

  it('names the changed files that the message or stack mentions, the test file, and its imports', () => {
    expect(suspectsOf(failure, ['src/math.ts', 'README.md'], [])).toEqual(['src/math.ts']);
    expect(suspectsOf(failure, ['test/math.test.ts'], [])).toEqual(['test/math.test.ts']);
    expect(suspectsOf(failure, ['src/util.ts'], ['src/util.ts'])).toEqual(['src/util.ts']);
  });

  it('does not take a path for another that merely ends with it', () => {
    const message = { ...failure, message: 'failed in lib/src/math.tsx:3', stack_frame: 'mysrc/math.ts:1:1' };
    expect(suspectsOf(message, ['src/math.ts'], [])).toEqual([]);
  });
});

describe('imports', () => {
  it('reads static, dynamic and require imports and re-exports', () => {
    const source = `import a from './a.js';\nimport './side';\nexport { b } from "../lib/b";\nconst c = require('./c');\nconst d = await import('./d.mjs');\nimport fs from 'node:fs';`;
    expect(jsImportSpecifiers(source).sort()).toEqual(['../lib/b', './a.js', './c', './d.mjs', './side', 'node:fs']);
  });

  it('resolves relative specifiers with extensions, index files and the .js-for-.ts convention', () => {
    const files = existing(['src/a.ts', 'src/side/index.js', 'lib/b.tsx']);
    expect(resolveJsImport('src/x.test.ts', './a.js', files)).toBe('src/a.ts');
    expect(resolveJsImport('src/x.test.ts', './side', files)).toBe('src/side/index.js');
    expect(resolveJsImport('src/x.test.ts', '../lib/b', files)).toBe('lib/b.tsx');
    expect(resolveJsImport('src/x.test.ts', 'node:fs', files)).toBeUndefined();
    expect(resolveJsImport('src/x.test.ts', '../../outside', existing(['../outside.ts']))).toBeUndefined();
  });

  it('reads and resolves Python imports, absolute and relative', () => {
    const source = 'import os\nfrom calc.ops import add, div\nfrom . import helpers\n';
    expect(pythonImportModules(source)).toEqual(expect.arrayContaining(['os', 'calc.ops', 'calc.ops.add', '.helpers']));
    const files = existing(['calc/ops.py', 'tests/helpers.py', 'src/pkg/__init__.py']);
    expect(resolvePythonImport('tests/test_ops.py', 'calc.ops', files)).toBe('calc/ops.py');
    expect(resolvePythonImport('tests/test_ops.py', '.helpers', files)).toBe('tests/helpers.py');
    expect(resolvePythonImport('tests/test_ops.py', 'pkg', files)).toBe('src/pkg/__init__.py');
    expect(resolvePythonImport('tests/test_ops.py', 'os', files)).toBeUndefined();
  });
});

describe('addSuspects', () => {
  it('reads the failing test file for its imports and only analyses the failures asked for', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-suspects-'));
    try {
      fs.mkdirSync(path.join(root, 'src'));
      fs.mkdirSync(path.join(root, 'test'));
      fs.writeFileSync(path.join(root, 'src/math.ts'), 'export const add = (a: number, b: number) => a - b;\n');
      fs.writeFileSync(path.join(root, 'src/other.ts'), 'export {};\n');
      fs.writeFileSync(path.join(root, 'test/math.test.ts'), "import { add } from '../src/math.js';\n");
      const failures: TestFailure[] = [
        { test_id: 'adds', file: 'test/math.test.ts', message: 'expected 3, got -1' },
        { test_id: 'old', file: 'test/math.test.ts', message: 'broken before' },
      ];
      const analysed = addSuspects(root, failures, new Set(['adds']), ['src/other.ts', 'src/math.ts']);
      expect(analysed[0]?.suspects).toEqual(['src/math.ts']);
      expect(analysed[1]?.suspects).toBeUndefined();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
