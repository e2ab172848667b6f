// function-length: functions whose body is longer than a limit (default 80 lines). A long function
// usually does several things, which makes it hard to read, test and reuse.
// The lines of the body are counted (between the braces; the whole expression for a concise arrow
// body), nested functions included. Two kinds of wrappers are not reported because their length is
// the length of what they contain: immediately invoked functions (module wrappers, UMD) and the
// callbacks of test-suite containers (`describe`, `suite`, `context`) and AMD `define`.
import { defineRule, numberOption } from '../../rule.js';
import { describeFunction, functionHead, type FunctionNode } from './complexity.js';

/** Test-suite containers whose callback holds whole test cases, and the AMD module wrapper. */
const WRAPPER_FUNCTIONS = new Set(['describe', 'suite', 'context', 'fdescribe', 'xdescribe', 'define']);

export default defineRule({
  meta: {
    id: 'function-length',
    category: 'quality',
    severity: 'low',
    description: 'Functions longer than a limit.',
    messages: {
      tooLong: 'The {{name}} is {{lines}} lines long (limit {{max}}).',
    },
    recommendation: 'Split the function into smaller, well-named functions that each do one thing.',
    confidence: 0.9,
    defaultOptions: { max: 80 },
  },
  create(context) {
    const max = numberOption(context.options, 'max', 80);
    const check = (fn: FunctionNode): void => {
      const lines = bodyLines(fn);
      if (lines <= max || isWrapper(fn)) return;
      context.report({
        ...functionHead(fn),
        messageId: 'tooLong',
        data: { name: describeFunction(fn), lines, max },
        metadata: { lines, max },
      });
    };
    return {
      FunctionDeclaration: check,
      FunctionExpression: check,
      ArrowFunctionExpression: check,
    };
  },
});

function bodyLines(fn: FunctionNode): number {
  const body = fn.body;
  const span = body.loc.end.line - body.loc.start.line;
  // a block's brace lines are not body lines; a concise arrow body counts all its lines
  return body.type === 'BlockStatement' ? Math.max(span - 1, span === 0 ? 1 : 0) : span + 1;
}

function isWrapper(fn: FunctionNode): boolean {
  let parent = fn.parent;
  // (function () { ... })() and (() => { ... }).call(this)
  if (parent?.type === 'MemberExpression' && parent.object === fn) parent = parent.parent;
  if (!parent || (parent.type !== 'CallExpression' && parent.type !== 'NewExpression')) return false;
  if (parent.callee === fn || (parent.callee.type === 'MemberExpression' && parent.callee.object === fn)) return true;
  const callee = parent.callee;
  const name =
    callee.type === 'Identifier'
      ? callee.name
      : callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && !callee.computed && callee.property.type === 'Identifier'
        ? callee.object.name // describe.only / describe.skip
        : undefined;
  if (name !== undefined && WRAPPER_FUNCTIONS.has(name)) return true;
  // describe.each(table)('name', () => { ... })
  if (callee.type === 'CallExpression' && callee.callee.type === 'MemberExpression' && callee.callee.object.type === 'Identifier') {
    return WRAPPER_FUNCTIONS.has(callee.callee.object.name);
  }
  return false;
}
