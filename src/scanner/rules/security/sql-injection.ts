// sql-injection: a query method (`.query`, `.execute`, `.raw`, `.unsafe`, Prisma's `$queryRawUnsafe`
// / `$executeRawUnsafe`, `knex.raw`, `sequelize.query`) gets SQL text assembled with a template
// literal or `+` from values that are not constants. Placeholders with a values array and tagged
// templates (sql`...`, Prisma `$queryRaw`...``) are parameterised by the driver and never reported;
// neither is text that does not look like SQL, nor parts passed through escape()/escapeId()/format().
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule } from '../../rule.js';
import { memberPropertyName, type FileAnalysis, type ValueOrigin } from '../../analysis/file-analysis.js';
import { confidenceOf } from './command-injection.js';
import { describeSource, flowMetadata, isAllowListed, taintFlow } from './taint-flow.js';

const QUERY_METHODS = new Set(['query', 'execute', 'raw', 'unsafe', '$queryRawUnsafe', '$executeRawUnsafe', 'exec', 'run', 'all', 'get', 'prepare']);
/** Method names that are too generic to be a query sink without a leading SQL statement keyword. */
const GENERIC_METHODS = new Set(['exec', 'run', 'all', 'get', 'prepare']);
/** A statement keyword and a clause keyword: enough to tell SQL from prose. */
const SQL_STATEMENT = /\b(?:select|insert|update|delete|with|create|drop|alter|truncate|replace|merge|grant|call)\s/i;
const SQL_CLAUSE = /\b(?:from|where|into|set|values|table|join|order\s+by|group\s+by|limit|returning|select|index|view|database)\b/i;
const SQL_START = /^\s*(?:\(\s*)?(?:select|insert|update|delete|with|create|drop|alter|truncate|replace|merge)\s/i;
/** Calls whose result is safe to put into SQL text: driver escapes and formatters. */
const ESCAPE_CALL = /^(?:escape\w*|quote\w*|format|sqlstring|identifier|literal|placeholders?)$/i;

export default defineRule({
  meta: {
    id: 'sql-injection',
    category: 'security',
    severity: 'high',
    description: 'SQL queries assembled from non-constant values with a template literal or string concatenation.',
    cwe: ['CWE-89'],
    owasp: ['A03:2021-Injection'],
    messages: {
      sqlBuilt:
        '{{sink}}() runs SQL text built from {{source}}; quotes in that value change the query.',
    },
    recommendation:
      'Pass values as parameters (`query("... WHERE id = $1", [id])`, `?` placeholders, or a tagged template such as sql`...`); build identifiers from an allow-list.',
  },
  create(context) {
    const { analysis } = context;
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression') return;
        const method = memberPropertyName(callee);
        if (method === undefined || !QUERY_METHODS.has(method)) return;
        const arg = node.arguments[0];
        if (!arg || arg.type === 'SpreadElement') return;
        const parts = stringParts(arg, analysis);
        if (parts === undefined) return; // not a concatenation or template: a plain value or parameterised call
        let text = '';
        let worst: ValueOrigin | undefined;
        let worstPart: TSESTree.Node | undefined;
        for (const part of parts) {
          if (typeof part === 'string') {
            text += part;
            continue;
          }
          text += ' ? ';
          if (isEscaped(part, analysis) || isNumberTyped(part, analysis)) continue;
          const origin = analysis.origin(part);
          if (origin.kind === 'constant') continue;
          if (worst === undefined || weight(origin) > weight(worst)) {
            worst = origin;
            worstPart = part;
          }
        }
        if (worst === undefined || worstPart === undefined) return;
        if (isAllowListed(context, node, worstPart)) return;
        if (!looksLikeSql(text, GENERIC_METHODS.has(method))) return;
        const unknown = worst.kind === 'unknown';
        const sink = callee.object.type === 'Identifier' ? `${callee.object.name}.${method}` : method;
        const flow = taintFlow(context, worstPart, node);
        const source = describeSource(worst, flow);
        context.report({
          node: arg,
          messageId: 'sqlBuilt',
          data: { sink, source },
          severity: unknown ? 'medium' : undefined,
          confidence: unknown ? Math.min(0.4, confidenceOf(worst)) : confidenceOf(worst),
          metadata: { sink: method, source, ...flowMetadata(flow) },
        });
      },
    };
  },
});

function looksLikeSql(text: string, strict: boolean): boolean {
  if (strict) return SQL_START.test(text) && SQL_CLAUSE.test(text);
  return SQL_STATEMENT.test(text) && SQL_CLAUSE.test(text);
}

function weight(origin: ValueOrigin): number {
  return origin.kind === 'external' ? 1 + origin.confidence : origin.kind === 'unknown' ? origin.confidence : 0;
}

