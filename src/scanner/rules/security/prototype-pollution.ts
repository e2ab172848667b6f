// prototype-pollution: a computed write `target[key] = value` whose key can be "__proto__",
// "constructor" or "prototype", in the shapes that really reach Object.prototype: a key taken from
// another object's keys (for-in, Object.keys/entries loops and callbacks) inside a recursive merge
// or written two levels deep (`target[key][k2] = v`); a key from request data; a path segment from
// `path.split('.')` written through a cursor that walks down the object (`cur = cur[part]`).
// eslint-plugin-security's rule flags every `obj[key]` (12,480 findings on the design corpus, nearly
// all noise); here reads, numeric indexes, Map#set, shallow copies, keys checked against the
// dangerous names or with hasOwnProperty/Object.hasOwn, and targets made with Object.create(null)
// are not reported. Decisions are taken when the enclosing named function ends, so a guard or a
// recursive call anywhere in it counts.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, type ReportDescriptor, type RuleContext } from '../../rule.js';
import { memberPropertyName, type Binding, type FileAnalysis, type ValueOrigin } from '../../analysis/file-analysis.js';
import { describeSource, flowMetadata, taintFlow, type FlowStep } from './taint-flow.js';

type MessageId = 'mergeKey' | 'inputKey' | 'pathKey';
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const KEY_LISTS = new Set(['Object.keys', 'Object.getOwnPropertyNames', 'Reflect.ownKeys']);
const ITERATION_METHODS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'flatMap', 'find', 'reduce']);
const OWN_CHECKS = new Set(['hasOwnProperty', 'hasOwn']);
const WRITE_OPERATORS = new Set(['=', '||=', '??=', '&&=']);
/** Origins that are not a remote client's data: parameters, configuration, the command line, a bare `event`/`context` parameter. */
const NOT_REQUEST_DATA = /^(?:parameter |process\.|request object )/;
/** Names of helper calls that vet a key: isSafeKey, isForbiddenKey, validateKey, isPrototypePolluted, ... */
const KEY_CHECK_NAME =
  /pollut|proto|(?:safe|valid|allow|forbid|danger|reserved|block|ban|unsafe|illegal)\w*(?:key|prop|name|path|segment)|(?:key|prop|path|segment)\w*(?:safe|valid|allow|forbid|danger|reserved|block|ban)/i;

interface Candidate {
  node: TSESTree.AssignmentExpression;
  kind: 'loop' | 'external' | 'path';
  twoLevel: boolean;
  rootName: string | undefined;
  root: Binding | undefined;
  origin?: ValueOrigin;
  /** Where an outside key came from, step by step (taint rules' flow). */
  flow?: FlowStep[];
}

interface Frame {
  node: FunctionNode | TSESTree.Program;
  name: string | undefined;
  /** Anonymous callbacks hand their writes to the enclosing function. */
  anonymous: boolean;
  guarded: boolean;
  /** Roots of the computed members the function passes to itself: `merge(target[key], ...)` -> target. */
  recursiveRoots: Set<string> | undefined;
  candidates: Candidate[];
}

