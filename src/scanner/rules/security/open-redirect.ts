// open-redirect: the target of a redirect comes from the request (or the page URL), so a link on
// the trusted site sends users to any site: `res.redirect(req.query.next)`, `ctx.redirect(...)`,
// `reply.redirect(...)`, Next's `redirect()`, `location.href = ...`, `location.assign/replace(...)`.
// Only outside input is reported (request data, URL parts, cookies); constant targets, targets with
// a fixed relative prefix (`'/users/' + id`) or a fixed scheme and host, and targets checked in an
// enclosing or preceding `if` of the same function (`if (!isSafeUrl(next)) return`) or in the test of
// a conditional (`ALLOWED.has(next) ? next : '/'`) are not.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isGuardedBy } from '../../analysis/guards.js';
import { defineRule } from '../../rule.js';
import { memberPropertyName, type FileAnalysis, type ValueOrigin } from '../../analysis/file-analysis.js';
import { staticPrefix, stringParts } from './sql-injection.js';
import { describeSource, flowMetadata, isAllowListed, taintFlow } from './taint-flow.js';

const RESPONSE_NAMES = new Set(['res', 'response', 'reply', 'ctx', 'context', 'h']);
const FUNCTION_SINKS = new Set(['next/navigation.redirect', 'next/navigation.permanentRedirect', 'next/router.push', '@remix-run/node.redirect', '@sveltejs/kit.redirect']);
const LOCATION_OBJECTS = ['location', 'window.location', 'document.location', 'self.location', 'top.location', 'globalThis.location', 'window.top.location', 'parent.location'];
const LOCATION_TARGETS = new Set([...LOCATION_OBJECTS, ...LOCATION_OBJECTS.map((l) => `${l}.href`)]);
const LOCATION_METHODS = new Set([...LOCATION_OBJECTS.map((l) => `${l}.assign`), ...LOCATION_OBJECTS.map((l) => `${l}.replace`)]);
/** Static starts that pin the destination: a site-relative path, a fixed scheme and host, a query or fragment. */
const SAFE_PREFIX = /^(?:\/[^/\\]|[a-z][\w+.-]*:\/\/[^/?#\\]+[/?#]|[?#]|[\w.-]+\/)/i;

export default defineRule({
  meta: {
    id: 'open-redirect',
    category: 'security',
    severity: 'medium',
    description: 'Redirects to a URL taken from the request or the page address.',
    cwe: ['CWE-601'],
    owasp: ['A01:2021-Broken Access Control'],
    messages: {
      redirect: '{{sink}} sends the user to a URL from {{source}}; a crafted link on this site leads to any other site.',
    },
    recommendation:
      'Redirect only to relative paths you build yourself or to URLs on an allow-list; reject targets starting with `//` or a scheme.',
  },
  create(context) {
    const { analysis } = context;

    function check(value: TSESTree.Node | undefined, sink: string, at: TSESTree.Node): void {
      if (!value || value.type === 'SpreadElement') return;
      const origin = targetOrigin(value, analysis);
      if (origin.kind !== 'external') return;
      if (origin.source.startsWith('parameter ') || origin.source.startsWith('process.')) return;
      if (isChecked(at, value) || isAllowListed(context, at, value)) return;
      const flow = taintFlow(context, value, at);
      const source = describeSource(origin, flow);
      context.report({
        node: at,
        messageId: 'redirect',
        data: { sink, source },
        confidence: origin.confidence,
        metadata: { sink, source, ...flowMetadata(flow) },
      });
    }

    return {
      CallExpression(node) {
        const callee = node.callee;
        const args = node.arguments;
        if (callee.type === 'MemberExpression' && memberPropertyName(callee) === 'redirect' && isResponse(callee.object, analysis)) {
          // res.redirect(301, url) / reply.redirect(url, 301)
          const target = args.length >= 2 && isNumber(args[0]) ? args[1] : args[0];
          check(target, `${sourceName(callee.object)}.redirect()`, node);
          return;
        }
        const name = analysis.qualifiedName(callee);
        if (name === undefined) return;
        if (FUNCTION_SINKS.has(name) || LOCATION_METHODS.has(name)) check(args[0], `${name}()`, node);
      },
      AssignmentExpression(node) {
        if (node.operator !== '=') return;
        const left = node.left;
        if (left.type !== 'MemberExpression' && left.type !== 'Identifier') return;
        if (left.type === 'Identifier' && left.name !== 'location') return;
        const name = analysis.qualifiedName(left);
        if (name !== undefined && LOCATION_TARGETS.has(name)) check(node.right, name, node);
      },
    };
  },
});

function isResponse(object: TSESTree.Node, analysis: FileAnalysis): boolean {
  let base = object;
  if (base.type === 'MemberExpression' && memberPropertyName(base) === 'response') base = base.object;
  if (base.type !== 'Identifier' || !RESPONSE_NAMES.has(base.name)) return false;
  return analysis.lookup(base.name)?.kind === 'param';
}

function sourceName(object: TSESTree.Node): string {
  return object.type === 'Identifier' ? object.name : 'response';
}

function isNumber(arg: TSESTree.Node | undefined): boolean {
  return arg !== undefined && arg.type === 'Literal' && typeof arg.value === 'number';
}

/** The origin of a redirect target; a target whose static start pins the destination counts as constant. */
function targetOrigin(value: TSESTree.Node, analysis: FileAnalysis): ValueOrigin {
  const parts = stringParts(value, analysis);
  if (parts === undefined) return originOf(value, analysis, 0);
  if (SAFE_PREFIX.test(staticPrefix(parts))) return { kind: 'constant' };
  let worst: ValueOrigin = { kind: 'constant' };
  for (const part of parts) {
    if (typeof part === 'string') continue;
    const origin = originOf(part, analysis, 0);
    if (origin.kind === 'external' && (worst.kind !== 'external' || origin.confidence > worst.confidence)) worst = origin;
    else if (origin.kind === 'unknown' && worst.kind === 'constant') worst = origin;
  }
  return worst;
}

/** analysis.origin, also through `new URLSearchParams(location.search).get('next')` (inline or held in constants) and `a ?? '/'`. */
function originOf(value: TSESTree.Node, analysis: FileAnalysis, depth: number): ValueOrigin {
  if (depth > 3) return analysis.origin(value);
  if (value.type === 'Identifier') {
    // const next = ALLOWED.has(q) ? q : '/': look at the conditional itself
    const binding = analysis.lookup(value.name);
    if (binding?.kind === 'const' && binding.init && !binding.path) {
      if (binding.init.type === 'ConditionalExpression') return originOf(binding.init, analysis, depth + 1);
      // const next = params.get('continue'): the search params may be held in a constant too
      const traced = originOf(binding.init, analysis, depth + 1);
      if (traced.kind === 'external') return traced;
    }
  }
  if (value.type === 'ConditionalExpression') {
    // a branch the test validates (`isSafe(q) ? q : '/'`, `ALLOWED.has(q) ? q : '/'`) is not outside input
    const test = value.test;
    const branch = (b: TSESTree.Node): ValueOrigin => {
      const names = new Set<string>();
      collectNames(b, names, 0);
      return names.size > 0 && validates(test, names, 0) ? { kind: 'constant' } : originOf(b, analysis, depth + 1);
    };
    const [a, b] = [branch(value.consequent), branch(value.alternate)];
    if (a.kind === 'external' && (b.kind !== 'external' || a.confidence >= b.confidence)) return a;
    if (b.kind === 'external') return b;
    return a.kind === 'unknown' ? a : b;
  }
  if (value.type === 'LogicalExpression') {
    const left = originOf(value.left, analysis, depth + 1);
    return left.kind === 'external' ? left : originOf(value.right, analysis, depth + 1);
  }
  if (value.type === 'CallExpression' && value.callee.type === 'MemberExpression') {
    const method = memberPropertyName(value.callee);
    let object: TSESTree.Node = value.callee.object;
    if (object.type === 'Identifier') {
      // const params = new URL(location.href).searchParams / new URLSearchParams(location.search)
      const holder = analysis.lookup(object.name);
      if (holder?.kind === 'const' && holder.init && !holder.path) object = holder.init;
    }
    if (object.type === 'MemberExpression' && memberPropertyName(object) === 'searchParams') object = object.object;
    if ((method === 'get' || method === 'getAll') && object.type === 'NewExpression' && object.callee.type === 'Identifier') {
      const ctor = object.callee.name;
      const input = object.arguments[0];
      if ((ctor === 'URLSearchParams' || ctor === 'URL') && analysis.isGlobal(ctor) && input && input.type !== 'SpreadElement') {
        return analysis.origin(input);
      }
    }
  }
  return analysis.origin(value);
}

/**
 * A validation before the redirect in the same function: an `if` whose test calls something on or
 * with the target (`isSafe(next)`, `ALLOWED.has(next)`, `next.startsWith('/')`, `/^\/\w/.test(next)`),
 * either enclosing the redirect or an earlier statement of an enclosing block.
 */
export function isChecked(at: TSESTree.Node, value: TSESTree.Node): boolean {
  const names = new Set<string>();
  collectNames(value, names, 0);
  if (names.size === 0) return false;
  return isGuardedBy(at, (test) => validates(test, names, 0));
}

function collectNames(node: TSESTree.Node, out: Set<string>, depth: number): void {
  if (depth > 4) return;
  switch (node.type) {
    case 'Identifier':
      out.add(node.name);
      return;
    case 'MemberExpression': {
      const path = pathOf(node);
      if (path !== undefined) out.add(path);
      return;
    }
    case 'LogicalExpression':
    case 'BinaryExpression':
      collectNames(node.left, out, depth + 1);
      collectNames(node.right, out, depth + 1);
      return;
    case 'TemplateLiteral':
      for (const e of node.expressions) collectNames(e, out, depth + 1);
      return;
    case 'TSAsExpression':
    case 'TSNonNullExpression':
      collectNames(node.expression, out, depth + 1);
      return;
    default:
      return;
  }
}

function validates(test: TSESTree.Node, names: Set<string>, depth: number): boolean {
  if (depth > 6) return false;
  switch (test.type) {
    case 'UnaryExpression':
      return validates(test.argument, names, depth + 1);
    case 'LogicalExpression':
    case 'BinaryExpression':
      return validates(test.left, names, depth + 1) || validates(test.right, names, depth + 1);
    case 'ChainExpression':
      return validates(test.expression, names, depth + 1);
    case 'MemberExpression':
      return validates(test.object, names, depth + 1);
    case 'CallExpression':
    case 'NewExpression': {
      for (const a of test.arguments) {
        if (isAbout(pathOf(a), names)) return true;
      }
      const callee = test.callee;
      if (callee.type === 'MemberExpression') {
        if (isAbout(pathOf(callee.object), names)) return true;
        return validates(callee.object, names, depth + 1);
      }
      return false;
    }
    default:
      return false;
  }
}

/** True when a tested path is one of the names or a property of one (`url.hostname` is about `url`). */
function isAbout(path: string | undefined, names: Set<string>): boolean {
  if (path === undefined) return false;
  if (names.has(path)) return true;
  for (let i = path.lastIndexOf('.'); i > 0; i = path.lastIndexOf('.', i - 1)) {
    if (names.has(path.slice(0, i))) return true;
  }
  return false;
}

/** `next` or `req.query.next`: the dotted path of a name or a chain of static members. */
function pathOf(node: TSESTree.Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') {
    const property = memberPropertyName(node);
    const object = pathOf(node.object);
    return property === undefined || object === undefined ? undefined : `${object}.${property}`;
  }
  if (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression') return pathOf(node.expression);
  return undefined;
}
