import rule from '../../../src/scanner/rules/quality/function-length.js';
import { testRule } from '../../helpers/rule-tester.js';

/** A function head, `n` body lines and the closing brace. */
function fn(n: number, head = 'function f() {', close = '}'): string {
  const lines = [head];
  for (let i = 0; i < n; i++) lines.push(`  call(${i});`);
  lines.push(close);
  return lines.join('\n');
}

testRule(rule, {
  valid: [
    fn(80),
    { code: fn(10), options: { max: 10 } },
    { name: 'IIFE module wrappers', code: fn(100, '(function () {', '})();'), filename: 'case.js' },
    { name: 'arrow IIFE', code: fn(100, 'void (() => {', '})();') },
    { name: 'test-suite containers', code: fn(100, 'describe("store", () => {', '});') },
    { name: 'describe.each', code: fn(100, 'describe.each([1, 2])("case %i", (n) => {', '});') },
    { name: 'AMD define', code: fn(100, 'define(["dep"], function (dep) {', '});'), filename: 'case.js' },
    { name: 'one-line functions', code: 'const f = () => 1;\nfunction g() { return 2; }', options: { max: 1 } },
  ],
  invalid: [
    { code: fn(81), errors: [{ line: 1, column: 10, message: "function 'f' is 81 lines long (limit 80)" }] },
    { code: fn(11, 'const load = async () => {', '};'), options: { max: 10 }, errors: [{ line: 1, column: 7, message: 'arrow function' }] },
    {
      name: 'long test cases are still reported',
      code: fn(11, 'it("works", () => {', '});'),
      options: { max: 10 },
      errors: [{ line: 1, message: 'passed to it()' }],
    },
    {
      name: 'methods at their key',
      code: `class A {\n${fn(6, '  run() {', '  }')}\n}`,
      options: { max: 5 },
      errors: [{ line: 2, column: 3, message: "method 'run'" }],
    },
    {
      name: 'concise arrow bodies count every line',
      code: 'const f = (x) =>\n  a(x) +\n  b(x) +\n  c(x);',
      options: { max: 2 },
      errors: [{ line: 1, message: 'is 3 lines long' }],
    },
    {
      name: 'outer and nested function',
      code: fn(3, 'function outer() {\n  function inner() {\n    a();\n    b();\n  }', '}'),
      options: { max: 1 },
      errors: [{ line: 1, message: 'is 7 lines' }, { line: 2, message: "'inner' is 2 lines" }],
    },
  ],
});