export default defineRule({
  meta: {
    id: 'prototype-pollution',
    category: 'security',
    severity: 'high',
    description: 'Computed writes whose key can be "__proto__" in recursive merges, deep writes, path setters and request-keyed writes.',
    cwe: ['CWE-1321'],
    owasp: ['A08:2021-Software and Data Integrity Failures'],
    messages: {
      mergeKey:
        'Unchecked key from the keys of another object written into `{{target}}` {{how}}; a "__proto__" key in the input changes Object.prototype.',
      inputKey: 'Key from {{source}} used in a computed write to `{{target}}`; "__proto__" or "constructor" as key reaches the prototype.',
      pathKey: 'Path segment used as key while walking `{{target}}`; a path such as "__proto__.polluted" writes to Object.prototype.',
    },
    recommendation:
      'Skip the keys "__proto__", "constructor" and "prototype" (or copy only own keys of a known shape), create lookup objects with Object.create(null), or use a Map.',
    defaultOptions: { reportShallowCopies: false },
  },
  create(context) {
    const { analysis } = context;
    const reportShallow = context.options.reportShallowCopies === true;
    const frames: Frame[] = [];
    /** Module-level constants that hold the dangerous key names: `const BLOCKED = new Set(['__proto__', ...])`. */
    const blockLists = new Set<string>();

    const top = (): Frame | undefined => frames[frames.length - 1];

    function enterFunction(node: FunctionNode): void {
      const name = functionName(node);
      frames.push({ node, name, anonymous: name === undefined, guarded: false, recursiveRoots: undefined, candidates: [] });
    }

    function exitFunction(): void {
      const frame = frames.pop();
      if (!frame) return;
      const parent = top();
      if (frame.anonymous && parent) {
        if (frame.guarded) parent.guarded = true;
        else for (const c of frame.candidates) parent.candidates.push(c);
        return;
      }
      decide(frame, context, reportShallow);
    }

    return {
      Program(node) {
        frames.push({ node, name: undefined, anonymous: false, guarded: false, recursiveRoots: undefined, candidates: [] });
      },
      'Program:exit'() {
        const frame = frames.pop();
        if (frame) decide(frame, context, reportShallow);
      },
      FunctionDeclaration: enterFunction,
      FunctionExpression: enterFunction,
      ArrowFunctionExpression: enterFunction,
      'FunctionDeclaration:exit': exitFunction,
      'FunctionExpression:exit': exitFunction,
      'ArrowFunctionExpression:exit': exitFunction,
      Literal(node) {
        if (typeof node.value !== 'string' || !DANGEROUS_KEYS.has(node.value)) return;
        const frame = top();
        if (!frame) return;
        frame.guarded = true;
        if (frame.node.type === 'Program') {
          const declarator = enclosingDeclarator(node);
          if (declarator) blockLists.add(declarator);
        }
      },
      CallExpression(node) {
        const frame = top();
        if (!frame) return;
        const callee = node.callee;
        let name: string | undefined;
        if (callee.type === 'Identifier') name = callee.name;
        else if (callee.type === 'MemberExpression') {
          name = memberPropertyName(callee);
          if (callee.object.type === 'Identifier' && blockLists.has(callee.object.name)) frame.guarded = true;
          // Object.prototype.hasOwnProperty.call(o, k)
          if ((name === 'call' || name === 'apply') && callee.object.type === 'MemberExpression') {
            const inner = memberPropertyName(callee.object);
            if (inner !== undefined && OWN_CHECKS.has(inner)) frame.guarded = true;
          }
        }
        if (name === undefined) return;
        if (OWN_CHECKS.has(name) || KEY_CHECK_NAME.test(name)) frame.guarded = true;
        if (callee.type === 'MemberExpression' && !isSelfReference(callee.object)) return; // cache.set(...) is not a call of set()
        for (let i = frames.length - 1; i > 0; i--) {
          const self = frames[i]!;
          if (self.name !== name) continue;
          for (const arg of node.arguments) {
            self.recursiveRoots ??= new Set();
            computedRoots(arg, self.recursiveRoots, 0);
          }
          break;
        }
      },
      AssignmentExpression(node) {
        if (!WRITE_OPERATORS.has(node.operator)) return;
        const left = node.left;
        if (left.type !== 'MemberExpression' || !isDynamicKey(left)) return;
        let keyNode: TSESTree.Node = left.property;
        let targetNode: TSESTree.Node = left.object;
        let twoLevel = false;
        if (left.object.type === 'MemberExpression' && isDynamicKey(left.object)) {
          keyNode = left.object.property;
          targetNode = left.object.object;
          twoLevel = true;
        }
        const rootName = rootIdentifier(targetNode);
        const root = rootName === undefined ? undefined : analysis.lookup(rootName);
        if (root && hasNullPrototype(root)) return;
        const frame = top();
        if (!frame) return;

        const source = keySource(keyNode, node, analysis);
        if (source !== undefined) {
          if (rootName !== undefined && rootIdentifier(source) === rootName) return; // rewriting its own keys in place
          if (isDeveloperData(source, analysis)) return; // keys of an object literal or a required/imported module
          frame.candidates.push({ node, kind: 'loop', twoLevel, rootName, root });
          return;
        }
        const origin = analysis.origin(keyNode);
        if (origin.kind === 'external' && !NOT_REQUEST_DATA.test(origin.source)) {
          frame.candidates.push({ node, kind: 'external', twoLevel, rootName, root, origin, flow: taintFlow(context, keyNode, node) });
          return;
        }
        if (isPathSegment(keyNode, analysis)) frame.candidates.push({ node, kind: 'path', twoLevel, rootName, root });
      },
    };
  },
});

