// explicit-any: the `any` type written out in TypeScript code. `any` switches type checking off for
// the value and for everything computed from it, so type errors spread silently.
// Two common forms are reported with a lower confidence: `catch (e: any)` (the caught value is
// `unknown`/`any` anyway; `unknown` plus a narrowing check is the fix) and rest parameters of
// pass-through wrappers `(...args: any[])`. Lines where the author already acknowledged the `any`
// for ESLint (`eslint-disable-next-line @typescript-eslint/no-explicit-any`, or a file-wide
// `eslint-disable` of that rule) are not reported again.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, type Node } from '../../rule.js';

const NO_EXPLICIT_ANY = /no-explicit-any/;
const DISABLE_NEXT_LINE = /^\s*eslint-disable-next-line\b/;
const DISABLE_LINE = /^\s*eslint-disable-line\b/;
const DISABLE_FILE = /^\s*eslint-disable(?!-)\b/;

export default defineRule({
  meta: {
    id: 'explicit-any',
    category: 'quality',
    severity: 'low',
    description: 'Explicit `any` type annotations in TypeScript code.',
    messages: {
      explicitAny: '`any` turns off type checking for this value and everything derived from it.',
      catchAny: '`catch (e: any)` hides the shape of the error; catch `unknown` and narrow it (e.g. `e instanceof Error`).',
      restAny: '`...args: any[]` accepts anything; use `unknown[]` or `Parameters<typeof target>` for pass-through arguments.',
    },
    recommendation:
      'Use a precise type, `unknown` (and narrow it before use), or a generic type parameter instead of `any`.',
    confidence: 0.9,
    commentTrigger: NO_EXPLICIT_ANY,
  },
  create(context) {
    let acknowledged: Set<number> | undefined;
    let fileAcknowledged = false;
    return {
      Program() {
        for (const comment of context.comments) {
          if (!NO_EXPLICIT_ANY.test(comment.value)) continue;
          if (DISABLE_NEXT_LINE.test(comment.value)) (acknowledged ??= new Set()).add(comment.loc.end.line + 1);
          else if (DISABLE_LINE.test(comment.value)) (acknowledged ??= new Set()).add(comment.loc.start.line);
          else if (comment.type === 'Block' && DISABLE_FILE.test(comment.value)) fileAcknowledged = true;
        }
      },
      TSAnyKeyword(node) {
        if (fileAcknowledged || acknowledged?.has(node.loc.start.line)) return;
        const annotated = annotatedNode(node);
        if (annotated?.type === 'Identifier' && annotated.parent?.type === 'CatchClause') {
          context.report({ node, messageId: 'catchAny', confidence: 0.4 });
          return;
        }
        if (annotated?.type === 'RestElement' && node.parent?.type === 'TSArrayType') {
          context.report({ node, messageId: 'restAny', confidence: 0.5 });
          return;
        }
        context.report({ node, messageId: 'explicitAny' });
      },
    };
  },
});

/** The node whose type annotation this `any` is (or is the element type of): `x: any`, `...a: any[]`. */
function annotatedNode(node: TSESTree.TSAnyKeyword): Node | undefined {
  let parent = node.parent;
  if (parent?.type === 'TSArrayType') parent = parent.parent;
  if (parent?.type !== 'TSTypeAnnotation') return undefined;
  const annotated = parent.parent;
  // typescript-estree puts a rest parameter's annotation on the RestElement; be lenient either way
  if (annotated?.type === 'Identifier' && annotated.parent?.type === 'RestElement') return annotated.parent;
  return annotated;
}
