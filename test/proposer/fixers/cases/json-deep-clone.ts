// Before/after and decline cases of the json-deep-clone fixer.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const jsonDeepCloneCases: FixerTests = {
  fixes: [
    {
      name: 'replaces the JSON round trip with structuredClone',
      code: `export function copy<T>(value: T): T {\n  return JSON.parse(JSON.stringify(value));\n}\n`,
      output: `export function copy<T>(value: T): T {\n  return structuredClone(value);\n}\n`,
      safety: 'unsafe',
    },
    {
      name: 'keeps a member expression argument (CJS JavaScript)',
      filename: 'state.js',
      code: `const base = require('./base');\nconst state = JSON.parse(JSON.stringify(base.defaults));\nmodule.exports = state;\n`,
      output: `const base = require('./base');\nconst state = structuredClone(base.defaults);\nmodule.exports = state;\n`,
    },
    {
      name: 'also with a null replacer (ESM JavaScript)',
      filename: 'copy.mjs',
      code: `export const copy = (o) => JSON.parse(JSON.stringify(o, null));\n`,
      output: `export const copy = (o) => structuredClone(o);\n`,
    },
  ],
  declines: [],
};