function decide(frame: Frame, context: RuleContext<MessageId>, reportShallow: boolean): void {
  if (frame.guarded) return;
  for (const c of frame.candidates) {
    const recursive = c.rootName !== undefined && frame.recursiveRoots !== undefined && frame.recursiveRoots.has(c.rootName);
    const report = c.kind === 'loop' ? loopReport(c, recursive, reportShallow) : c.kind === 'external' ? inputReport(c) : pathReport(c);
    if (report) context.report({ node: c.node, ...report, data: { target: targetText(c.node.left), ...report.data } });
  }
}

type Report = Omit<ReportDescriptor<MessageId>, 'node'> & { data: Record<string, string> };

function loopReport(c: Candidate, recursive: boolean, reportShallow: boolean): Report | undefined {
  const shallow = !c.twoLevel && !recursive;
  if (shallow && !reportShallow) return undefined;
  const pattern = recursive ? 'recursive-merge' : c.twoLevel ? 'deep-write' : 'shallow-copy';
  const how = { 'recursive-merge': 'in a recursive merge', 'deep-write': 'two levels deep', 'shallow-copy': 'in a copy loop' }[pattern];
  return {
    messageId: 'mergeKey',
    data: { how },
    severity: shallow ? 'medium' : undefined,
    confidence: shallow ? 0.4 : recursive ? 0.75 : 0.7,
    metadata: { pattern },
  };
}

function inputReport(c: Candidate): Report {
  const external = c.origin?.kind === 'external' ? c.origin : { kind: 'external' as const, source: 'outside input', confidence: 0.6 };
  const flow = c.flow ?? [];
  return {
    messageId: 'inputKey',
    data: { source: describeSource(external, flow) },
    severity: c.twoLevel ? undefined : 'medium',
    confidence: c.twoLevel ? external.confidence : Math.min(0.6, external.confidence),
    metadata: { pattern: c.twoLevel ? 'deep-write' : 'input-key', source: external.source, ...flowMetadata(flow) },
  };
}

function pathReport(c: Candidate): Report | undefined {
  const cursor = c.root !== undefined && c.root.kind !== 'const' && c.root.reassigned;
  if (!c.twoLevel && !cursor) return undefined;
  return { messageId: 'pathKey', data: {}, confidence: 0.65, metadata: { pattern: 'path-setter' } };
}

/** `obj[key]` with a key that is not a literal (numbers and strings written out are fixed keys). */
function isDynamicKey(member: TSESTree.MemberExpression): boolean {
  if (!member.computed) return false;
  const p = member.property;
  if (p.type === 'Literal') return false;
  if (p.type === 'TemplateLiteral' && p.expressions.length === 0) return false;
  if (p.type === 'UnaryExpression' || p.type === 'UpdateExpression') return false;
  if (p.type === 'BinaryExpression' && p.operator !== '+') return false; // arithmetic: a numeric index
  return true;
}

function functionName(node: FunctionNode): string | undefined {
  if (node.type !== 'ArrowFunctionExpression' && node.id) return node.id.name;
  const parent = node.parent;
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent.type === 'MethodDefinition' || parent.type === 'Property' || parent.type === 'PropertyDefinition') && !parent.computed) {
    return parent.key.type === 'Identifier' ? parent.key.name : undefined;
  }
  if (parent.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return memberPropertyName(parent.left);
  return undefined;
}

/** Roots of computed members in a recursive call's argument: `t[k]`, `t[k] || (t[k] = {})`, `t[k] ??= {}`. */
function computedRoots(arg: TSESTree.Node, out: Set<string>, depth: number): void {
  if (depth > 3) return;
  switch (arg.type) {
    case 'MemberExpression': {
      if (!arg.computed) return;
      const root = rootIdentifier(arg);
      if (root !== undefined) out.add(root);
      return;
    }
    case 'LogicalExpression':
      computedRoots(arg.left, out, depth + 1);
      computedRoots(arg.right, out, depth + 1);
      return;
    case 'AssignmentExpression':
      computedRoots(arg.left, out, depth + 1);
      return;
    case 'ConditionalExpression':
      computedRoots(arg.consequent, out, depth + 1);
      computedRoots(arg.alternate, out, depth + 1);
      return;
    case 'TSAsExpression':
    case 'TSNonNullExpression':
      computedRoots(arg.expression, out, depth + 1);
      return;
    default:
      return;
  }
}

