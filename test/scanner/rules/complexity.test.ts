import rule from '../../../src/scanner/rules/quality/complexity.js';
import { testRule } from '../../helpers/rule-tester.js';

/** A function with `n` if statements: complexity n + 1. */
function ifs(n: number, head = 'function f(x) {'): string {
  const lines = [head];
  for (let i = 0; i < n; i++) lines.push(`  if (x === ${i}) return ${i};`);
  lines.push('  return -1;', '}');
  return lines.join('\n');
}

testRule(rule, {
  valid: [
    ifs(14),
    { code: ifs(3), options: { max: 4 } },
    {
      name: 'nested functions are counted separately',
      code: 'function outer(a) {\n  const f = () => a && b;\n  const g = () => a || b;\n  const h = () => (a ? 1 : 2);\n  return [f, g, h];\n}',
      options: { max: 2 },
    },
    {
      name: 'default case and optional chaining add nothing',
      code: 'function f(x) {\n  switch (x) {\n    case 1: return a?.b?.c;\n    default: return 0;\n  }\n}',
      options: { max: 2 },
    },
    {
      name: 'top-level branches belong to no function',
      code: 'if (a) {}\nif (b) {}\nif (c) {}\nconst x = a ? b : c;',
      options: { max: 1 },
    },
    { code: ifs(20), filename: 'case.js', options: { max: 25 } },
  ],
  invalid: [
    { code: ifs(15), errors: [{ line: 1, column: 10, message: "function 'f' has a cyclomatic complexity of 16 (limit 15)" }] },
    {
      code: ifs(3, 'const check = (x) => {'),
      options: { max: 3 },
      errors: [{ line: 1, column: 7, message: "arrow function 'check' has a cyclomatic complexity of 4 (limit 3)" }],
    },
    {
      name: 'logical operators, ternaries, loops, catch and cases count',
      code: [
        'export function f(a, b) {',
        '  for (const x of a) {}',
        '  while (b) {}',
        '  try {} catch {}',
        '  const y = (a && b || a) ?? b;',
        '  a ||= b;',
        '  switch (a) { case 1: break; case 2: break; default: break; }',
        '  return a ? 1 : 2;',
        '}',
      ].join('\n'),
      options: { max: 5 },
      errors: [{ line: 1, message: 'complexity of 11 (limit 5)' }],
    },
    {
      name: 'class methods are reported at the key',
      code: 'class A {\n  run(x) {\n    if (x) {}\n    if (!x) {}\n  }\n}',
      filename: 'case.js',
      options: { max: 2 },
      errors: [{ line: 2, column: 3, message: "method 'run'" }],
    },
    {
      name: 'anonymous callbacks are reported at their head',
      code: 'app.get("/", function (req, res) {\n  if (req.a) {}\n  if (req.b) {}\n});',
      options: { max: 2 },
      errors: [{ line: 1, column: 14, message: 'function passed to app.get()' }],
    },
    {
      name: 'inner and outer function both over the limit',
      code: 'function outer(a) {\n  if (a) {}\n  if (!a) {}\n  return function inner(b) {\n    if (b) {}\n    if (!b) {}\n  };\n}',
      options: { max: 2 },
      errors: [{ line: 4, message: "'inner'" }, { line: 1, message: "'outer'" }],
    },
    {
      code: 'module.exports.handler = (e) => e.a ? e.b ? 1 : 2 : 3;',
      filename: 'case.cjs',
      options: { max: 2 },
      errors: [{ line: 1, message: "arrow function 'module.exports.handler'" }],
    },
  ],
});
