// Before/after and decline cases of the sync-fs-in-async fixer.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const syncFsInAsyncCases: FixerTests = {
  fixes: [
    {
      name: 'awaits fs.promises.readFile through a default fs import',
      code: `import fs from 'node:fs';\nexport async function load(p: string) {\n  const text = fs.readFileSync(p, 'utf8');\n  return JSON.parse(text);\n}\n`,
      output: `import fs from 'node:fs';\nexport async function load(p: string) {\n  const text = await fs.promises.readFile(p, 'utf8');\n  return JSON.parse(text);\n}\n`,
      safety: 'unsafe',
    },
    {
      name: 'awaits a write statement through a required fs (CommonJS)',
      filename: 'save.js',
      code: `const fs = require('fs');\nasync function save(p, data) {\n  fs.writeFileSync(p, data);\n}\nmodule.exports = save;\n`,
      output: `const fs = require('fs');\nasync function save(p, data) {\n  await fs.promises.writeFile(p, data);\n}\nmodule.exports = save;\n`,
    },
    {
      name: 'adds a promise import after the imports when the sync import has other uses (ESM JavaScript)',
      filename: 'list.mjs',
      code: `import { readdirSync } from "node:fs";\nexport const list = async (dir) => readdirSync(dir);\nexport async function names(dir) {\n  return readdirSync(dir);\n}\n`,
      output: `import { readdirSync } from "node:fs";\nimport { readdir } from "node:fs/promises";\nexport const list = async (dir) => readdirSync(dir);\nexport async function names(dir) {\n  return await readdir(dir);\n}\n`,
      options: { index: 1 },
    },
    {
      name: 'awaits the body of a concise async arrow function',
      filename: 'list.mjs',
      code: `import { readdirSync } from "node:fs";\nexport const list = async (dir) => readdirSync(dir);\n`,
      output: `import { readdir } from "node:fs/promises";\nexport const list = async (dir) => await readdir(dir);\n`,
    },
    {
      name: 'replaces the only use of a named import in place',
      code: `import { readFileSync } from 'fs';\nexport async function read(p: string) {\n  return readFileSync(p, 'utf8');\n}\n`,
      output: `import { readFile } from 'fs/promises';\nexport async function read(p: string) {\n  return await readFile(p, 'utf8');\n}\n`,
    },
    {
      name: 'adds a promise import next to a sync import that is still used, avoiding a taken name',
      code: `import { mkdirSync } from 'node:fs';\nconst mkdir = 1;\nmkdirSync('a');\nexport async function make(d: string) {\n  mkdirSync(d, { recursive: true });\n  return mkdir;\n}\n`,
      output: `import { mkdirSync } from 'node:fs';\nimport { mkdir as mkdirAsync } from 'node:fs/promises';\nconst mkdir = 1;\nmkdirSync('a');\nexport async function make(d: string) {\n  await mkdirAsync(d, { recursive: true });\n  return mkdir;\n}\n`,
    },
    {
      name: 'uses a destructured require and reuses an existing fs/promises binding (CommonJS)',
      filename: 'rm.cjs',
      code: `const { rmSync } = require('fs');\nconst { rm } = require('fs/promises');\nasync function clean(d) {\n  rmSync(d, { recursive: true, force: true });\n  await rm(d + '.tmp', { force: true });\n}\nmodule.exports = clean;\n`,
      output: `const { rm } = require('fs/promises');\nasync function clean(d) {\n  await rm(d, { recursive: true, force: true });\n  await rm(d + '.tmp', { force: true });\n}\nmodule.exports = clean;\n`,
    },
    {
      name: 'awaits a call passed as an argument',
      code: `import * as fs from 'node:fs';\nexport async function size(p: string) {\n  return Number(fs.statSync(p).size) + use(fs.readFileSync(p));\n}\nfunction use(b: Buffer) { return b.length; }\n`,
      output: `import * as fs from 'node:fs';\nexport async function size(p: string) {\n  return Number(fs.statSync(p).size) + use(await fs.promises.readFile(p));\n}\nfunction use(b: Buffer) { return b.length; }\n`,
      options: { index: 1 },
    },
  ],
  declines: [
    {
      name: 'declines existsSync, which has no promise twin',
      code: `import fs from 'node:fs';\nexport async function has(p: string) {\n  return fs.existsSync(p);\n}\n`,
      reason: 'no promise twin',
    },
    {
      name: 'declines a call whose result is used inside a larger expression',
      code: `import fs from 'node:fs';\nexport async function size(p: string) {\n  return fs.statSync(p).size;\n}\n`,
      reason: 'larger expression',
    },
    {
      name: 'declines statSync with options (throwIfNoEntry has no promise equivalent)',
      code: `import fs from 'node:fs';\nexport async function info(p: string) {\n  const s = fs.statSync(p, { throwIfNoEntry: false });\n  return s;\n}\n`,
      reason: 'throwIfNoEntry',
    },
    {
      name: 'declines reading a numeric file descriptor (stdin), which fs/promises does not accept',
      code: `import fs from 'node:fs';\nexport async function input() {\n  const text = fs.readFileSync(0, 'utf8');\n  return text;\n}\n`,
      reason: 'file descriptor',
    },
    {
      name: 'declines child_process calls',
      code: `import { execSync } from 'node:child_process';\nexport async function head() {\n  const out = execSync('git rev-parse HEAD');\n  return out;\n}\n`,
      reason: 'child_process',
    },
    {
      name: 'declines fs-extra calls',
      code: `import fse from 'fs-extra';\nexport async function read(p: string) {\n  const data = fse.readJsonSync(p);\n  return data;\n}\n`,
      reason: 'no known fs/promises twin',
    },
  ],
};
