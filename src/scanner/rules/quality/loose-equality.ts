// loose-equality: `==` and `!=` coerce their operands, so `"0" == 0` and `[] == false` hold.
// `x == null` is the one accepted idiom (null or undefined) and is not reported.
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
