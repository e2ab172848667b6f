// floating-promise: a promise made by a statement and then dropped: not awaited, returned,
// assigned, or given a rejection handler. Its rejection becomes an unhandled rejection (which
// ends the process in Node >= 15), and the code after it runs before the work is done.
// Without type information only calls known to return promises are considered:
//   - functions declared `async` in the same file (declarations, `const f = async () => …`,
//     async methods called as `this.m()` inside their class);
//   - fetch, Promise.all/race/any/reject, fs/promises functions, fs-extra calls without a callback;
//   - `.then(onFulfilled)` chains with no rejection handler, and `new Promise(…)` dropped on the floor.
// `void f()` is the explicit opt-out. A same-file async function that awaits and throws only inside
// try/catch blocks (a deliberate fire-and-forget helper) cannot reject and is not reported; calls
// are therefore reported at the end of the file, once every function body has been seen.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, type RuleContext } from '../../rule.js';
import { memberPropertyName, requiredModule, type Binding } from '../../analysis/file-analysis.js';

const PROMISE_FUNCTIONS = new Set(['fetch', 'globalThis.fetch', 'window.fetch', 'node-fetch', 'Promise.all', 'Promise.race', 'Promise.any', 'Promise.reject']);
const FS_PROMISE_MODULES = new Set(['fs/promises', 'node:fs/promises', 'mz/fs']);
const NOT_PROMISE_FS = new Set(['watch', 'constants', 'createReadStream', 'createWriteStream']);
const SYNC_SUFFIX = /Sync$/;

type MessageId = 'asyncCall' | 'thenWithoutCatch' | 'newPromise';
interface Floating {
  messageId: MessageId;
  name: string;
  confidence: number;
  /** The same-file async function called, whose body decides whether it can reject. */
  fn?: TSESTree.FunctionLike;
}

export default defineRule({
  meta: {
    id: 'floating-promise',
    category: 'error_handling',
    severity: 'medium',
    fixable: true,
    description: 'Promises created by a statement and then neither awaited, returned nor given a rejection handler.',
    cwe: ['CWE-755'],
    messages: {
      asyncCall: '{{name}}() returns a promise that is neither awaited, returned nor given a .catch(): a rejection is unhandled and the code after it does not wait.',
      thenWithoutCatch: 'This .then() chain has no rejection handler: a failure anywhere in it becomes an unhandled rejection.',
      newPromise: 'A new Promise is created and dropped: nothing waits for it or handles its rejection.',
    },
    recommendation:
      'await the call (or return it), add a .catch() that handles the error, or mark a deliberate fire-and-forget with `void` and handle errors inside.',
  },
  create(context) {
    const hoisted = new Map<string, TSESTree.FunctionLike>();
    /** Async functions with an `await`, `throw` or returned call outside a try/catch: they can reject. */
    const mayReject = new Set<TSESTree.FunctionLike>();
    const candidates: Array<{ node: TSESTree.Node; floating: Floating }> = [];
    const markUnguarded = (node: TSESTree.Node, guardable: boolean): void => {
      const fn = context.analysis.currentFunction();
      if (!fn || !fn.async || mayReject.has(fn)) return;
      if (!guardable || !insideTry(node, fn)) mayReject.add(fn);
    };
    return {
      Program(node) {
        // function declarations are hoisted: calls may come before the declaration
        for (const statement of node.body) {
          const declaration = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
          if (declaration?.type === 'FunctionDeclaration' && declaration.id) hoisted.set(declaration.id.name, declaration);
          if (declaration?.type === 'VariableDeclaration') {
            for (const d of declaration.declarations) {
              if (d.id.type === 'Identifier' && d.init && (d.init.type === 'ArrowFunctionExpression' || d.init.type === 'FunctionExpression')) {
                hoisted.set(d.id.name, d.init);
              }
            }
          }
        }
      },
      AwaitExpression(node) {
        markUnguarded(node, true);
      },
      ForOfStatement(node) {
        if (node.await) markUnguarded(node, true);
      },
      ThrowStatement(node) {
        markUnguarded(node, true);
      },
      ReturnStatement(node) {
        // a returned promise rejects the caller's promise even from inside a try block
        const argument = node.argument;
        if (argument && (argument.type === 'CallExpression' || argument.type === 'NewExpression')) markUnguarded(node, false);
      },
      ExpressionStatement(node) {
        if (node.directive !== undefined) return;
        let expression: TSESTree.Expression = node.expression;
        if (expression.type === 'ChainExpression') expression = expression.expression;
        let floating: Floating | undefined;
        if (expression.type === 'CallExpression') floating = classify(expression, node, context, hoisted);
        else if (expression.type === 'NewExpression' && expression.callee.type === 'Identifier' && expression.callee.name === 'Promise' && context.analysis.isGlobal('Promise')) {
          floating = { messageId: 'newPromise', name: 'Promise', confidence: 0.6 };
        }
        if (floating) candidates.push({ node: expression, floating });
      },
      'Program:exit'() {
        // decided at the end: the called async function may be declared after the call
        for (const { node, floating } of candidates) {
          if (floating.fn && !canReject(floating.fn, mayReject)) continue;
          context.report({ node, messageId: floating.messageId, data: { name: floating.name }, confidence: floating.confidence });
        }
      },
    };
  },
});

