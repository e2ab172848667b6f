import rule from '../../../src/scanner/rules/error-handling/throw-literal.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'new Error', code: `throw new Error('bad');` },
    { name: 'rethrow an identifier', code: `try { a(); } catch (err) { throw err; }` },
    { name: 'factory call', code: `export function f() { throw createHttpError(404, 'missing'); }` },
    { name: 'Error without new', code: `throw Error('bad');` },
    { name: 'member expression', code: `export function f(r: { error: Error }) { throw r.error; }` },
    { name: 'await of a rejection builder', code: `export async function f() { throw await buildError(); }` },
    { name: 'conditional of errors', code: `export function f(a: Error, b: Error, c: boolean) { throw c ? a : b; }` },
  ],
  invalid: [
    { name: 'string', code: `throw 'something went wrong';`, errors: [{ line: 1, messageId: 'literal', message: 'a string', minConfidence: 0.9 }] },
    { name: 'number', code: `export function f() {\n  throw 42;\n}`, errors: [{ line: 2, message: 'a number' }] },
    { name: 'template literal', code: 'export function f(id: string) {\n  throw `no user ${id}`;\n}', errors: [{ line: 2, message: 'a string' }] },
    { name: 'object literal', code: `export function f() {\n  throw { status: 404, message: 'missing' };\n}`, errors: [{ line: 2, message: 'a plain object', maxConfidence: 0.7 }] },
    { name: 'string concatenation', code: `export function f(x: string) { throw 'bad value: ' + x; }`, errors: [{ line: 1, message: 'a string' }] },
    { name: 'null and undefined', code: `export function f(a: boolean) {\n  if (a) throw null;\n  throw undefined;\n}`, errors: [{ line: 2, message: 'null' }, { line: 3, message: 'undefined' }] },
  ],
});
