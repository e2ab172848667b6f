// empty-catch: `catch` blocks and `.catch(() => {})` handlers that swallow errors without a
// word. The failure disappears: no log, no retry, no error for the caller, and the program goes on
// in a state nobody checked. A comment inside the block ("ignore: the file may not exist") marks
// the swallowing as deliberate and is not reported, and so does a binding named `_…`/`ignore(d)`.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule } from '../../rule.js';
import { memberPropertyName } from '../../analysis/file-analysis.js';

const IGNORED_NAME = /^(?:_|ignored?$)/;
const CATCH_WITH_COMMENT = /catch\b[^{]{0,80}\{\s*\/[/*]/;

export default defineRule({
  meta: {
    id: 'empty-catch',
    category: 'error_handling',
    severity: 'medium',
    fixable: true,
    description: 'Empty catch blocks and empty promise rejection handlers that silently swallow errors.',
    cwe: ['CWE-390'],
    confidence: 0.8,
    // comments matter only where a catch block (or .catch handler) opens straight onto one
    commentTrigger: CATCH_WITH_COMMENT,
    messages: {
      emptyCatch: 'This catch block is empty: the error is swallowed without a log, a retry or a comment saying why.',
      emptyHandler: '.catch() with an empty handler swallows the rejection without a log or a comment saying why.',
    },
    recommendation:
      'Handle the error (log it, retry, return a fallback, rethrow with context), or, if ignoring it is right, say why in a comment inside the block.',
  },
  create(context) {
    const { comments } = context;
    return {
      CatchClause(node) {
        const body = node.body;
        if (body.body.length > 0 || hasCommentInside(comments, body)) return;
        // `catch (_err) {}` / `catch (ignored) {}`: the name says the error is dropped on purpose
        if (node.param?.type === 'Identifier' && IGNORED_NAME.test(node.param.name)) return;
        // `catch {}` (no binding) states at least that the error value is unused on purpose
        context.report({ node: body, messageId: 'emptyCatch', confidence: node.param ? 0.8 : 0.65 });
      },
      CallExpression(node) {
        if (node.callee.type !== 'MemberExpression' || memberPropertyName(node.callee) !== 'catch') return;
        const handler = node.arguments[0];
        if (!handler || (handler.type !== 'ArrowFunctionExpression' && handler.type !== 'FunctionExpression')) return;
        const body = handler.body;
        if (body.type !== 'BlockStatement' || body.body.length > 0 || hasCommentInside(comments, body)) return;
        context.report({ node: handler, messageId: 'emptyHandler', confidence: 0.75 });
      },
    };
  },
});

/** True when a comment lies inside the block's braces (comments are sorted by position). */
function hasCommentInside(comments: readonly TSESTree.Comment[], block: TSESTree.BlockStatement): boolean {
  const [start, end] = block.range;
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comments[mid]!.range[0] <= start) lo = mid + 1;
    else hi = mid;
  }
  const next = comments[lo];
  return next !== undefined && next.range[1] <= end;
}