/** Keys chosen by the developer: an object literal, or a module that was imported or required. */
function isDeveloperData(source: TSESTree.Node, analysis: FileAnalysis): boolean {
  if (source.type === 'ObjectExpression' || source.type === 'ArrayExpression') return true;
  if (source.type !== 'Identifier') return false;
  const binding = analysis.lookup(source.name);
  if (!binding) return false;
  if (binding.kind === 'import') return true;
  const init = binding.init;
  if (!init || binding.path) return false;
  if (init.type === 'ObjectExpression' || init.type === 'ArrayExpression') return binding.kind === 'const' || !binding.reassigned;
  return init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require';
}

/** `this.merge(...)`, `exports.merge(...)`, `module.exports.merge(...)`: calls that can reach the method itself. */
function isSelfReference(object: TSESTree.Node): boolean {
  if (object.type === 'ThisExpression') return true;
  if (object.type === 'Identifier') return object.name === 'exports';
  return object.type === 'MemberExpression' && object.object.type === 'Identifier' && object.object.name === 'module' && memberPropertyName(object) === 'exports';
}

function enclosingDeclarator(node: TSESTree.Node): string | undefined {
  let current = node.parent;
  for (let i = 0; current && i < 6; i++, current = current.parent) {
    if (current.type === 'VariableDeclarator') return current.id.type === 'Identifier' ? current.id.name : undefined;
  }
  return undefined;
}

function rootIdentifier(node: TSESTree.Node): string | undefined {
  let current = node;
  while (current.type === 'MemberExpression' || current.type === 'TSNonNullExpression' || current.type === 'TSAsExpression') {
    current = current.type === 'MemberExpression' ? current.object : current.expression;
  }
  if (current.type === 'ThisExpression') return 'this';
  return current.type === 'Identifier' ? current.name : undefined;
}

function targetText(left: TSESTree.Node): string {
  const root = rootIdentifier(left) ?? 'object';
  return `${root}[…]`;
}

