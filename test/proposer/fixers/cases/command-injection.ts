// Before/after and decline cases of the command-injection fixer.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const commandInjectionCases: FixerTests = {
  fixes: [
    {
      name: 'turns exec of a template into execFile with an argument array',
      code: `import { exec } from 'child_process';\nexport function log(ref: string) {\n  exec(\`git log \${ref}\`, (err, out) => console.log(out));\n}\n`,
      output: `import { execFile } from 'child_process';\nexport function log(ref: string) {\n  execFile('git', ['log', ref], (err, out) => console.log(out));\n}\n`,
      safety: 'unsafe',
    },
    {
      name: 'writes the new string literals in the quote style of the file',
      code: `import { exec } from "child_process";\nexport function log(ref: string) {\n  exec(\`git log \${ref}\`);\n}\n`,
      output: `import { execFile } from "child_process";\nexport function log(ref: string) {\n  execFile("git", ["log", ref]);\n}\n`,
    },
    {
      name: 'turns execSync of a concatenation into execFileSync, keeping the options and replacing the unused aliased import',
      code: `import { execSync as run } from 'node:child_process';\nexport function show(name: string) {\n  return run('git show --stat ' + name, { encoding: 'utf8' });\n}\n`,
      output: `import { execFileSync } from 'node:child_process';\nexport function show(name: string) {\n  return execFileSync('git', ['show', '--stat', name], { encoding: 'utf8' });\n}\n`,
    },
    {
      name: 'keeps the old import when it is still used elsewhere (CJS)',
      filename: 'tool.cjs',
      code: `const { exec } = require('child_process');\nexports.run = (file) => exec(\`wc -l \${file}\`);\nexports.date = () => exec('date');\n`,
      output: `const { exec, execFile } = require('child_process');\nexports.run = (file) => execFile('wc', ['-l', file]);\nexports.date = () => exec('date');\n`,
    },
    {
      name: 'renames the member of a required module (CJS)',
      filename: 'list.js',
      code: `const cp = require('child_process');\nfunction h(req, res) {\n  cp.exec('ls -la ' + req.query.dir, (e, out) => res.send(out));\n}\nmodule.exports = h;\n`,
      output: `const cp = require('child_process');\nfunction h(req, res) {\n  cp.execFile('ls', ['-la', req.query.dir], (e, out) => res.send(out));\n}\nmodule.exports = h;\n`,
    },
    {
      name: 'replaces exec in a destructured require when nothing else uses it (CJS)',
      filename: 'tool.cjs',
      code: `const { exec } = require('child_process');\nexports.run = (file) => exec(\`wc -l \${file}\`);\n`,
      output: `const { execFile } = require('child_process');\nexports.run = (file) => execFile('wc', ['-l', file]);\n`,
    },
    {
      name: 'adds a promisified execFile next to a promisified exec',
      code: `import util from 'util';\nimport cp from 'child_process';\nconst run = util.promisify(cp.exec);\nexport async function rm(x: string) {\n  await run('rm ' + x);\n}\n`,
      output: `import util from 'util';\nimport cp from 'child_process';\nconst run = util.promisify(cp.exec);\nconst runFile = util.promisify(cp.execFile);\nexport async function rm(x: string) {\n  await runFile('rm', [x]);\n}\n`,
    },
    {
      name: 'drops shell: true when the arguments are an array',
      code: `import { spawn } from 'child_process';\nexport function f(x: string) {\n  spawn('grep', [x], { shell: true, stdio: 'inherit' });\n}\n`,
      output: `import { spawn } from 'child_process';\nexport function f(x: string) {\n  spawn('grep', [x], { stdio: 'inherit' });\n}\n`,
    },
  ],
  declines: [
    {
      name: 'declines an interpolation inside a word',
      code: `import { exec } from 'child_process';\nexport function f(x: string) { exec(\`cat /tmp/\${x}\`); }\n`,
      reason: 'inside a word',
    },
    {
      name: 'declines a pipe in the constant text',
      code: `import { exec } from 'child_process';\nexport function f(x: string) { exec(\`grep \${x} log.txt | wc -l\`); }\n`,
      reason: 'shell syntax',
    },
    {
      name: 'declines quotes in the constant text',
      code: `import { exec } from 'child_process';\nexport function f(x: string) { exec('git commit -m "' + x + '"'); }\n`,
      reason: 'shell syntax',
    },
    {
      name: 'declines a whole command from input',
      filename: 'cli.js',
      code: `const { exec: sh } = require('child_process');\nsh(process.argv[2]);\n`,
      reason: 'cannot split it',
    },
    {
      name: 'declines options that set the shell',
      code: `import { exec } from 'child_process';\nexport function f(x: string) { exec(\`ls \${x}\`, { shell: '/bin/bash' }); }\n`,
      reason: '`shell`',
    },
  ],
};
