// Fixer for loose-equality: `==` / `!=` become `===` / `!==` only when both operands certainly
// have the same primitive type (from literals, templates, typeof, `!`, comparisons, `void`,
// string concatenation with a string literal), because then the two operators agree for every
// input: the fix is safe. Anything else is declined: `x == 0` with x possibly a string, and the
// `a == undefined` idiom (null or undefined), differ under ===. This fixer never proposes unsafe.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { declined, type Fixer } from './types.js';
import { nodeAtFinding, replace } from './ast-helpers.js';

const COMPARISON = new Set(['<', '>', '<=', '>=', '==', '!=', '===', '!==', 'in', 'instanceof']);

/** The primitive type an expression certainly has, or undefined when it is not known. */
export function knownType(node: TSESTree.Node): string | undefined {
  switch (node.type) {
    case 'Literal':
      if ('regex' in node && node.regex) return undefined;
      if ('bigint' in node && node.bigint) return 'bigint';
      return node.value === null ? 'null' : typeof node.value;
    case 'TemplateLiteral':
      return 'string';
    case 'UnaryExpression':
      if (node.operator === 'typeof') return 'string';
      if (node.operator === '!') return 'boolean';
      if (node.operator === 'void') return 'undefined';
      return undefined; // `-x` may be a bigint, `+x` throws on one
    case 'BinaryExpression':
      if (COMPARISON.has(node.operator)) return 'boolean';
      if (node.operator === '+' && (knownType(node.left) === 'string' || knownType(node.right) === 'string')) return 'string';
      return undefined;
    case 'TSAsExpression':
    case 'TSNonNullExpression':
      return undefined; // a type assertion proves nothing at run time
    default:
      return undefined;
  }
}

function isUndefined(node: TSESTree.Node): boolean {
  return (node.type === 'Identifier' && node.name === 'undefined') || (node.type === 'UnaryExpression' && node.operator === 'void');
}

function isNullish(node: TSESTree.Node): boolean {
  return isUndefined(node) || (node.type === 'Literal' && node.value === null);
}

/** Why === may differ from == for this comparison, or undefined when both sides have one known type. */
function whyNotEquivalent(source: string, expression: TSESTree.BinaryExpression): string | undefined {
  const { left, right, operator } = expression;
  if (isNullish(left) || isNullish(right)) {
    return `\`${operator} undefined\` / \`${operator} null\` is the idiom for "null or undefined"; === would change its meaning`;
  }
  const a = knownType(left);
  const b = knownType(right);
  if (a !== undefined && a === b) return undefined;
  if (a !== undefined && b !== undefined) {
    return `the operands have different types (${a} and ${b}); === would always be ${operator === '==' ? 'false' : 'true'}, which changes behaviour`;
  }
  const unknown = [a === undefined ? left : undefined, b === undefined ? right : undefined].filter((n) => n !== undefined);
  const names = unknown.map((n) => `\`${source.slice(n.range[0], n.range[1])}\``).join(' and ');
  return `the type of ${names} is not known, so === may behave differently (e.g. "0" == 0 is true, "0" === 0 is false)`;
}

const fixer: Fixer = {
  ruleId: 'loose-equality',
  description: 'Turns == / != into === / !== when both operand types are known to be the same (safe); declines otherwise.',
  fix(ctx) {
    const expression = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['BinaryExpression']);
    if (!expression || (expression.operator !== '==' && expression.operator !== '!=')) return declined('no == / != comparison at the finding location');
    const { left, right, operator } = expression;
    const problem = whyNotEquivalent(ctx.source, expression);
    if (problem) return declined(problem);
    const a = knownType(left)!;
    const between = ctx.source.slice(left.range[1], right.range[0]);
    const match = /[!=]=(?!=)/.exec(between);
    if (!match) return declined('cannot locate the operator');
    const start = left.range[1] + match.index;
    const strict = operator === '==' ? '===' : '!==';
    return {
      candidates: [
        {
          title: `Use ${strict} instead of ${operator}`,
          description: `Both operands are ${a === 'undefined' ? 'undefined' : `${a}s`}, so \`${strict}\` gives the same result as \`${operator}\` for every input.`,
          edits: [replace(ctx.filePath, [start, start + 2], strict)],
          safety: 'safe',
          rationale: `Both sides are certainly of type ${a}: with equal types, ${operator} does no conversion and agrees with ${strict}.`,
          benefits: ['States that no type conversion is intended', 'Silences the loose-equality finding for good'],
          risks: [],
          test_strategy: 'None needed: the comparison is equivalent for every input.',
        },
      ],
    };
  },
};

export default fixer;
