// missing-timeout: outgoing HTTP requests with no timeout. Neither `fetch`, axios (default
// timeout 0) nor `http.request` gives up on a server that accepts the connection and then stops
// answering, so the caller (a request handler, a job, a CLI) waits forever and its resources pile
// up. Only option literals are inspected: when the options are a variable or contain a spread,
// they may well carry a timeout, so nothing is reported. axios calls are skipped after an
// `axios.defaults.timeout = …` in the same file.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule } from '../../rule.js';
import { memberPropertyName } from '../../analysis/file-analysis.js';

const FETCH_FUNCTIONS = new Set(['fetch', 'globalThis.fetch', 'window.fetch', 'node-fetch', 'cross-fetch', 'isomorphic-fetch']);
/** axios functions and the index of their config argument. */
const AXIOS_CONFIG_INDEX = new Map([
  ['axios.request', 0],
  ['axios.create', 0],
  ['axios.get', 1],
  ['axios.delete', 1],
  ['axios.head', 1],
  ['axios.options', 1],
  ['axios.post', 2],
  ['axios.put', 2],
  ['axios.patch', 2],
  ['axios.postForm', 2],
  ['axios.putForm', 2],
  ['axios.patchForm', 2],
]);
const HTTP_FUNCTIONS = new Set(['http.request', 'http.get', 'https.request', 'https.get', 'http2.connect']);
const TIMEOUT_KEYS = new Set(['timeout', 'signal', 'cancelToken', 'headersTimeout', 'bodyTimeout']);
const URL_NAME = /(?:url|uri|href|endpoint|link|address)$/i;
const REQUEST_NAME = /req(?:uest)?$/i;

export default defineRule({
  meta: {
    id: 'missing-timeout',
    category: 'error_handling',
    severity: 'medium',
    fixable: true,
    description: 'HTTP requests (fetch, axios, http.request) made without a timeout.',
    cwe: ['CWE-400'],
    confidence: 0.6,
    messages: {
      fetch: '{{fn}}() has no abort signal: if the server stops answering, this call and everything waiting on it hang (for minutes with Node\'s defaults, forever elsewhere).',
      axios: '{{fn}}() has no `timeout` (axios waits forever by default): a server that stops answering hangs the caller.',
      http: '{{fn}}() has no `timeout`: a server that accepts the connection and stops answering hangs the caller forever.',
    },
    recommendation:
      'Give every outgoing request a deadline: `fetch(url, { signal: AbortSignal.timeout(10_000) })`, axios `{ timeout: 10_000 }` (or on the instance), `http.request({ timeout })` plus a "timeout" handler that destroys the request.',
  },
  create(context) {
    const { analysis } = context;
    let axiosDefaultTimeout = false;
    return {
      AssignmentExpression(node) {
        if (node.left.type === 'MemberExpression' && memberPropertyName(node.left) === 'timeout') {
          const target = analysis.qualifiedName(node.left);
          if (target === 'axios.defaults.timeout') axiosDefaultTimeout = true;
        }
      },
      CallExpression(node) {
        const callee = analysis.qualifiedName(node.callee);
        if (callee === undefined) return;
        const args = node.arguments;
        if (FETCH_FUNCTIONS.has(callee)) {
          const target = args[0];
          if (!target || target.type === 'SpreadElement' || target.type === 'NewExpression') return;
          if (target.type === 'Identifier' && REQUEST_NAME.test(target.name)) return; // a Request may carry its signal
          if (!lacksTimeout(args[1], true)) return;
          context.report({ node, messageId: 'fetch', data: { fn: shortName(callee) } });
          return;
        }
        const axiosIndex = callee === 'axios' ? (args[0]?.type === 'ObjectExpression' ? 0 : 1) : AXIOS_CONFIG_INDEX.get(callee);
        if (axiosIndex !== undefined) {
          if (axiosDefaultTimeout || args.some((a) => a.type === 'SpreadElement')) return;
          if (callee !== 'axios.create' && args.length === 0) return;
          if (!lacksTimeout(args[axiosIndex], true)) return;
          context.report({ node, messageId: 'axios', data: { fn: callee }, confidence: 0.55 });
          return;
        }
        if (HTTP_FUNCTIONS.has(callee)) {
          if (!httpLacksTimeout(args)) return;
          if (timeoutSetLater(node, context.source)) return;
          context.report({ node, messageId: 'http', data: { fn: callee } });
        }
      },
    };
  },
});

function shortName(callee: string): string {
  return callee === 'node-fetch' || callee === 'cross-fetch' || callee === 'isomorphic-fetch' ? 'fetch' : callee;
}

/**
 * True when an options argument certainly has no timeout: it is missing, or an object literal
 * without a timeout/signal key and without a spread. A variable or call may carry one.
 */
function lacksTimeout(options: TSESTree.CallExpressionArgument | undefined, missingCounts: boolean): boolean {
  if (options === undefined) return missingCounts;
  if (options.type !== 'ObjectExpression') return false;
  for (const property of options.properties) {
    if (property.type === 'SpreadElement') return false;
    if (property.computed) return false;
    const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
    if (key !== undefined && TIMEOUT_KEYS.has(key)) return false;
  }
  return true;
}

/** http.request(url?, options?, callback?): only when every argument is known. */
function httpLacksTimeout(args: TSESTree.CallExpressionArgument[]): boolean {
  let options: TSESTree.ObjectExpression | undefined;
  for (const arg of args) {
    switch (arg.type) {
      case 'ObjectExpression':
        options = arg;
        break;
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
      case 'Literal':
      case 'TemplateLiteral':
        break;
      case 'NewExpression':
        if (arg.callee.type !== 'Identifier' || arg.callee.name !== 'URL') return false;
        break;
      case 'Identifier':
        if (!URL_NAME.test(arg.name)) return false; // may be an options object
        break;
      case 'MemberExpression': {
        const name = memberPropertyName(arg);
        if (name === undefined || !URL_NAME.test(name)) return false;
        break;
      }
      default:
        return false;
    }
  }
  return options === undefined ? args.length > 0 : lacksTimeout(options, true);
}

/** `http.get(...).setTimeout(...)`, or `const req = http.request(...)` followed by `req.setTimeout(`. */
function timeoutSetLater(call: TSESTree.CallExpression, source: string): boolean {
  let node: TSESTree.Node = call;
  let parent = call.parent;
  // climb `.on('error', …).setTimeout(…)` chains
  while (parent?.type === 'MemberExpression' && parent.object === node && parent.parent?.type === 'CallExpression') {
    const method = memberPropertyName(parent);
    const chained: TSESTree.CallExpression = parent.parent;
    if (method === 'setTimeout') return true;
    const event = chained.arguments[0];
    if ((method === 'on' || method === 'once') && event?.type === 'Literal' && event.value === 'timeout') return true;
    node = chained;
    parent = chained.parent;
  }
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return false;
  const name = parent.id.name;
  let block = parent as TSESTree.Node | undefined;
  while (block && block.type !== 'BlockStatement' && block.type !== 'Program') block = block.parent;
  const rest = source.slice(call.range[1], block ? block.range[1] : source.length);
  return rest.includes(`${name}.setTimeout(`) || rest.includes(`${name}.on('timeout'`) || rest.includes(`${name}.on("timeout"`);
}
