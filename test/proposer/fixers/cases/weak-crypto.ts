// Before/after and decline cases of the weak-crypto fixer (Math.random tokens only).
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const weakCryptoCases: FixerTests = {
  fixes: [
    {
      name: 'makes a reset token with randomBytes and imports it (ESM)',
      code: `import fs from 'node:fs';\nexport const resetToken = Math.random().toString(36).slice(2);\nexport { fs };\n`,
      output: `import fs from 'node:fs';\nimport { randomBytes } from 'node:crypto';\nexport const resetToken = randomBytes(16).toString('hex');\nexport { fs };\n`,
      safety: 'unsafe',
    },
    {
      name: 'offers randomUUID as the alternative',
      code: `export const resetToken = Math.random().toString(36).slice(2);\n`,
      output: `import { randomUUID } from 'node:crypto';\nexport const resetToken = randomUUID();\n`,
      options: { candidate: 1 },
    },
    {
      name: 'requires randomBytes in a CommonJS file',
      filename: 'session.js',
      code: `const db = require('./db');\nfunction newSession() {\n  const sessionToken = Math.random().toString(36).substring(2);\n  return db.save(sessionToken);\n}\nmodule.exports = newSession;\n`,
      output: `const db = require('./db');\nconst { randomBytes } = require('node:crypto');\nfunction newSession() {\n  const sessionToken = randomBytes(16).toString('hex');\n  return db.save(sessionToken);\n}\nmodule.exports = newSession;\n`,
    },
    {
      name: 'uses an existing crypto namespace',
      code: `import * as crypto from 'node:crypto';\nexport class S {\n  salt = Math.random().toString(16);\n  hash = crypto.createHash('sha256');\n}\n`,
      output: `import * as crypto from 'node:crypto';\nexport class S {\n  salt = crypto.randomBytes(16).toString('hex');\n  hash = crypto.createHash('sha256');\n}\n`,
    },
    {
      name: 'adds randomBytes to an existing named import (JavaScript ESM)',
      filename: 'ids.mjs',
      code: `import { createHash } from 'crypto';\nexport function apiToken() {\n  return Math.random().toString(36).slice(2, 12) + createHash('sha256').digest('hex');\n}\n`,
      output: `import { createHash, randomBytes } from 'crypto';\nexport function apiToken() {\n  return randomBytes(16).toString('hex') + createHash('sha256').digest('hex');\n}\n`,
    },
    {
      name: 'adds randomBytes to an existing destructuring require (CJS)',
      filename: 'otp.cjs',
      code: `const { createHash } = require('node:crypto');\nexports.otpSecret = () => Math.random().toString(36).slice(2);\nexports.h = createHash;\n`,
      output: `const { createHash, randomBytes } = require('node:crypto');\nexports.otpSecret = () => randomBytes(16).toString('hex');\nexports.h = createHash;\n`,
    },
  ],
  declines: [
    {
      name: 'declines a password built by picking characters',
      code: `export function generatePassword(length: number) {\n  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';\n  let out = '';\n  for (let i = 0; i < length; i++) out += chars[Math.floor(Math.random() * chars.length)];\n  return out;\n}\n`,
      reason: 'picks characters',
    },
    {
      name: 'declines weak hashes',
      code: `import crypto from 'node:crypto';\nexport const passwordHash = (p: string) => crypto.createHash('md5').update(p).digest('hex');\n`,
      reason: 'weak hashes',
    },
  ],
};
