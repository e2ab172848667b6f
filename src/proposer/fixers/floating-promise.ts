// Fixer for floating-promise: a statement that makes a promise and drops it.
//   - Inside an async function: `await call(...)` (unsafe: the function now waits for the work, and
//     a rejection now propagates to its caller), with `.catch()` as the alternative.
//   - Elsewhere, and inside loops (where `await` would serialise the iterations): append
//     `.catch((error) => { console.error(error); })`. Unsafe too: a fulfilled promise behaves
//     exactly as before, but a rejection that used to end the process (an unhandled rejection in
//     Node >= 15) is now logged and the program goes on, which a person must judge.
// Declined when the expression already ends in .catch()/.then(ok, fail) or is `void`ed (the rule
// does not report those either).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { declined, type FixCandidate, type Fixer } from './types.js';
import { insert, nodeAtFinding, setParents, type Node } from './ast-helpers.js';
import type { TextEdit } from '../edits.js';

const CATCH = '.catch((error) => { console.error(error); })';

/** The innermost function holding `node`, and whether a loop of that function lies in between. */
function enclosing(node: Node): { fn: TSESTree.FunctionLike | undefined; inLoop: boolean } {
  let inLoop = false;
  let current = node.parent;
  while (current) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') return { fn: current, inLoop };
    if (/^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(current.type)) inLoop = true;
    current = current.parent;
  }
  return { fn: undefined, inLoop };
}

function handled(expression: TSESTree.Expression): string | undefined {
  const call = expression.type === 'ChainExpression' ? expression.expression : expression;
  if (call.type === 'CallExpression' && call.callee.type === 'MemberExpression' && !call.callee.computed && call.callee.property.type === 'Identifier') {
    const method = call.callee.property.name;
    if (method === 'catch') return 'the promise already has a .catch() handler';
    if (method === 'then' && call.arguments.length >= 2) return 'the promise already has a rejection handler in .then(ok, fail)';
  }
  return undefined;
}

/** The logging fix: a handler appended to the promise; `note` ends the description. */
function catchCandidate(name: string, edit: TextEdit, note: string): FixCandidate {
  return {
    title: `Log a rejection of ${name} with .catch()`,
    description: `Appends \`${CATCH}\` to the dropped promise; ${note}.`,
    edits: [edit],
    safety: 'unsafe',
    rationale:
      'A dropped promise that rejects becomes an unhandled rejection, which ends the process (Node >= 15) or prints a warning. The handler only runs on a rejection; a fulfilled promise behaves exactly as before.',
    benefits: ['A failure is logged instead of crashing the process or vanishing'],
    risks: [
      'A rejection that used to end the process with an unhandled-rejection error is now logged and the program continues; if crashing was the intended failure mode, rethrow or exit in the handler.',
      'The code after the statement still does not wait for the work to finish.',
    ],
    test_strategy: 'Make the call reject (e.g. a failing fetch to a closed local port) and check the error is logged and the process keeps running.',
  };
}

const fixer: Fixer = {
  ruleId: 'floating-promise',
  description: 'Awaits a dropped promise in an async function, or adds a logging .catch() elsewhere (both unsafe: failures no longer end the process or now propagate).',
  fix(ctx) {
    setParents(ctx.program);
    const found = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['CallExpression', 'NewExpression']);
    if (!found) return declined('no call at the finding location');
    const expression: TSESTree.Expression = found.parent?.type === 'ChainExpression' ? found.parent : found;
    const statement = expression.parent;
    if (statement?.type !== 'ExpressionStatement' || statement.expression !== expression) return declined('the promise is not dropped by an expression statement');
    const already = handled(expression);
    if (already !== undefined) return declined(already);
    const name = String(ctx.finding.metadata.message_id) === 'newPromise' ? 'the new Promise' : 'the call';
    const catchEdit = insert(ctx.filePath, expression.range[1], CATCH);

    const { fn, inLoop } = enclosing(statement);
    if (!fn?.async) return { candidates: [catchCandidate(name, catchEdit, 'nothing waits for it, as before')] };
    if (inLoop) {
      return { candidates: [catchCandidate(name, catchEdit, 'nothing waits for it, as before (it is in a loop, where `await` would run the iterations one after another)')] };
    }
    const awaitFix: FixCandidate = {
      title: `Await ${name} in the async function`,
      description: 'Prefixes the statement with `await`: the function waits for the work and a rejection reaches its caller.',
      edits: [insert(ctx.filePath, expression.range[0], 'await ')],
      safety: 'unsafe',
      rationale: 'The async function appears to depend on this work; awaiting it makes the code after it run once the work is done, and a failure rejects the function instead of becoming an unhandled rejection.',
      benefits: ['The work finishes before the function goes on or returns', 'A failure reaches the caller, which can handle it'],
      risks: [
        'The function now takes as long as the awaited work (latency goes up if it was meant to run in the background).',
        'A rejection now propagates to the callers of this function; they must handle it.',
      ],
      test_strategy: 'Run the tests of the function; add one where the awaited work rejects and check the function rejects with that error.',
      test_cases: [{ name: 'propagates the rejection', description: 'When the awaited work rejects, the function rejects with the same error.' }],
    };
    return { candidates: [awaitFix, catchCandidate(name, catchEdit, 'the function still does not wait for it')] };
  },
};

export default fixer;
