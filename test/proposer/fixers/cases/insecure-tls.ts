// Before/after and decline cases of the insecure-tls fixer.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const insecureTlsCases: FixerTests = {
  fixes: [
    {
      name: 'removes rejectUnauthorized: false from an https agent',
      code: `import https from 'node:https';\nexport const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });\n`,
      output: `import https from 'node:https';\nexport const agent = new https.Agent({ keepAlive: true });\n`,
      safety: 'unsafe',
    },
    {
      name: 'removes it when it is the first of several properties (CJS)',
      filename: 'client.js',
      code: `const tls = require('tls');\nconst socket = tls.connect({\n  rejectUnauthorized: false,\n  host: 'example.com',\n  port: 443,\n});\nmodule.exports = socket;\n`,
      output: `const tls = require('tls');\nconst socket = tls.connect({\n  host: 'example.com',\n  port: 443,\n});\nmodule.exports = socket;\n`,
    },
    {
      name: 'offers rejectUnauthorized: true as the alternative',
      code: `import https from 'node:https';\nexport const agent = new https.Agent({ rejectUnauthorized: false });\n`,
      output: `import https from 'node:https';\nexport const agent = new https.Agent({ rejectUnauthorized: true });\n`,
      options: { candidate: 1 },
    },
    {
      name: 'removes the NODE_TLS_REJECT_UNAUTHORIZED assignment line',
      filename: 'setup.mjs',
      code: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nexport const ready = true;\n`,
      output: `export const ready = true;\n`,
    },
    {
      name: 'removes the variable from an env object',
      code: `import { spawn } from 'node:child_process';\nspawn('node', ['x.js'], { env: { PATH: '/bin', NODE_TLS_REJECT_UNAUTHORIZED: '0' } });\n`,
      output: `import { spawn } from 'node:child_process';\nspawn('node', ['x.js'], { env: { PATH: '/bin' } });\n`,
    },
  ],
  declines: [
    {
      name: 'declines an assignment inside a larger expression',
      code: `export const old = (process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0');\n`,
      reason: 'larger expression',
    },
  ],
};
