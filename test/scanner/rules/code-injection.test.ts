import rule from '../../../src/scanner/rules/security/code-injection.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'a local function named eval', code: `function evaluate(x: string) { return x; }\nconst eval2 = evaluate;\nexport function f(x: string) { return eval2(x); }` },
    { name: 'eval shadowed by a parameter', code: `export function run(eval: (s: string) => unknown, x: string) { return eval(x); }`, filename: 'case.js' },
    { name: 'timer given an arrow function', code: `export function f(x: string) { setTimeout(() => console.log(x), 100); }` },
    { name: 'timer given a function name', code: `function tick() {}\nsetInterval(tick, 1000);\nexport function f(cb: () => void) { setTimeout(cb, 5); setImmediate(cb); }` },
    { name: 'timers/promises setTimeout with a delay', code: `import { setTimeout as sleep } from 'node:timers/promises';\nexport async function f(ms: number) { await sleep(ms, 'done'); }` },
    { name: 'Function("return this") idiom', code: `const g = Function('return this')();\nconst h = new Function('return this;')();` },
    { name: 'method named eval on an object', code: `export function f(engine: { eval(s: string): void }, x: string) { engine.eval(x); }` },
    { name: 'Function used as a type or with instanceof', code: `export function isFn(x: unknown): x is Function { return x instanceof Function; }` },
    { name: 'vm module method with another name', code: `import vm from 'node:vm';\nexport function f() { return vm.createContext({}); }` },
    { name: 'local class called Script', code: `class Script { constructor(public s: string) {} }\nexport function f(x: string) { return new Script(x); }` },
    { name: 'JSON.parse instead of eval', code: `export function f(req: any) { return JSON.parse(req.body); }` },
  ],
  invalid: [
    {
      name: 'eval of request data',
      code: `export function handler(req, res) {\n  const expr = req.query.expr;\n  res.send(String(eval(expr)));\n}`,
      filename: 'case.js',
      errors: [{ line: 3, messageId: 'dynamicCode', severity: 'critical', minConfidence: 0.9, message: 'req.query' }],
    },
    {
      name: 'constant eval is a medium code smell',
      code: `const two = eval('1 + 1');`,
      errors: [{ line: 1, messageId: 'constantCode', severity: 'medium', minConfidence: 0.6, maxConfidence: 0.6 }],
    },
    {
      name: 'new Function with a parameter body',
      code: `export function compile(body: string) {\n  return new Function('a', 'b', body);\n}`,
      errors: [{ line: 2, messageId: 'dynamicCode', minConfidence: 0.6, message: 'parameter body' }],
    },
    {
      name: 'Function through an alias, called without new',
      code: `const F = Function;\nexport function compile(src: string) {\n  return F(src)();\n}`,
      errors: [{ line: 3, messageId: 'dynamicCode' }],
    },
    {
      name: 'indirect and global-object eval',
      code: `export function f(x: string) {\n  (0, eval)(x);\n  window.eval(x);\n  globalThis.eval(x);\n}`,
      errors: [{ line: 2 }, { line: 3 }, { line: 4 }],
    },
    {
      name: 'string timers',
      code: `export function f(name: string, code: string) {\n  setTimeout('update(' + name + ')', 10);\n  setInterval(\`poll(\${name})\`, 100);\n  setTimeout(code, 5);\n}`,
      errors: [{ line: 2 }, { line: 3 }, { line: 4 }],
    },
    {
      name: 'vm through require, destructuring and node: prefix',
      code: `const vm = require('vm');\nconst { runInNewContext: run } = require('node:vm');\nfunction f(req) {\n  vm.runInThisContext(req.body.code);\n  run(req.body.code, {});\n  new vm.Script(req.body.code);\n}`,
      filename: 'case.js',
      errors: [{ line: 4, minConfidence: 0.9 }, { line: 5 }, { line: 6 }],
    },
    {
      name: 'namespace import of vm and compileFunction',
      code: `import * as vm from 'vm';\nimport { Script } from 'node:vm';\nexport function f(src: string) {\n  vm.compileFunction(src);\n  return new Script(src);\n}`,
      errors: [{ line: 4 }, { line: 5 }],
    },
    {
      name: 'untraceable value at low confidence',
      code: `import { snippet } from './plugins';\neval(snippet);`,
      errors: [{ line: 2, messageId: 'dynamicCode', maxConfidence: 0.5 }],
    },
    {
      name: 'process.argv into eval',
      code: `eval(process.argv[2]);`,
      errors: [{ line: 1, minConfidence: 0.9, message: 'process.argv' }],
    },
  ],
});
