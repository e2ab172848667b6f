import rule from '../../../src/scanner/rules/performance/sync-fs-in-async.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'module top level (start-up)', code: "import fs from 'node:fs';\nconst config = JSON.parse(fs.readFileSync('config.json', 'utf8'));" },
    { name: 'synchronous functions', code: "import { readFileSync } from 'fs';\nfunction load(p: string) { return readFileSync(p, 'utf8'); }" },
    { name: 'promise API', code: "import { readFile } from 'node:fs/promises';\nasync function load(p: string) { return readFile(p, 'utf8'); }" },
    {
      name: 'a local function named like the sink',
      code: 'function readFileSync(p) { return cache[p]; }\nasync function load(p) { return readFileSync(p); }',
      filename: 'case.js',
    },
    {
      name: 'sync callback inside an async function',
      code: "const fs = require('fs');\nasync function main(files) {\n  const all = files.map((f) => fs.readFileSync(f));\n  await send(all);\n}",
      filename: 'case.js',
    },
    { name: 'methods of other objects', code: 'async function f(db) { db.execSync("x"); store.readFileSync(); }' },
  ],
  invalid: [
    {
      code: "import fs from 'node:fs';\nasync function load(p: string) {\n  return fs.readFileSync(p, 'utf8');\n}",
      errors: [{ line: 3, column: 10, message: 'fs.readFileSync() blocks the event loop', minConfidence: 0.8 }],
    },
    {
      code: "import { writeFileSync as write } from 'fs';\nexport const save = async (p: string, d: string) => { write(p, d); };",
      errors: [{ line: 2, message: 'fs.promises.writeFile' }],
    },
    {
      code: "const { execSync } = require('child_process');\nasync function build() {\n  execSync('npm run build');\n}",
      filename: 'case.cjs',
      errors: [{ line: 3, message: 'util.promisify(child_process.exec)' }],
    },
    {
      code: "const cp = require('node:child_process');\nclass Runner {\n  async run() {\n    cp.spawnSync('ls');\n  }\n}",
      filename: 'case.js',
      errors: [{ line: 4, message: 'child_process.spawn' }],
    },
    {
      code: "import * as fse from 'fs-extra';\nasync function f() {\n  const data = fse.readJsonSync('a.json');\n}",
      errors: [{ line: 3, message: 'fs.readJsonSync' }],
    },
    {
      name: 'test files get a low confidence',
      code: "import fs from 'node:fs';\nit('reads', async () => {\n  const s = fs.readFileSync('fixture.txt', 'utf8');\n});",
      filename: 'src/__tests__/read.spec.ts',
      errors: [{ line: 3, maxConfidence: 0.3 }],
    },
    {
      name: 'existsSync gets a lower confidence',
      code: "import { existsSync } from 'node:fs';\nasync function f(p) {\n  if (existsSync(p)) return;\n}",
      errors: [{ line: 3, maxConfidence: 0.5 }],
    },
  ],
});
