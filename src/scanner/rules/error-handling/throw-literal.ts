// throw-literal: `throw "message"`, `throw 42`, `throw \`…\``, `throw { code: 1 }`. A thrown
// value that is not an Error has no stack trace, so the log says what failed but not where;
// and handlers that read `err.message` or check `instanceof Error` misbehave. Identifiers and
// calls (`throw err`, `throw createError()`) may well be Errors and are not reported.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'throw-literal',
    category: 'error_handling',
    severity: 'medium',
    fixable: true,
    description: 'throw statements with a string, number, template or plain object instead of an Error.',
    confidence: 0.9,
    messages: {
      literal: 'This throws {{what}}, not an Error: it carries no stack trace, and `err.message` / `instanceof Error` checks fail on it.',
    },
    recommendation: 'Throw an Error (or a subclass): `throw new Error("…")`, with `{ cause }` to keep an underlying error.',
  },
  create(context) {
    return {
      ThrowStatement(node) {
        const what = describeThrown(node.argument);
        if (what === undefined) return;
        context.report({
          node,
          messageId: 'literal',
          data: { what },
          // plain objects are sometimes a deliberate protocol (`throw { status: 404 }`)
          confidence: node.argument.type === 'ObjectExpression' ? 0.65 : 0.9,
        });
      },
    };
  },
});

function describeThrown(argument: TSESTree.Expression): string | undefined {
  switch (argument.type) {
    case 'Literal':
      if (argument.value === null) return 'null';
      if ('regex' in argument && argument.regex) return 'a regular expression';
      return `a ${typeof argument.value}`;
    case 'TemplateLiteral':
      return 'a string';
    case 'ObjectExpression':
      return 'a plain object';
    case 'ArrayExpression':
      return 'an array';
    case 'BinaryExpression':
      // 'Bad value: ' + x
      return argument.operator === '+' && (isStringish(argument.left) || isStringish(argument.right)) ? 'a string' : undefined;
    case 'Identifier':
      return argument.name === 'undefined' ? 'undefined' : undefined;
    default:
      return undefined;
  }
}

function isStringish(node: TSESTree.Node): boolean {
  if (node.type === 'Literal') return typeof node.value === 'string';
  if (node.type === 'TemplateLiteral') return true;
  return node.type === 'BinaryExpression' && node.operator === '+' && (isStringish(node.left) || isStringish(node.right));
}
