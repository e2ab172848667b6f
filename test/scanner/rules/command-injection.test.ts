import rule from '../../../src/scanner/rules/security/command-injection.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'constant command', code: `import { exec } from 'child_process';\nexec('git status');` },
    { name: 'constant template', code: `import { execSync } from 'node:child_process';\nconst DIR = '/tmp';\nexecSync(\`ls \${DIR}\`);` },
    { name: 'argument array without shell', code: `import { execFile } from 'child_process';\nexport function f(x: string) { execFile('git', ['log', x]); }` },
    { name: 'spawn with constant arguments and shell', code: `import { spawn } from 'child_process';\nspawn('npm', ['test'], { shell: true });` },
    { name: 'spawn with dynamic argument but shell false', code: `import { spawn } from 'child_process';\nexport function f(x: string) { spawn('git', [x], { shell: false }); }` },
    { name: 'a local function named exec', code: `function exec(cmd: string) { return cmd; }\nexport function f(x: string) { exec(x); }` },
    { name: 'shadowed by a parameter', code: `import { exec } from 'child_process';\nexport function f(exec: (s: string) => void, x: string) { exec(x); }` },
    { name: 'RegExp exec', code: `export function f(x: string) { return /a/.exec(x); }` },
    { name: 'execa template tag escapes', code: `import { $ } from 'execa';\nexport async function f(x: string) { await $\`git log \${x}\`; }` },
    { name: 'numbers cannot carry a payload', code: `import { exec } from 'child_process';\nexport function f(x: string) { exec('kill ' + Number(x)); }` },
  ],
  invalid: [
    {
      name: 'exec imported under another name',
      code: `import { execSync as run } from 'node:child_process';\nexport function f(name: string) {\n  run(\`git log \${name}\`);\n}`,
      errors: [{ line: 3, messageId: 'shellCommand', minConfidence: 0.6 }],
    },
    {
      name: 'require and member call',
      code: `const cp = require('child_process');\nfunction f(req, res) {\n  cp.exec('ls ' + req.query.dir);\n}`,
      filename: 'case.js',
      errors: [{ line: 3, messageId: 'shellCommand', minConfidence: 0.9, message: 'req.query' }],
    },
    {
      name: 'destructured require with alias',
      code: `const { exec: sh } = require('child_process');\nsh(process.argv[2]);`,
      filename: 'case.js',
      errors: [{ line: 2, message: 'process.argv', minConfidence: 0.9 }],
    },
    {
      name: 'namespace import',
      code: `import * as child_process from 'child_process';\nexport function f(x: string) { child_process.execSync(x); }`,
      errors: [{ line: 2 }],
    },
    {
      name: 'promisified exec',
      code: `import util from 'util';\nimport cp from 'child_process';\nconst run = util.promisify(cp.exec);\nexport async function f(x: string) { await run('rm ' + x); }`,
      errors: [{ line: 4 }],
    },
    {
      name: 'spawn with shell true and a parameter',
      code: `import { spawn } from 'child_process';\nexport function f(x: string) {\n  spawn('grep', [x], { shell: true });\n}`,
      errors: [{ line: 3, messageId: 'shellOption' }],
    },
    {
      name: 'unknown value reported at lower confidence',
      code: `import { exec } from 'child_process';\nimport { cmd } from './config';\nexec(cmd);`,
      errors: [{ line: 3, maxConfidence: 0.5 }],
    },
  ],
});
