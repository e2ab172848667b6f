import rule from '../../../src/scanner/rules/security/insecure-tls.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'verification on', code: `import https from 'https';\nhttps.request({ host: 'a.example', rejectUnauthorized: true });` },
    { name: 'computed switch is a deliberate choice', code: `export const agentOptions = { rejectUnauthorized: process.env.NODE_ENV === 'production' };` },
    { name: 'custom CA instead of disabling', code: `import tls from 'node:tls';\nimport { readFileSync } from 'fs';\ntls.connect(443, 'h', { ca: readFileSync('ca.pem') });` },
    { name: 'env var set to 1', code: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';` },
    { name: 'reading the env var', code: `export const insecure = process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0';` },
    { name: 'destructuring default false is not an option literal', code: `export function f({ rejectUnauthorized = false }: { rejectUnauthorized?: boolean }) { return rejectUnauthorized; }` },
    { name: 'checkServerIdentity that checks', code: `import tls from 'tls';\ntls.connect({ host: 'h', checkServerIdentity: (host, cert) => tls.checkServerIdentity(host, cert) });` },
    { name: 'a local object named process', code: `const process = { env: {} as Record<string, string> };\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';` },
    { name: 'interface with the option', code: `interface O { rejectUnauthorized: false }\nexport type T = O;` },
  ],
  invalid: [
    {
      name: 'https agent',
      code: `import https from 'node:https';\nconst agent = new https.Agent({\n  rejectUnauthorized: false,\n});\nexport default agent;`,
      errors: [{ line: 3, messageId: 'rejectUnauthorized', severity: 'high', minConfidence: 0.9 }],
    },
    {
      name: 'axios httpsAgent inline',
      code: `const axios = require('axios');\nconst https = require('https');\naxios.get(u, { httpsAgent: new https.Agent({ rejectUnauthorized: false }) });`,
      filename: 'case.js',
      errors: [{ line: 3, messageId: 'rejectUnauthorized' }],
    },
    {
      name: 'process-wide env var',
      code: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nprocess.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0;`,
      errors: [{ line: 1, messageId: 'envVar' }, { line: 2, messageId: 'envVar' }],
    },
    {
      name: 'request strictSSL',
      code: `const request = require('request');\nrequest({ url: u, strictSSL: false }, cb);`,
      filename: 'case.js',
      errors: [{ line: 2, message: 'strictSSL' }],
    },
    {
      name: 'checkServerIdentity accepting everything',
      code: `import tls from 'tls';\ntls.connect({ host: 'h', checkServerIdentity: () => undefined });\ntls.connect({ host: 'h', checkServerIdentity() { return undefined; } });\ntls.connect({ host: 'h', checkServerIdentity: function () {} });`,
      errors: [{ line: 2, messageId: 'checkServerIdentity' }, { line: 3 }, { line: 4, messageId: 'checkServerIdentity' }],
    },
    {
      name: 'env object for a child process',
      code: `import { spawn } from 'child_process';\nspawn('node', ['x.js'], { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });`,
      errors: [{ line: 2, messageId: 'envProperty' }],
    },
    {
      name: 'lower severity in tests',
      code: `const agent = { rejectUnauthorized: false };\nexport default agent;`,
      filename: 'test/api.test.ts',
      errors: [{ line: 1, severity: 'low', maxConfidence: 0.5 }],
    },
  ],
});
