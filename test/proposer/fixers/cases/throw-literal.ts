// Before/after and decline cases of the throw-literal fixer.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const throwLiteralCases: FixerTests = {
  fixes: [
    {
      name: 'wraps a thrown string literal in an Error',
      code: `export function f(x: number) {\n  if (x < 0) throw 'negative';\n  return x;\n}\n`,
      output: `export function f(x: number) {\n  if (x < 0) throw new Error('negative');\n  return x;\n}\n`,
      safety: 'unsafe',
    },
    {
      name: 'wraps a template literal (CJS JavaScript)',
      filename: 'lib.cjs',
      code: "const fs = require('fs');\nfunction f(name) {\n  throw `missing ${name}`;\n}\nmodule.exports = { f, fs };\n",
      output: "const fs = require('fs');\nfunction f(name) {\n  throw new Error(`missing ${name}`);\n}\nmodule.exports = { f, fs };\n",
    },
    {
      name: 'wraps a string concatenation (ESM JavaScript)',
      filename: 'lib.mjs',
      code: `export function f(v) {\n  throw 'bad value: ' + v;\n}\n`,
      output: `export function f(v) {\n  throw new Error('bad value: ' + v);\n}\n`,
    },
  ],
  declines: [
    { name: 'declines a thrown number', code: `export function f() { throw 404; }\n`, reason: 'not a string' },
    { name: 'declines a thrown plain object', code: `export function f() { throw { status: 404 }; }\n`, reason: 'not a string' },
  ],
};
