// Before/after and decline cases of the path-traversal fixer.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const pathTraversalCases: FixerTests = {
  fixes: [
    {
      name: 'checks a joined path against its base before reading',
      code: `import { readFile as rf } from 'node:fs/promises';\nimport path from 'path';\nexport async function h(req: any) {\n  return rf(path.join(__dirname, req.params.file), 'utf8');\n}\n`,
      output: `import { readFile as rf } from 'node:fs/promises';\nimport path from 'path';\nexport async function h(req: any) {\n  const resolved = path.resolve(__dirname, req.params.file);\n  if (!resolved.startsWith(path.resolve(__dirname) + path.sep)) throw new Error('path outside __dirname');\n  return rf(resolved, 'utf8');\n}\n`,
      safety: 'unsafe',
    },
    {
      name: 'works with require and a constant base (CJS)',
      filename: 'files.js',
      code: `const fs = require('fs');\nconst path = require('path');\nconst ROOT = '/srv/files';\nfunction h(req, res) {\n  const data = fs.readFileSync(path.join(ROOT, 'docs', req.query.name));\n  res.send(data);\n}\nmodule.exports = h;\n`,
      output: `const fs = require('fs');\nconst path = require('path');\nconst ROOT = '/srv/files';\nfunction h(req, res) {\n  const resolved = path.resolve(ROOT, 'docs', req.query.name);\n  if (!resolved.startsWith(path.resolve(ROOT) + path.sep)) throw new Error('path outside ROOT');\n  const data = fs.readFileSync(resolved);\n  res.send(data);\n}\nmodule.exports = h;\n`,
    },
    {
      name: 'adds a path namespace import when the file imports join by name',
      code: `import { readFileSync } from 'node:fs';\nimport { join } from 'node:path';\nexport function h(req: any) {\n  return readFileSync(join('/data', req.body.name));\n}\n`,
      output: `import { readFileSync } from 'node:fs';\nimport { join } from 'node:path';\nimport * as path from 'node:path';\nexport function h(req: any) {\n  const resolved = path.resolve('/data', req.body.name);\n  if (!resolved.startsWith(path.resolve('/data') + path.sep)) throw new Error('path outside /data');\n  return readFileSync(resolved);\n}\n`,
    },
    {
      name: 'adds a default path import in a JavaScript ES module that imports resolve by name',
      filename: 'serve.mjs',
      code: `import fs from 'fs';\nimport { resolve } from 'path';\nexport function h(req) {\n  fs.unlinkSync(resolve('uploads', req.params.id));\n}\n`,
      output: `import fs from 'fs';\nimport { resolve } from 'path';\nimport path from 'node:path';\nexport function h(req) {\n  const resolved = path.resolve('uploads', req.params.id);\n  if (!resolved.startsWith(path.resolve('uploads') + path.sep)) throw new Error('path outside uploads');\n  fs.unlinkSync(resolved);\n}\n`,
    },
    {
      name: 'takes a constant folder prefix of a concatenation as the base and adds the path import (CJS)',
      filename: 'avatar.js',
      code: `function avatar(req, res) {\n  res.sendFile('/var/app/avatars/' + req.params.file);\n}\nmodule.exports = avatar;\n`,
      output: `const path = require('node:path');\nfunction avatar(req, res) {\n  const resolved = path.resolve('/var/app/avatars/', String(req.params.file));\n  if (!resolved.startsWith(path.resolve('/var/app/avatars/') + path.sep)) throw new Error('path outside /var/app/avatars/');\n  res.sendFile(resolved);\n}\nmodule.exports = avatar;\n`,
    },
    {
      name: 'takes the folder prefix of a template as the base',
      code: `import fs from 'node:fs';\nexport function log(request: any) {\n  return fs.createReadStream(\`/var/log/app/\${request.query.file}\`);\n}\n`,
      output: `import fs from 'node:fs';\nimport * as path from 'node:path';\nexport function log(request: any) {\n  const resolved = path.resolve("/var/log/app/", String(request.query.file));\n  if (!resolved.startsWith(path.resolve("/var/log/app/") + path.sep)) throw new Error('path outside /var/log/app/');\n  return fs.createReadStream(resolved);\n}\n`,
    },
  ],
  declines: [
    {
      name: 'declines a path with no base',
      code: `import fs from 'fs';\nexport const data = fs.readFileSync(process.argv[2], 'utf8');\n`,
      reason: 'no base',
    },
    {
      name: 'declines a call that runs under a condition',
      code: `import fs from 'fs';\nimport path from 'path';\nexport function h(req: any) {\n  return req.ok && fs.readFileSync(path.join('/data', req.body.name));\n}\n`,
      reason: 'under a condition',
    },
  ],
};
