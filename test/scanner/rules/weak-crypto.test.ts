import rule from '../../../src/scanner/rules/security/weak-crypto.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'sha256', code: `import { createHash } from 'crypto';\nexport const h = (s: string) => createHash('sha256').update(s).digest('hex');` },
    { name: 'random jitter', code: `export function backoff(attempt: number) {\n  const delay = 2 ** attempt * 100 + Math.random() * 100;\n  return delay;\n}` },
    { name: 'shuffle', code: `export function shuffleTokens<T>(tokens: T[]) { return tokens.sort(() => Math.random() - 0.5); }` },
    { name: 'coin flip in a token function', code: `export function refreshToken() {\n  const shouldRefreshToken = Math.random() < 0.1;\n  if (Math.random() > 0.5) return shouldRefreshToken;\n  setTimeout(() => 0, Math.random() * 1000);\n}` },
    { name: 'UI key from Math.random', code: `export const style = { left: Math.random() * 100 + '%', color: 'red' };\nexport const tokenCount = Math.floor(Math.random() * 10);` },
    { name: 'aes-256-gcm with IV', code: `import crypto from 'node:crypto';\nexport const c = (k: Buffer, iv: Buffer) => crypto.createCipheriv('aes-256-gcm', k, iv);` },
    { name: 'a local createHash', code: `function createHash(alg: string) { return alg; }\nexport const x = createHash('md5');` },
    { name: 'a local Math object', code: `const Math = { random: () => 4 };\nexport const token = Math.random();` },
    { name: 'randomBytes token', code: `import { randomBytes } from 'crypto';\nexport const token = randomBytes(32).toString('hex');` },
  ],
  invalid: [
    {
      name: 'md5 of a password (require, member)',
      code: `const crypto = require('crypto');\nfunction save(password) {\n  const passwordHash = crypto.createHash('md5').update(password).digest('hex');\n  return passwordHash;\n}`,
      filename: 'case.js',
      errors: [{ line: 3, messageId: 'weakHash', severity: 'medium', minConfidence: 0.7 }],
    },
    {
      name: 'sha1 for a cache key is low',
      code: `import { createHash as h } from 'node:crypto';\nexport const cacheKey = (s: string) => h('sha1').update(s).digest('hex');`,
      errors: [{ line: 2, messageId: 'weakHash', severity: 'low', maxConfidence: 0.4 }],
    },
    {
      name: 'md5 signature via namespace import',
      code: `import * as crypto from 'crypto';\nexport function sign(body: string) {\n  const signature = crypto.createHash('MD5').update(body).digest('base64');\n  return signature;\n}`,
      errors: [{ line: 3, severity: 'medium' }],
    },
    {
      name: 'deprecated createCipher',
      code: `import crypto from 'crypto';\nexport const enc = (k: string) => crypto.createCipher('aes-256-cbc', k);\nexport const dec = (k: string) => crypto.createDecipher('aes-256-cbc', k);`,
      errors: [{ line: 2, messageId: 'deprecatedCipher', severity: 'high' }, { line: 3, messageId: 'deprecatedCipher' }],
    },
    {
      name: 'DES, RC4 and ECB',
      code: `const { createCipheriv } = require('crypto');\ncreateCipheriv('des-ede3-cbc', k, iv);\ncreateCipheriv('rc4', k, null);\nconst MODE = 'aes-128-ecb';\ncreateCipheriv(MODE, k, null);`,
      filename: 'case.js',
      errors: [{ line: 2, messageId: 'weakCipher' }, { line: 3 }, { line: 5 }],
    },
    {
      name: 'Math.random tokens',
      code: [
        `export const resetToken = Math.random().toString(36).slice(2);`,
        `export function generateApiKey() {`,
        `  return Math.random().toString(36).substring(2) + Date.now().toString(36);`,
        `}`,
        `export const user = { sessionId: String(Math.floor(Math.random() * 1e9)) };`,
        `class S { salt = Math.random().toString(16); }`,
        `export { S };`,
      ].join('\n'),
      errors: [
        { line: 1, messageId: 'insecureRandom', severity: 'medium', minConfidence: 0.7 },
        { line: 3, message: 'generateApiKey' },
        { line: 5, message: 'sessionId' },
        { line: 6, message: 'salt' },
      ],
    },
    {
      name: 'password built char by char',
      code: `export function generatePassword(length: number) {\n  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';\n  let out = '';\n  for (let i = 0; i < length; i++) out += chars[Math.floor(Math.random() * chars.length)];\n  return out;\n}`,
      errors: [{ line: 4, message: 'generatePassword' }],
    },
    {
      name: 'uuid from Math.random is low',
      code: `export const uuid = () => 'xxxxxxxx'.replace(/x/g, () => (Math.random() * 16 | 0).toString(16));\nexport const requestUuid = Math.random().toString(36);`,
      errors: [{ line: 2, severity: 'low' }],
    },
  ],
});