function classify(call: TSESTree.CallExpression, statement: TSESTree.ExpressionStatement, context: RuleContext, hoisted: Map<string, TSESTree.FunctionLike>): Floating | undefined {
  const callee = call.callee;
  if (callee.type === 'MemberExpression') {
    const method = memberPropertyName(callee);
    if (method === 'catch') return undefined;
    if (method === 'then') {
      if (call.arguments.length >= 2) return undefined;
      const receiver = callee.object;
      // `.catch(…).then(…)`: the rejection was handled; only the callback itself could still throw
      if (receiver.type === 'CallExpression' && receiver.callee.type === 'MemberExpression' && memberPropertyName(receiver.callee) === 'catch') return undefined;
      // without types, `x.then` on an unknown receiver may not even be a promise
      const known = receiver.type === 'CallExpression' && classify(receiver, statement, context, hoisted) !== undefined;
      return { messageId: 'thenWithoutCatch', name: 'then', confidence: known ? 0.7 : 0.45 };
    }
    if (method === 'finally') {
      const inner = callee.object;
      if (inner.type !== 'CallExpression') return undefined;
      const innerMethod = inner.callee.type === 'MemberExpression' ? memberPropertyName(inner.callee) : undefined;
      if (innerMethod === 'catch' || (innerMethod === 'then' && inner.arguments.length >= 2)) return undefined;
      return classify(inner, statement, context, hoisted) ?? { messageId: 'thenWithoutCatch', name: 'finally', confidence: 0.55 };
    }
  }
  const { analysis } = context;
  const qualified = analysis.qualifiedName(callee);
  if (qualified !== undefined && PROMISE_FUNCTIONS.has(qualified)) {
    return { messageId: 'asyncCall', name: qualified === 'node-fetch' ? 'fetch' : qualified, confidence: 0.75 };
  }
  if (qualified !== undefined && qualified.startsWith('fs.') && isFsPromiseCall(call, context)) {
    return { messageId: 'asyncCall', name: qualified, confidence: 0.8 };
  }
  if (callee.type === 'Identifier') {
    const fn = asyncFunctionOf(callee.name, context, hoisted);
    if (fn) return { messageId: 'asyncCall', name: callee.name, confidence: 0.8, fn };
    return undefined;
  }
  if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression') {
    const name = memberPropertyName(callee);
    const fn = name === undefined ? undefined : asyncMethodOf(statement, name);
    if (fn) return { messageId: 'asyncCall', name: `this.${name}`, confidence: 0.75, fn };
  }
  return undefined;
}