/** A part that went through an escape function or is the `ids.map(() => '?').join(',')` placeholder idiom. */
function isEscaped(part: TSESTree.Node, analysis: FileAnalysis): boolean {
  if (part.type !== 'CallExpression') return false;
  const callee = part.callee;
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberPropertyName(callee) : undefined;
  if (name === undefined) return false;
  if (ESCAPE_CALL.test(name)) return true;
  if (name === 'join' && callee.type === 'MemberExpression') {
    const inner = callee.object;
    // ids.map(() => '?').join(', ') / ids.map((_, i) => `$${i + 1}`).join(',')
    if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && memberPropertyName(inner.callee) === 'map') {
      const fn = inner.arguments[0];
      if (fn && (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression') && fn.body.type !== 'BlockStatement') {
        return returnsPlaceholder(fn.body, fn.params[1]);
      }
    }
    // Array(n).fill('?').join(',')
    if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && memberPropertyName(inner.callee) === 'fill') {
      const value = inner.arguments[0];
      return value !== undefined && analysis.isConstant(value);
    }
  }
  return false;
}

/** A name declared with a number/boolean/bigint type annotation cannot carry quotes. */
function isNumberTyped(part: TSESTree.Node, analysis: FileAnalysis): boolean {
  if (part.type !== 'Identifier') return false;
  const binding = analysis.lookup(part.name);
  if (!binding) return false;
  let declared: TSESTree.Node = binding.node.type === 'VariableDeclarator' ? binding.node.id : binding.node;
  if (declared.type === 'AssignmentPattern') declared = declared.left;
  if (declared.type !== 'Identifier' || declared.name !== part.name) return false;
  const type = declared.typeAnnotation?.typeAnnotation.type;
  return type === 'TSNumberKeyword' || type === 'TSBooleanKeyword' || type === 'TSBigIntKeyword';
}

function returnsPlaceholder(body: TSESTree.Node, indexParam: TSESTree.Parameter | undefined): boolean {
  if (body.type === 'Literal') return true;
  if (body.type !== 'TemplateLiteral') return false;
  const index = indexParam?.type === 'Identifier' ? indexParam.name : undefined;
  return body.expressions.every(
    (e) =>
      (e.type === 'Identifier' && e.name === index) ||
      (e.type === 'BinaryExpression' && e.left.type === 'Identifier' && e.left.name === index && e.right.type === 'Literal'),
  );
}

export type StringPart = string | TSESTree.Expression;

/**
 * The pieces of a string built with a template literal or `+` (following one const/let binding):
 * static text as strings, everything else as expressions. Undefined when the value is not such a
 * concatenation (a plain identifier, a call, a tagged template). Parts whose value is known
 * statically are folded into text.
 */
export function stringParts(expr: TSESTree.Node, analysis: FileAnalysis, depth = 0): StringPart[] | undefined {
  if (depth > 3) return undefined;
  switch (expr.type) {
    case 'TemplateLiteral': {
      const out: StringPart[] = [];
      expr.quasis.forEach((quasi, i) => {
        out.push(quasi.value.cooked ?? quasi.value.raw);
        const e = expr.expressions[i];
        if (e) pushPart(out, e, analysis, depth);
      });
      return out;
    }
    case 'BinaryExpression': {
      if (expr.operator !== '+') return undefined;
      const out: StringPart[] = [];
      pushPart(out, expr.left as TSESTree.Expression, analysis, depth);
      pushPart(out, expr.right, analysis, depth);
      return out;
    }
    case 'Identifier': {
      const binding = analysis.lookup(expr.name);
      if (!binding || !binding.init || binding.path || binding.kind === 'param' || binding.kind === 'import') return undefined;
      if (binding.kind !== 'const' && binding.reassigned) return undefined;
      return stringParts(binding.init, analysis, depth + 1);
    }
    case 'TSAsExpression':
    case 'TSNonNullExpression':
      return stringParts(expr.expression, analysis, depth + 1);
    default:
      return undefined;
  }
}

function pushPart(out: StringPart[], e: TSESTree.Expression, analysis: FileAnalysis, depth: number): void {
  if (e.type === 'Literal') {
    out.push(e.value === null ? 'null' : String(e.value));
    return;
  }
  if (e.type === 'TemplateLiteral' || (e.type === 'BinaryExpression' && e.operator === '+')) {
    const inner = stringParts(e, analysis, depth + 1);
    if (inner) {
      out.push(...inner);
      return;
    }
  }
  const known = e.type === 'Identifier' ? analysis.staticString(e) : undefined;
  out.push(known ?? e);
}

/** Static text at the start of a string's parts (up to the first dynamic part). */
export function staticPrefix(parts: readonly StringPart[]): string {
  let prefix = '';
  for (const part of parts) {
    if (typeof part !== 'string') break;
    prefix += part;
  }
  return prefix;
}
