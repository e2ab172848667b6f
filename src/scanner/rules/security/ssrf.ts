// ssrf: the server makes an HTTP request to a URL that comes from outside (fetch, axios, http(s),
// got, undici, needle, superagent, request), so a client can reach internal services and cloud
// metadata endpoints through it. A URL whose static start already fixes the scheme and host
// (`https://api.example.com/users/${id}`), or whose host comes from configuration
// (`${API_BASE}/users/${id}`), is not reported: only its path varies. Browser-side URL data and
// environment variables are not an attacker's input here; parameters are reported at low severity.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, numberOption } from '../../rule.js';
import type { FileAnalysis, ValueOrigin } from '../../analysis/file-analysis.js';
import { isChecked } from './open-redirect.js';
import { stringParts, staticPrefix, type StringPart } from './sql-injection.js';
import { describeSource, flowMetadata, isAllowListed, taintFlow } from './taint-flow.js';

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'request', 'stream'];
/** Clients called directly with a URL or options, and their verb methods. */
const CLIENTS = ['axios', 'got', 'needle', 'superagent', 'request', 'request-promise', 'request-promise-native', 'ky', 'phin', 'node-fetch', 'cross-fetch', 'isomorphic-fetch'];
const SINKS = new Set<string>([
  'fetch',
  'undici.fetch', 'undici.request', 'undici.stream', 'undici.pipeline',
  'http.get', 'http.request', 'https.get', 'https.request', 'http2.connect',
  ...CLIENTS,
  ...CLIENTS.flatMap((c) => HTTP_VERBS.map((v) => `${c}.${v}`)),
]);
/** Option properties that carry the destination. */
const URL_PROPERTIES = new Set(['url', 'uri', 'baseURL', 'baseUrl', 'prefixUrl', 'host', 'hostname', 'origin']);
/** A static start that fixes scheme and host (the host must be followed by a path, query or fragment). */
const FIXED_HOST = /^[a-z][\w+.-]*:\/\/[^/?#\\@]+[/?#]/i;
const GLOBAL_PREFIX = /^(?:window|globalThis|self|global)\./;
/** Sources that are not an attacker's input to a server: browser URL state and configuration. */
const NOT_ATTACKER = /^(?:process\.env|window\.|document\.|location\.|globalThis\.location)/;

export default defineRule({
  meta: {
    id: 'ssrf',
    category: 'security',
    severity: 'high',
    description: 'Server-side HTTP requests to URLs whose host comes from request data or other outside input.',
    cwe: ['CWE-918'],
    owasp: ['A10:2021-Server-Side Request Forgery'],
    messages: {
      request: '{{sink}}() requests a URL taken from {{source}}; a client can make this server call internal addresses.',
    },
    recommendation:
      'Build the URL from a fixed scheme and host and put the input only in the path or query (encoded), or check the parsed host against an allow-list before the request.',
    defaultOptions: { parameterConfidence: 0.6 },
  },
  create(context) {
    const { analysis } = context;
    const parameterConfidence = numberOption(context.options, 'parameterConfidence', 0.6);
    return {
      CallExpression(node) {
        let name = analysis.qualifiedName(node.callee);
        if (name === undefined) return;
        if (GLOBAL_PREFIX.test(name) && analysis.isGlobal(name.slice(0, name.indexOf('.')))) name = name.replace(GLOBAL_PREFIX, '');
        if (!SINKS.has(name)) return;
        const arg = node.arguments[0];
        if (!arg || arg.type === 'SpreadElement') return;
        const target = arg.type === 'ObjectExpression' ? destinationOf(arg) : arg;
        if (target === undefined) return;
        const origin = urlOrigin(target, analysis, 0);
        if (origin.kind !== 'external' || NOT_ATTACKER.test(origin.source)) return;
        if (isChecked(node, target) || isAllowListed(context, node, target)) return;
        const parameter = origin.source.startsWith('parameter ');
        const flow = taintFlow(context, target, node);
        const source = describeSource(origin, flow);
        context.report({
          node: arg,
          messageId: 'request',
          data: { sink: name, source },
          severity: parameter ? 'low' : undefined,
          confidence: parameter ? Math.min(parameterConfidence, origin.confidence) : origin.confidence,
          metadata: { sink: name, source, ...flowMetadata(flow) },
        });
      },
    };
  },
});

/** The `url`/`host` property of an options object. */
function destinationOf(options: TSESTree.ObjectExpression): TSESTree.Node | undefined {
  for (const p of options.properties) {
    if (p.type !== 'Property' || p.computed) continue;
    const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : '';
    if (URL_PROPERTIES.has(key)) return p.value;
  }
  return undefined;
}

/**
 * Where the host of a URL comes from. Only the part of the URL that decides scheme and host counts:
 * a fixed `https://host/` start makes the URL constant, a leading `${base}/...` makes it `base`.
 */
function urlOrigin(expr: TSESTree.Node, analysis: FileAnalysis, depth: number): ValueOrigin {
  if (depth > 3) return analysis.origin(expr);
  if (expr.type === 'NewExpression' && expr.callee.type === 'Identifier' && expr.callee.name === 'URL' && analysis.isGlobal('URL')) {
    const [input, base] = expr.arguments;
    if (!input || input.type === 'SpreadElement') return { kind: 'unknown', confidence: 0.4 };
    const inputParts = stringParts(input, analysis);
    const prefix = inputParts ? staticPrefix(inputParts) : analysis.staticString(input) ?? '';
    // new URL('/users/' + id, base): the base decides the host
    if (base && base.type !== 'SpreadElement' && prefix.startsWith('/') && !prefix.startsWith('//')) return urlOrigin(base, analysis, depth + 1);
    return urlOrigin(input, analysis, depth + 1);
  }
  if (expr.type === 'Identifier') {
    const binding = analysis.lookup(expr.name);
    if (binding?.init && !binding.path && (binding.kind === 'const' || !binding.reassigned) && binding.init.type === 'NewExpression') {
      return urlOrigin(binding.init, analysis, depth + 1);
    }
  }
  const parts = stringParts(expr, analysis);
  if (parts === undefined) return analysis.origin(expr);
  return hostOrigin(parts, analysis);
}

function hostOrigin(parts: readonly StringPart[], analysis: FileAnalysis): ValueOrigin {
  const prefix = staticPrefix(parts);
  if (FIXED_HOST.test(prefix)) return { kind: 'constant' };
  // `${base}/path/${id}`: the first dynamic part followed by a path decides the host
  const firstDynamic = parts.findIndex((p) => typeof p !== 'string');
  if (firstDynamic >= 0 && prefix === '') {
    const next = parts[firstDynamic + 1];
    if (typeof next === 'string' && /^[/?#]/.test(next) && !next.startsWith('//')) {
      return analysis.origin(parts[firstDynamic] as TSESTree.Node);
    }
  }
  let worst: ValueOrigin = { kind: 'constant' };
  for (const part of parts) {
    if (typeof part === 'string') continue;
    const origin = analysis.origin(part);
    if (origin.kind === 'external' && (worst.kind !== 'external' || origin.confidence > worst.confidence)) worst = origin;
    else if (origin.kind === 'unknown' && worst.kind === 'constant') worst = origin;
  }
  return worst;
}
