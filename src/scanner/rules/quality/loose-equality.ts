// loose-equality: `==` and `!=` coerce their operands, so `"0" == 0` and `[] == false` hold.
// Not reported where no coercion can happen or it is the idiom: `x == null` (null or undefined),
// `typeof x == "string"` (both sides are strings), and two literals of the same type.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'loose-equality',
    category: 'quality',
    severity: 'low',
    description: 'Comparisons with == or != that coerce types.',
    fixable: true,
    messages: {
      loose: 'Use {{strict}} instead of {{operator}}: {{operator}} converts types before comparing.',
    },
    recommendation: 'Compare with === / !== (and convert explicitly where a conversion is meant).',
    confidence: 0.9,
  },
  create(context) {
    return {
      BinaryExpression(node) {
        if (node.operator !== '==' && node.operator !== '!=') return;
        if (isNullLiteral(node.left) || isNullLiteral(node.right)) return;
        if (sameTypeOperands(node.left, node.right)) return;
        context.report({
          node,
          messageId: 'loose',
          data: { operator: node.operator, strict: node.operator === '==' ? '===' : '!==' },
        });
      },
    };
  },
});

function isNullLiteral(node: { type: string; value?: unknown; raw?: string }): boolean {
  return node.type === 'Literal' && node.value === null && node.raw === 'null';
}

/** Both sides certainly have the same primitive type, so == behaves exactly like ===. */
function sameTypeOperands(left: TSESTree.Node, right: TSESTree.Node): boolean {
  const typeOf = (node: TSESTree.Node): string | undefined => {
    if (node.type === 'UnaryExpression' && node.operator === 'typeof') return 'string';
    if (node.type === 'Literal' && node.value !== null && !('regex' in node)) return typeof node.value;
    if (node.type === 'TemplateLiteral') return 'string';
    return undefined;
  };
  const a = typeOf(left);
  return a !== undefined && a === typeOf(right);
}
