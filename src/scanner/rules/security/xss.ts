// xss: HTML markup built from a value that is not a constant is handed to the browser's HTML parser:
// `el.innerHTML = x`, `outerHTML`, `document.write(x)`, `el.insertAdjacentHTML(pos, x)` and React's
// `dangerouslySetInnerHTML={{ __html: x }}`. Constants and values that went through a sanitizer
// (DOMPurify.sanitize, sanitizeHtml, escapeHtml and other escape*/sanitize* functions) are not
// reported. Request and URL data (also through `const params = new URLSearchParams(location.search)`)
// are reported at high severity; parameters and values the scanner cannot trace at medium severity and
// confidence <= 0.5.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule } from '../../rule.js';
import { memberPropertyName, type FileAnalysis, type ValueOrigin } from '../../analysis/file-analysis.js';
import { stringParts } from './sql-injection.js';
import { describeSource, flowMetadata, isAllowListed, taintFlow } from './taint-flow.js';

const HTML_PROPERTIES = new Set(['innerHTML', 'outerHTML']);
const WRITE_FUNCTIONS = new Set(['document.write', 'document.writeln', 'window.document.write', 'window.document.writeln']);
/** Names of functions that make text safe to put into HTML. */
const SANITIZER = /^(?:sanitize\w*|escape\w*|encodeHtml\w*|encodeHTML\w*|htmlEscape|htmlEncode|purify|xss|filterXSS|stripTags|strip_tags)$/i;
/** Objects whose `encode`-style methods escape HTML (he, entities, html-entities). */
const ENCODER_OBJECTS = new Set(['he', 'entities', 'htmlEntities', 'Entities']);

export default defineRule({
  meta: {
    id: 'xss',
    category: 'security',
    severity: 'high',
    description: 'HTML built from non-constant values written with innerHTML, document.write, insertAdjacentHTML or dangerouslySetInnerHTML.',
    cwe: ['CWE-79'],
    owasp: ['A03:2021-Injection'],
    messages: {
      htmlSink: '{{sink}} receives HTML built from {{source}}; markup or script in it runs in the page.',
    },
    recommendation:
      'Set text with textContent (or render it through the framework), or sanitize the markup with DOMPurify.sanitize before inserting it.',
  },
  create(context) {
    const { analysis } = context;

    function check(value: TSESTree.Node, sink: string, at: TSESTree.Node): void {
      const origin = taint(value, analysis);
      if (origin.kind === 'constant') return;
      const strong = origin.kind === 'external' && !origin.source.startsWith('parameter ');
      if (isAllowListed(context, at, value)) return;
      const flow = origin.kind === 'external' ? taintFlow(context, value, at) : [];
      const source = describeSource(origin, flow);
      context.report({
        node: at,
        messageId: 'htmlSink',
        data: { sink, source },
        severity: strong ? undefined : 'medium',
        confidence: strong ? origin.confidence : Math.min(origin.kind === 'external' ? 0.5 : 0.4, origin.confidence),
        metadata: { sink, source, ...flowMetadata(flow) },
      });
    }

    return {
      AssignmentExpression(node) {
        if (node.operator !== '=' && node.operator !== '+=') return;
        const left = node.left;
        if (left.type !== 'MemberExpression') return;
        const property = memberPropertyName(left);
        if (property === undefined || !HTML_PROPERTIES.has(property)) return;
        check(node.right, property, node);
      },
      CallExpression(node) {
        const callee = node.callee;
        const name = analysis.qualifiedName(callee);
        if (name !== undefined && WRITE_FUNCTIONS.has(name)) {
          for (const arg of node.arguments) {
            if (arg.type === 'SpreadElement') continue;
            if (taint(arg, analysis).kind === 'constant') continue;
            check(arg, `${name}()`, node);
            return;
          }
          return;
        }
        if (callee.type === 'MemberExpression' && memberPropertyName(callee) === 'insertAdjacentHTML') {
          const html = node.arguments[1];
          if (html && html.type !== 'SpreadElement') check(html, 'insertAdjacentHTML()', node);
        }
      },
      JSXAttribute(node) {
        if (node.name.type !== 'JSXIdentifier' || node.name.name !== 'dangerouslySetInnerHTML') return;
        const container = node.value;
        if (!container || container.type !== 'JSXExpressionContainer' || container.expression.type === 'JSXEmptyExpression') return;
        const expression = container.expression;
        if (expression.type === 'ObjectExpression') {
          for (const p of expression.properties) {
            if (p.type !== 'Property') continue;
            const key = !p.computed && p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? p.key.value : undefined;
            if (key === '__html') check(p.value, 'dangerouslySetInnerHTML', node);
          }
          return;
        }
        check(expression, 'dangerouslySetInnerHTML', node);
      },
    };
  },
});

