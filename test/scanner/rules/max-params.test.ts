import rule from '../../../src/scanner/rules/quality/max-params.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    'function f(a, b, c, d, e) {}',
    'function f(this: Window, a: number, b: number, c: number, d: number, e: number) {}',
    { name: 'options objects', code: 'export function connect({ host, port, user, password, db, ssl }: Options) {}' },
    { name: 'callbacks whose signature the API dictates', code: 'items.reduce((acc, x, i, all, extra, more) => acc, 0);' },
    { name: 'framework callbacks', code: 'app.use(function (a, b, c, d, e, f) {});', filename: 'case.js' },
    {
      name: 'override methods',
      code: 'class B extends A {\n  override draw(a: number, b: number, c: number, d: number, e: number, f: number) {}\n}',
    },
    { code: 'const f = (a, b, c) => a;', options: { max: 3 } },
  ],
  invalid: [
    { code: 'function f(a, b, c, d, e, g) {}', errors: [{ line: 1, column: 10, message: "function 'f' has 6 parameters (limit 5)" }] },
    { code: 'const make = (a, b, c, d) => a;', options: { max: 3 }, errors: [{ line: 1, column: 7, message: '4 parameters (limit 3)' }] },
    {
      code: 'export function f(this: Window, a: number, b = 1, { c }: X, [d]: Y, ...rest: number[]) {}',
      options: { max: 4 },
      errors: [{ line: 1, message: 'has 5 parameters' }],
    },
    {
      code: 'class A {\n  method(a, b, c, d, e, f) {}\n}',
      filename: 'case.js',
      errors: [{ line: 2, column: 3, message: "method 'method'" }],
    },
    {
      name: 'dependency-injection constructors get a low confidence',
      code: 'class S {\n  constructor(private a: A, private b: B, private c: C, private d: D, private e: E, private f: F) {}\n}',
      errors: [{ line: 2, message: 'constructor', maxConfidence: 0.4 }],
    },
    {
      code: 'const api = {\n  send: function (a, b, c, d, e, f) {},\n};',
      errors: [{ line: 2, message: "function 'send'", minConfidence: 0.8 }],
    },
  ],
});
