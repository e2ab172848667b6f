// Fixer for throw-literal: `throw "msg"` (or a template / string concatenation) becomes
// `throw new Error("msg")`, with the same text as its message. Unsafe: a catch block somewhere may
// compare the caught value with the string (`e === "msg"`) or print it as-is; we cannot see every
// caller cheaply, so a person checks. Numbers, objects, arrays, null and undefined are declined:
// code that throws those usually inspects them on purpose.
import { declined, type Fixer } from './types.js';
import { nodeAtFinding, replace, text, type Node } from './ast-helpers.js';

function isStringish(node: Node): boolean {
  if (node.type === 'Literal') return typeof node.value === 'string';
  if (node.type === 'TemplateLiteral') return true;
  return node.type === 'BinaryExpression' && node.operator === '+' && (isStringish(node.left) || isStringish(node.right));
}

const fixer: Fixer = {
  ruleId: 'throw-literal',
  description: 'Wraps a thrown string in `new Error(...)` (unsafe: catch blocks comparing the string break).',
  fix(ctx) {
    const statement = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['ThrowStatement']);
    if (!statement) return declined('no throw statement at the finding location');
    const argument = statement.argument;
    if (!isStringish(argument)) {
      return declined(`the thrown value is not a string (${argument.type}); code that throws other values usually inspects them, so it is left to a person`);
    }
    const message = text(ctx.source, argument);
    return {
      candidates: [
        {
          title: 'Throw an Error instead of a string',
          description: `Replaces \`throw ${message.length > 60 ? `${message.slice(0, 57)}...` : message}\` with \`throw new Error(...)\` carrying the same message.`,
          edits: [replace(ctx.filePath, argument, `new Error(${message})`)],
          safety: 'unsafe',
          rationale: 'A thrown Error carries a stack trace, and callers can rely on `err.message` and `instanceof Error`.',
          benefits: ['Stack trace at the throw site', '`err.message` works in catch blocks and loggers'],
          risks: [
            'A catch block that compares the caught value with the string (`e === "..."`) or uses it as a string no longer matches; callers are not checked.',
          ],
          test_strategy: 'Run the tests of the code that catches this error; check handlers use `err.message` instead of comparing the value.',
          test_cases: [{ name: 'throws an Error with the same message', description: 'The thrown value is an instance of Error whose message is the former string.' }],
        },
      ],
    };
  },
};

export default fixer;
