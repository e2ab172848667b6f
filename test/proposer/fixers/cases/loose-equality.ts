// Before/after and decline cases of the loose-equality fixer.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const looseEqualityCases: FixerTests = {
  fixes: [
    {
      name: 'two negations are both booleans',
      code: `export function same(a: unknown, b: unknown) {\n  return !a == !b;\n}\n`,
      output: `export function same(a: unknown, b: unknown) {\n  return !a === !b;\n}\n`,
      safety: 'safe',
    },
    {
      name: 'two comparisons are both booleans (!=, JavaScript)',
      filename: 'order.js',
      code: `function differ(a, b, c, d) {\n  return (a < b) != (c < d);\n}\nmodule.exports = differ;\n`,
      output: `function differ(a, b, c, d) {\n  return (a < b) !== (c < d);\n}\nmodule.exports = differ;\n`,
    },
    {
      name: 'a concatenation with a string literal is a string',
      filename: 'key.mjs',
      code: `export const isKey = (k) => k + '' == \`\${k}\`;\n`,
      output: `export const isKey = (k) => k + '' === \`\${k}\`;\n`,
    },
  ],
  declines: [
    { name: 'declines x == 0 where x may be a string', code: `export function z(x: any) { return x == 0; }\n`, reason: 'is not known' },
    { name: 'declines the == undefined idiom', code: `export function u(x: any) { return x == undefined; }\n`, reason: 'null or undefined' },
    { name: 'declines a.length == 3 in plain JavaScript', filename: 'len.js', code: `module.exports = (a) => a.length == 3;\n`, reason: '`a.length`' },
    { name: 'declines operands of different known types', code: `export const odd = (a: unknown) => !a == 'true';\n`, reason: 'different types' },
  ],
};
