// "Is this use checked first?": the conditions that guard a node within its own function, so
// rules can accept a value that was validated before it reached a sink.
import type { TSESTree } from '@typescript-eslint/typescript-estree';

/**
 * True when `accepts` holds for the test of an `if` (or `?:`) that encloses `at`, or of an `if`
 * statement that comes before it in an enclosing block (`if (!ok(x)) return;` then the use).
 * Only the way up from `at` is looked at, and never beyond its function: a check elsewhere does
 * not guard this use.
 */
export function isGuardedBy(at: TSESTree.Node, accepts: (test: TSESTree.Expression) => boolean): boolean {
  let child: TSESTree.Node = at;
  let parent = at.parent;
  while (parent) {
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && child !== parent.test && accepts(parent.test)) return true;
    if (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'SwitchCase') {
      const body: readonly TSESTree.Node[] = parent.type === 'SwitchCase' ? parent.consequent : parent.body;
      for (const statement of body) {
        if (statement === child) break;
        if (statement.type === 'IfStatement' && accepts(statement.test)) return true;
      }
    }
    if (parent.type === 'FunctionDeclaration' || parent.type === 'FunctionExpression' || parent.type === 'ArrowFunctionExpression') return false;
    child = parent;
    parent = parent.parent;
  }
  return false;
}
