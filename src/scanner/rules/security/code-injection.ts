// code-injection: text is compiled and run as JavaScript. `eval`, the `Function` constructor (also
// reached through an alias such as `const F = Function`), string timers (`setTimeout("code")`) and
// the `vm` module run whatever the string says, so a value that can come from outside becomes code.
// Callees are resolved through imports and scopes: a local function named `eval` is not the global.
// A constant string is only a code smell (reported at medium); the `Function("return this")` idiom
// for the global object and timers given a function are never reported.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule } from '../../rule.js';
import type { FileAnalysis, ValueOrigin } from '../../analysis/file-analysis.js';
import { confidenceOf } from './command-injection.js';
import { describeSource, flowMetadata, isAllowListed, taintFlow } from './taint-flow.js';

type Kind = 'eval' | 'function' | 'timer' | 'vm';

/** Qualified callee names and what they do with their string arguments. */
const CALL_SINKS = new Map<string, Kind>([
  ['eval', 'eval'],
  ['Function', 'function'],
  ['setTimeout', 'timer'],
  ['setInterval', 'timer'],
  ['setImmediate', 'timer'],
  ['vm.runInNewContext', 'vm'],
  ['vm.runInThisContext', 'vm'],
  ['vm.runInContext', 'vm'],
  ['vm.compileFunction', 'vm'],
]);
const NEW_SINKS = new Map<string, Kind>([
  ['Function', 'function'],
  ['vm.Script', 'vm'],
]);
/** Global objects through which the same globals are reached: `window.eval`, `globalThis.setTimeout`. */
const GLOBAL_PREFIX = /^(?:window|globalThis|self|global)\./;
/** `Function("return this")()`: the classic way to reach the global object. */
const RETURN_THIS = /^\s*return\s+this;?\s*$/;

export default defineRule({
  meta: {
    id: 'code-injection',
    category: 'security',
    severity: 'critical',
    description: 'Strings compiled and run as code: eval, new Function, string timers and the vm module.',
    cwe: ['CWE-94', 'CWE-95'],
    owasp: ['A03:2021-Injection'],
    messages: {
      dynamicCode: '{{sink}} runs code built from {{source}}; whoever controls that value runs any JavaScript in this process.',
      constantCode: '{{sink}} compiles a constant string at run time; write the code itself instead.',
    },
    recommendation:
      'Do not compile strings: parse data with JSON.parse, look behaviour up in a map of functions, and give timers a function. If code must be evaluated, run it in an isolated process, not with vm.',
  },
  create(context) {
    const { analysis } = context;

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression, kind: Kind, sink: string): void {
      const args = node.arguments;
      if (args.length === 0) return;
      // the Function constructor compiles every argument (parameter names and body); the others the first
      const inputs = kind === 'function' ? args : args.slice(0, 1);
      if (kind === 'timer' && !isStringLike(inputs[0]!, analysis)) return;
      let worst: { arg: TSESTree.Node; origin: ValueOrigin } | undefined;
      for (const arg of inputs) {
        if (arg.type === 'SpreadElement') return;
        const origin = analysis.origin(arg);
        if (worst === undefined || rank(origin) > rank(worst.origin)) worst = { arg, origin };
      }
      if (worst === undefined) return;
      const label = `${sink}()`;
      if (worst.origin.kind === 'constant') {
        if (kind === 'function' && RETURN_THIS.test(analysis.staticString(inputs[inputs.length - 1]!) ?? '')) return;
        context.report({
          node,
          messageId: 'constantCode',
          data: { sink: label },
          severity: 'medium',
          confidence: 0.6,
          metadata: { sink, source: 'a constant' },
        });
        return;
      }
      if (isAllowListed(context, node, worst.arg)) return;
      const flow = taintFlow(context, worst.arg, node);
      const source = describeSource(worst.origin, flow);
      context.report({
        node,
        messageId: 'dynamicCode',
        data: { sink: label, source },
        confidence: confidenceOf(worst.origin),
        metadata: { sink, source, ...flowMetadata(flow) },
      });
    }

    return {
      CallExpression(node) {
        const resolved = resolveCallee(node.callee, analysis);
        if (resolved === undefined) return;
        const kind = CALL_SINKS.get(resolved);
        if (kind !== undefined) check(node, kind, resolved);
      },
      NewExpression(node) {
        const resolved = resolveCallee(node.callee, analysis);
        if (resolved === undefined) return;
        const kind = NEW_SINKS.get(resolved);
        if (kind !== undefined) check(node, kind, resolved);
      },
    };
  },
});

/** The qualified name of a callee, with `window.`/`globalThis.` dropped and `(0, eval)` seen through. */
function resolveCallee(callee: TSESTree.Node, analysis: FileAnalysis): string | undefined {
  let target = callee;
  if (target.type === 'SequenceExpression') target = target.expressions[target.expressions.length - 1]!;
  const name = analysis.qualifiedName(target);
  if (name === undefined) return undefined;
  if (GLOBAL_PREFIX.test(name)) {
    const bare = name.replace(GLOBAL_PREFIX, '');
    // `window.eval` is the global only when `window` itself is the global
    const root = name.slice(0, name.indexOf('.'));
    return analysis.isGlobal(root) ? bare : undefined;
  }
  return name;
}

/**
 * True when a timer's first argument is a string rather than a function: string literals,
 * templates, concatenations, and names declared as strings (by value or by type annotation).
 */
function isStringLike(arg: TSESTree.Node, analysis: FileAnalysis): boolean {
  switch (arg.type) {
    case 'Literal':
      return typeof arg.value === 'string';
    case 'TemplateLiteral':
      return true;
    case 'BinaryExpression':
      return arg.operator === '+' && (isStringLike(arg.left, analysis) || isStringLike(arg.right, analysis));
    case 'Identifier': {
      const binding = analysis.lookup(arg.name);
      if (!binding) return false;
      if (binding.init && !binding.path) {
        const init = binding.init;
        if (init.type === 'Literal' || init.type === 'TemplateLiteral' || init.type === 'BinaryExpression') {
          return isStringLike(init, analysis);
        }
      }
      const declared = binding.node.type === 'VariableDeclarator' ? binding.node.id : binding.node;
      const annotated = declared.type === 'AssignmentPattern' ? declared.left : declared;
      return (
        annotated.type === 'Identifier' &&
        annotated.name === arg.name &&
        annotated.typeAnnotation?.typeAnnotation.type === 'TSStringKeyword'
      );
    }
    default:
      return false;
  }
}

function rank(origin: ValueOrigin): number {
  if (origin.kind === 'constant') return 0;
  if (origin.kind === 'unknown') return 1 + origin.confidence / 10;
  return 2 + origin.confidence / 10;
}