/** Object.create(null) and `{ __proto__: null }` have no prototype to pollute; Maps are not written with []. */
function hasNullPrototype(binding: Binding): boolean {
  const init = binding.init;
  if (!init || binding.path) return false;
  if (init.type === 'CallExpression') {
    const callee = init.callee;
    const arg = init.arguments[0];
    return (
      callee.type === 'MemberExpression' &&
      callee.object.type === 'Identifier' &&
      callee.object.name === 'Object' &&
      memberPropertyName(callee) === 'create' &&
      arg !== undefined &&
      arg.type === 'Literal' &&
      arg.value === null
    );
  }
  if (init.type === 'ObjectExpression') {
    return init.properties.some(
      (p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === '__proto__' && p.value.type === 'Literal' && p.value.value === null,
    );
  }
  return init.type === 'NewExpression' && init.callee.type === 'Identifier' && init.callee.name === 'Map';
}

/**
 * When a key is one of the keys of another object, that object: `for (const k in src)`,
 * `for (const k of Object.keys(src))`, `for (const [k, v] of Object.entries(src))`,
 * `Object.keys(src).forEach((k) => ...)`, `Object.entries(src).forEach(([k, v]) => ...)`, `keys[i]`
 * with `const keys = Object.keys(src)`, and `var k; for (k in src)`.
 */
function keySource(key: TSESTree.Node, at: TSESTree.Node, analysis: FileAnalysis): TSESTree.Node | undefined {
  if (key.type === 'MemberExpression' && key.computed && key.object.type === 'Identifier') {
    const list = analysis.lookup(key.object.name);
    return list?.init && !list.path ? keyListArgument(list.init, false, analysis) : undefined;
  }
  if (key.type !== 'Identifier') return undefined;
  const binding = analysis.lookup(key.name);
  if (!binding) return undefined;
  if (binding.kind === 'param') return callbackKeySource(key.name, binding, analysis);
  const declarator = binding.node;
  if (declarator.type !== 'VariableDeclarator') return undefined;
  const loop = declarator.parent?.parent;
  if (loop && (loop.type === 'ForInStatement' || loop.type === 'ForOfStatement') && loop.left === declarator.parent) {
    if (loop.type === 'ForInStatement') return binding.path ? undefined : loop.right;
    const entries = binding.path !== undefined && binding.path.length === 1 && binding.path[0] === '0';
    return binding.path && !entries ? undefined : keyListArgument(loop.right, entries, analysis);
  }
  return declarator.init ? undefined : forInOver(key.name, at);
}

/** `Object.keys(src).forEach((k) => ...)`, `Object.entries(src).forEach(([k, v]) => ...)`, `.reduce((acc, k) => ...)`. */
function callbackKeySource(name: string, binding: Binding, analysis: FileAnalysis): TSESTree.Node | undefined {
  const fn = binding.fn;
  const call = fn?.parent;
  if (!fn || !call || call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return undefined;
  const method = memberPropertyName(call.callee);
  if (method === undefined || !ITERATION_METHODS.has(method)) return undefined;
  const param = binding.node;
  if (fn.params.indexOf(param as TSESTree.Parameter) !== (method === 'reduce' ? 1 : 0)) return undefined;
  if (param.type === 'Identifier') return keyListArgument(call.callee.object, false, analysis);
  if (param.type !== 'ArrayPattern') return undefined;
  const first = param.elements[0];
  return first?.type === 'Identifier' && first.name === name ? keyListArgument(call.callee.object, true, analysis) : undefined;
}

/** `var k; ... for (k in src) { ...write... }`: the nearest enclosing for-in over that name. */
function forInOver(name: string, at: TSESTree.Node): TSESTree.Node | undefined {
  let current = at.parent;
  for (let i = 0; current && i < 40; i++, current = current.parent) {
    if (current.type === 'ForInStatement' && current.left.type === 'Identifier' && current.left.name === name) return current.right;
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') return undefined;
  }
  return undefined;
}

/** The object whose keys a list holds: Object.keys(src) (entries: Object.entries(src)), also through one const. */
function keyListArgument(list: TSESTree.Node, entries: boolean, analysis: FileAnalysis, depth = 0): TSESTree.Node | undefined {
  if (list.type === 'Identifier' && depth === 0) {
    const binding = analysis.lookup(list.name);
    if (binding?.init && !binding.path && (binding.kind === 'const' || !binding.reassigned)) {
      return keyListArgument(binding.init, entries, analysis, depth + 1);
    }
    return undefined;
  }
  if (list.type !== 'CallExpression') return undefined;
  const name = analysis.qualifiedName(list.callee);
  const arg = list.arguments[0];
  if (!arg || arg.type === 'SpreadElement') return undefined;
  if (entries ? name === 'Object.entries' : name !== undefined && KEY_LISTS.has(name)) return arg;
  return undefined;
}

/** A segment of a dotted path: `parts[i]` or `for (const part of parts)` with parts = input.split(...). */
function isPathSegment(key: TSESTree.Node, analysis: FileAnalysis, depth = 0): boolean {
  while (key.type === 'TSNonNullExpression' || key.type === 'TSAsExpression') key = key.expression; // parts[i]!
  if (key.type === 'MemberExpression' && key.computed && key.object.type === 'Identifier') {
    const list = analysis.lookup(key.object.name);
    return list?.init !== undefined && !list.path && isSplitOfInput(list.init, analysis);
  }
  if (key.type !== 'Identifier') return false;
  const binding = analysis.lookup(key.name);
  if (!binding || binding.path || binding.node.type !== 'VariableDeclarator') return false;
  // const part = parts[i]: a segment held in a constant
  if (binding.init && binding.kind === 'const' && depth === 0) return isPathSegment(binding.init, analysis, 1);
  const loop = binding.node.parent?.parent;
  if (!loop || loop.type !== 'ForOfStatement' || loop.left !== binding.node.parent) return false;
  const right = loop.right;
  if (right.type === 'Identifier') {
    const list = analysis.lookup(right.name);
    return list?.init !== undefined && !list.path && isSplitOfInput(list.init, analysis);
  }
  return isSplitOfInput(right, analysis);
}

function isSplitOfInput(expr: TSESTree.Node, analysis: FileAnalysis): boolean {
  if (expr.type !== 'CallExpression' || expr.callee.type !== 'MemberExpression') return false;
  if (memberPropertyName(expr.callee) !== 'split') return false;
  return !analysis.isConstant(expr.callee.object);
}
