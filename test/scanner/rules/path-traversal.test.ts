import rule from '../../../src/scanner/rules/security/path-traversal.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'constant path', code: `import fs from 'fs';\nfs.readFileSync('./config.json', 'utf8');` },
    { name: '__dirname plus constants', code: `import path from 'node:path';\nimport { readFileSync } from 'node:fs';\nconst TEMPLATE = 'index.html';\nreadFileSync(path.join(__dirname, 'views', TEMPLATE));` },
    {
      name: 'request value reduced to its base name',
      code: `const fs = require('fs');\nconst path = require('path');\nfunction h(req, res) {\n  const name = path.basename(req.params.file);\n  fs.createReadStream(path.join(__dirname, 'uploads', name)).pipe(res);\n}`,
      filename: 'case.js',
    },
    {
      name: 'startsWith guard that returns',
      code: `import fs from 'fs/promises';\nimport path from 'path';\nconst ROOT = '/srv/files';\nexport async function h(req: any, res: any) {\n  const resolved = path.resolve(ROOT, req.query.file);\n  if (!resolved.startsWith(ROOT + path.sep)) {\n    return res.status(403).end();\n  }\n  res.send(await fs.readFile(resolved));\n}`,
    },
    {
      name: 'startsWith guard enclosing the call',
      code: `import { readFileSync } from 'fs';\nimport path from 'path';\nexport function h(req: any) {\n  const p = path.join('/data', req.body.name);\n  if (p.startsWith('/data/')) {\n    return readFileSync(p);\n  }\n}`,
    },
    { name: 'sendFile with a root option', code: `function h(req, res) {\n  res.sendFile(req.params.name, { root: __dirname + '/public' });\n}`, filename: 'case.js' },
    { name: 'value of unknown origin is not reported', code: `import fs from 'fs';\nimport { configPath } from './settings';\nfs.readFileSync(configPath);` },
    { name: 'environment configuration', code: `import fs from 'fs';\nfs.readFileSync(process.env.CONFIG_FILE ?? 'config.json');` },
    { name: 'a local readFile function', code: `function readFileSync(p: string) { return p; }\nexport function f(req: any) { return readFileSync(req.query.p); }` },
    { name: 'sendFile on something that is not a response parameter', code: `const res = { sendFile(p) { return p; } };\nfunction h(req) { res.sendFile(req.query.p); }`, filename: 'case.js' },
    { name: 'parameter of a path helper (default)', code: `import fs from 'fs';\nexport function load(file: string) {\n  return fs.readFileSync(file, 'utf8');\n}` },
    { name: 'file descriptors and data are not paths', code: `import fs from 'fs';\nexport function f(req: any) { fs.writeFileSync('/tmp/out.txt', req.body.text); }` },
  ],
  invalid: [
    {
      name: 'express download of a request parameter',
      code: `const express = require('express');\nconst app = express();\napp.get('/dl', (req, res) => {\n  res.download('/srv/files/' + req.query.name);\n});`,
      filename: 'case.js',
      errors: [{ line: 4, severity: 'high', minConfidence: 0.9, message: 'req.query' }],
    },
    {
      name: 'fs/promises named import with alias',
      code: `import { readFile as rf } from 'node:fs/promises';\nimport path from 'path';\nexport async function h(req: any) {\n  return rf(path.join(__dirname, req.params.file), 'utf8');\n}`,
      errors: [{ line: 4, minConfidence: 0.9 }],
    },
    {
      name: 'destructured require and fs-extra',
      code: `const { unlinkSync } = require('fs');\nconst fse = require('fs-extra');\nfunction h(req, res) {\n  unlinkSync(req.body.path);\n  fse.remove(\`uploads/\${req.body.path}\`);\n}`,
      filename: 'case.js',
      errors: [{ line: 4 }, { line: 5 }],
    },
    {
      name: 'namespace import, fs.promises and two-path copy',
      code: `import * as fs from 'fs';\nexport async function h(req: any) {\n  await fs.promises.writeFile(req.body.name, 'x');\n  fs.copyFileSync('/tmp/a', req.body.dest);\n}`,
      errors: [{ line: 3 }, { line: 4 }],
    },
    {
      name: 'command-line argument',
      code: `import fs from 'fs';\nconst data = fs.readFileSync(process.argv[2], 'utf8');`,
      errors: [{ line: 2, message: 'process.argv', minConfidence: 0.9 }],
    },
    {
      name: 'guard on another variable does not count',
      code: `import fs from 'fs';\nexport function h(req: any, other: string) {\n  const p = req.query.p;\n  if (!other.startsWith('/srv')) return;\n  return fs.readFileSync(p);\n}`,
      errors: [{ line: 5 }],
    },
    {
      name: 'parameter of a helper when reportParameters is on: low severity and confidence',
      code: `import fs from 'fs';\nexport function load(file: string) {\n  return fs.readFileSync(file, 'utf8');\n}`,
      options: { reportParameters: true },
      errors: [{ line: 3, severity: 'low', maxConfidence: 0.35 }],
    },
  ],
});