/** The async function a name refers to, from the scope analysis or the hoisted top-level declarations. */
function asyncFunctionOf(name: string, context: RuleContext, hoisted: Map<string, TSESTree.FunctionLike>): TSESTree.FunctionLike | undefined {
  const binding = context.analysis.lookup(name);
  let fn: TSESTree.Node | undefined;
  if (binding === undefined) fn = hoisted.get(name);
  else if (binding.kind === 'function') fn = binding.node;
  else if ((binding.kind === 'const' || ((binding.kind === 'let' || binding.kind === 'var') && !binding.reassigned)) && !binding.path) fn = binding.init;
  if (!fn) return undefined;
  if (fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') return undefined;
  return fn.async ? fn : undefined;
}

/**
 * `this.save()` inside a class whose `save` is an async method or an async arrow field. Starts
 * from the statement: the call's own nodes have no parent yet when the statement is entered.
 */
function asyncMethodOf(statement: TSESTree.Node, name: string): TSESTree.FunctionLike | undefined {
  let current: TSESTree.Node | undefined = statement.parent;
  while (current && current.type !== 'ClassBody') {
    // `this` inside a plain function is not the class instance
    if (current.type === 'FunctionDeclaration' || (current.type === 'FunctionExpression' && current.parent?.type !== 'MethodDefinition')) return undefined;
    current = current.parent;
  }
  if (!current) return undefined;
  for (const member of current.body) {
    if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') continue;
    if (member.computed || member.static || member.key.type !== 'Identifier' || member.key.name !== name) continue;
    const value = member.value;
    if (value && (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression') && value.async) return value;
    return undefined;
  }
  return undefined;
}

/**
 * An async function can reject when it awaits, throws or returns a call outside a try/catch, or
 * when its body is an expression (`async () => fetch(u)`). Calls that throw synchronously inside
 * it are not considered.
 */
function canReject(fn: TSESTree.FunctionLike, mayReject: Set<TSESTree.FunctionLike>): boolean {
  if (mayReject.has(fn)) return true;
  const body = fn.body;
  return !body || body.type !== 'BlockStatement';
}

/** True when `node` lies in the `try` block of a try statement with a catch clause, within `fn`. */
function insideTry(node: TSESTree.Node, fn: TSESTree.FunctionLike): boolean {
  let child: TSESTree.Node = node;
  let parent = node.parent;
  while (parent && parent !== fn) {
    if (parent.type === 'TryStatement' && parent.block === child && parent.handler) return true;
    child = parent;
    parent = parent.parent;
  }
  return false;
}

/** A call into fs/promises (`fs.promises.x`, an import from "fs/promises"), or fs-extra without a callback. */
function isFsPromiseCall(call: TSESTree.CallExpression, context: RuleContext): boolean {
  let node: TSESTree.Node = call.callee;
  let method: string | undefined;
  while (node.type === 'MemberExpression') {
    const property = memberPropertyName(node);
    if (property === 'promises') return method === undefined || !NOT_PROMISE_FS.has(method);
    method ??= property;
    node = node.object;
  }
  if (node.type !== 'Identifier') return false;
  method ??= node.name;
  if (NOT_PROMISE_FS.has(method) || SYNC_SUFFIX.test(method)) return false;
  const binding = context.analysis.lookup(node.name);
  if (!binding) return false;
  const module = bindingModule(binding);
  if (module === undefined) return false;
  if (module === 'promises') return true;
  if (FS_PROMISE_MODULES.has(module)) return true;
  if (module === 'fs-extra') {
    const last = call.arguments[call.arguments.length - 1];
    return !last || (last.type !== 'ArrowFunctionExpression' && last.type !== 'FunctionExpression' && last.type !== 'Identifier');
  }
  return false;
}

/** The module specifier a binding was imported or required from ("promises" for `require("fs").promises`). */
function bindingModule(binding: Binding): string | undefined {
  if (binding.path?.includes('promises') || binding.importPath?.[0] === 'promises') return 'promises';
  if (binding.kind === 'import') {
    const declaration = binding.node.parent;
    return declaration?.type === 'ImportDeclaration' ? String(declaration.source.value) : undefined;
  }
  let init: TSESTree.Node | undefined = binding.init;
  if (init?.type === 'AwaitExpression') init = init.argument;
  if (!init) return undefined;
  if (init.type === 'MemberExpression' && memberPropertyName(init) === 'promises') return 'promises';
  if (init.type === 'CallExpression') return requiredModule(init);
  if (init.type === 'ImportExpression' && init.source.type === 'Literal') return String(init.source.value);
  return undefined;
}
