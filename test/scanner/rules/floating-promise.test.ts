import rule from '../../../src/scanner/rules/error-handling/floating-promise.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'awaited', code: `async function save() { await 1; }\nexport async function f() { await save(); }` },
    { name: 'returned and assigned', code: `async function save() { await 1; }\nexport function f() { const p = save(); return [p, save()]; }` },
    { name: 'void opt-out', code: `async function save() { await 1; }\nvoid save();` },
    { name: 'caught', code: `async function save() { await 1; }\nsave().catch((e) => console.error(e));\nsave().then(() => 1, (e) => console.error(e));\nsave().catch(console.error).finally(() => 0);` },
    { name: 'then after a catch', code: `import { w } from './w';\nw.terminate().catch(() => 0).then(() => done());` },
    { name: 'sync function', code: `function save() { return 1; }\nsave();` },
    { name: 'async function that cannot reject', code: `async function main() {\n  try { await run(); } catch (e) { console.error(e); process.exitCode = 1; }\n}\nmain();` },
    { name: 'fire-and-forget helper declared later that guards its awaits', code: `export const pipe = (a: any, b: any) => {\n  a.pipe(b);\n  onFinish(a, b);\n};\nconst onFinish = async (a: any, b: any) => {\n  try { await finished(a); } catch {}\n  b.end();\n};` },
    { name: 'callback-style fs', code: `import fs from 'fs';\nfs.writeFile('a', 'b', () => {});\nfs.writeFileSync('a', 'b');` },
    { name: 'fs-extra with a callback', code: `import fse from 'fs-extra';\nfse.copy('a', 'b', (err) => { if (err) throw err; });` },
    { name: 'shadowed by a sync local', code: `async function save() { await 1; }\nexport function f(save: () => void) { save(); }` },
    { name: 'unknown calls are not assumed to be promises', code: `import { save } from './db';\nsave();\nobj.save();` },
  ],
  invalid: [
    {
      name: 'same-file async function declaration (hoisted)',
      code: `export function start() {\n  main();\n}\nasync function main() { await run(); }`,
      errors: [{ line: 2, messageId: 'asyncCall', message: 'main()' }],
    },
    {
      name: 'async arrow const',
      code: `const save = async (x: number) => { await db.put(x); };\nexport function f() {\n  save(1);\n}`,
      errors: [{ line: 3, messageId: 'asyncCall' }],
    },
    {
      name: 'catch that rethrows can reject',
      code: `async function job() {\n  try { await run(); } catch (e) { log(e); throw e; }\n}\njob();\nconst h = async () => { try { return fetchIt(); } catch { return 0; } };\nh();`,
      errors: [{ line: 4 }, { line: 6 }],
    },
    {
      name: 'fetch dropped',
      code: `export function ping() {\n  fetch('/ping', { signal: AbortSignal.timeout(1000) });\n}`,
      errors: [{ line: 2, messageId: 'asyncCall', message: 'fetch' }],
    },
    {
      name: 'fs/promises in its import forms',
      code: [
        `import { writeFile } from 'node:fs/promises';`,
        `import fsp from 'fs/promises';`,
        `import { promises as fsx } from 'fs';`,
        `const fs = require('fs');`,
        `const { unlink } = require('fs').promises;`,
        `writeFile('a', 'b');`,
        `fsp.mkdir('d');`,
        `fsx.rm('d');`,
        `fs.promises.rm('d');`,
        `unlink('x');`,
      ].join('\n'),
      filename: 'case.mjs',
      errors: [{ line: 6 }, { line: 7 }, { line: 8 }, { line: 9 }, { line: 10 }],
    },
    {
      name: 'then without a rejection handler',
      code: `fetchUser().then((u) => render(u));\nload().then(a).finally(b);\nfetch('/x').then((r) => r.json());`,
      errors: [{ line: 1, messageId: 'thenWithoutCatch', maxConfidence: 0.5 }, { line: 2 }, { line: 3, minConfidence: 0.7 }],
    },
    {
      name: 'async method called on this',
      code: `export class Store {\n  async flush() { await write(); }\n  close() {\n    this.flush();\n  }\n}`,
      errors: [{ line: 4, message: 'this.flush' }],
    },
    {
      name: 'new Promise and Promise.all dropped',
      code: `new Promise((resolve) => setTimeout(resolve, 10));\nPromise.all([a(), b()]);`,
      errors: [{ line: 1, messageId: 'newPromise' }, { line: 2, messageId: 'asyncCall' }],
    },
    {
      name: 'fs-extra without callback',
      code: `const fse = require('fs-extra');\nfse.copy('a', 'b');`,
      filename: 'case.js',
      errors: [{ line: 2 }],
    },
  ],
});