/** The origin of markup, with the parts that went through a sanitizer counted as constants. */
function taint(value: TSESTree.Node, analysis: FileAnalysis): ValueOrigin {
  if (isSanitized(value, analysis, 0)) return { kind: 'constant' };
  if (value.type === 'ConditionalExpression') return worst([taint(value.consequent, analysis), taint(value.alternate, analysis)]);
  if (value.type === 'LogicalExpression') return worst([taint(value.left, analysis), taint(value.right, analysis)]);
  const parts = stringParts(value, analysis);
  if (parts === undefined) return originOf(value, analysis, 0);
  const origins: ValueOrigin[] = [];
  for (const part of parts) {
    if (typeof part === 'string') continue;
    origins.push(isSanitized(part, analysis, 0) ? { kind: 'constant' } : originOf(part, analysis, 0));
  }
  return worst(origins);
}

/**
 * analysis.origin, also through a search-params object kept in a constant:
 * `const params = new URLSearchParams(location.search); const q = params.get('q') ?? ''`.
 */
function originOf(value: TSESTree.Node, analysis: FileAnalysis, depth: number): ValueOrigin {
  const fallback = analysis.origin(value);
  if (fallback.kind !== 'unknown' || depth > 3) return fallback;
  if (value.type === 'Identifier') {
    const binding = analysis.lookup(value.name);
    if (binding?.kind !== 'const' || !binding.init || binding.path) return fallback;
    const traced = originOf(binding.init, analysis, depth + 1);
    return traced.kind === 'external' ? traced : fallback;
  }
  if (value.type === 'LogicalExpression' || value.type === 'TSNonNullExpression' || value.type === 'TSAsExpression') {
    const inner = value.type === 'LogicalExpression' ? [value.left, value.right] : [value.expression];
    const traced = worst(inner.map((e) => originOf(e, analysis, depth + 1)));
    return traced.kind === 'external' ? traced : fallback;
  }
  if (value.type === 'CallExpression' && value.callee.type === 'MemberExpression' && value.callee.object.type === 'Identifier') {
    const method = memberPropertyName(value.callee);
    const holder = analysis.lookup(value.callee.object.name);
    const init = holder?.kind === 'const' && !holder.path ? holder.init : undefined;
    if ((method === 'get' || method === 'getAll') && init?.type === 'NewExpression' && analysis.qualifiedName(init.callee) === 'URLSearchParams') {
      const input = init.arguments[0];
      if (input && input.type !== 'SpreadElement') {
        const traced = analysis.origin(input);
        if (traced.kind === 'external') return traced;
      }
    }
  }
  return fallback;
}

function isSanitized(value: TSESTree.Node, analysis: FileAnalysis, depth: number): boolean {
  if (depth > 3) return false;
  if (value.type === 'AwaitExpression') return isSanitized(value.argument, analysis, depth + 1);
  if (value.type === 'CallExpression') {
    const callee = value.callee;
    if (callee.type === 'Identifier') return SANITIZER.test(callee.name);
    if (callee.type === 'MemberExpression') {
      const method = memberPropertyName(callee);
      if (method === undefined) return false;
      if (SANITIZER.test(method)) return true;
      return (method === 'encode' || method === 'escape') && callee.object.type === 'Identifier' && ENCODER_OBJECTS.has(callee.object.name);
    }
    return false;
  }
  if (value.type === 'Identifier') {
    const binding = analysis.lookup(value.name);
    if (!binding || !binding.init || binding.path) return false;
    if (binding.kind !== 'const' && binding.reassigned) return false;
    return isSanitized(binding.init, analysis, depth + 1);
  }
  return false;
}

function worst(origins: ValueOrigin[]): ValueOrigin {
  let best: ValueOrigin = { kind: 'constant' };
  let score = 0;
  for (const o of origins) {
    const s = o.kind === 'external' ? 1 + o.confidence : o.kind === 'unknown' ? o.confidence : 0;
    if (s > score) {
      best = o;
      score = s;
    }
  }
  return best;
}
