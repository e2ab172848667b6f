// Scope, import and value-origin analysis of one file, built during the engine's single walk.
//
// It answers the two questions every security rule asks:
//   - what does this callee really refer to? (`import { execSync as exec } from "node:child_process"`,
//     `const cp = require("child_process")`, `const { exec: run } = cp`, `promisify(cp.exec)`, ...)
//     -> a qualified name such as "child_process.execSync" or, for globals, "eval";
//   - can this value come from outside? -> constant, external (with the source it came from), or
//     unknown, each with a confidence;
//   - for a value a rule reports: which way did it come? -> `flow`, the nodes from the source to
//     it, computed on demand so that scanning code without findings pays nothing for it.
// Bindings are recorded in the order the walk meets them, with lexical scopes, so shadowing by a
// parameter or a local variable is respected.
import type { TSESTree } from '@typescript-eslint/typescript-estree';

type Node = TSESTree.Node;
type Expression = TSESTree.Expression;

export type BindingKind = 'import' | 'const' | 'let' | 'var' | 'param' | 'function' | 'class' | 'catch';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The expression the name was initialised from (for destructuring: the whole initialiser). */
  init?: Expression;
  /** Property path inside `init` for destructured names: `const { a: { b } } = x` -> ["a", "b"]. */
  path?: string[];
  /** For imports: the module and the imported name path ([] for namespace/default of a CJS module). */
  module?: string;
  importPath?: string[];
  /** For parameters: the function that declares it and whether that function is exported. */
  fn?: TSESTree.FunctionLike;
  reassigned: boolean;
  /** Values assigned after the declaration (`x = ...`), in the order the walk met them. */
  assigned?: Expression[];
  node: Node;
}

export type ValueOrigin =
  | { kind: 'constant' }
  | { kind: 'external'; source: string; confidence: number }
  | { kind: 'unknown'; confidence: number; source?: string };

const CONSTANT: ValueOrigin = { kind: 'constant' };

/** Modules that are drop-in replacements of a Node built-in, so their sinks are the same. */
const MODULE_ALIASES: Record<string, string> = {
  'fs/promises': 'fs',
  'graceful-fs': 'fs',
  'fs-extra': 'fs',
  'mz/fs': 'fs',
  'child_process/promises': 'child_process',
  'mz/child_process': 'child_process',
  'timers/promises': 'timers',
  'util/types': 'util',
  'path/posix': 'path',
  'path/win32': 'path',
};

export function normalizeModuleName(specifier: string): string {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return MODULE_ALIASES[bare] ?? bare;
}

/** Property names of HTTP request objects (express, koa, fastify, next) that carry client input. */
const REQUEST_INPUT_PROPERTIES = new Set([
  'query', 'params', 'body', 'headers', 'cookies', 'signedCookies', 'url', 'originalUrl', 'path', 'hostname', 'ip',
  'files', 'file', 'rawBody', 'searchParams',
]);
const REQUEST_NAMES = new Set(['req', 'request', 'ctx']);
/** AWS Lambda / API Gateway events carry client input under these properties. */
const EVENT_INPUT_PROPERTIES = new Set(['queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'body', 'headers', 'cookies', 'rawPath', 'rawQueryString']);
/** Calls that pass their input through unchanged as far as origin goes. */
const PASS_THROUGH_METHODS = new Set([
  'trim', 'trimStart', 'trimEnd', 'toString', 'toLowerCase', 'toUpperCase', 'concat', 'slice', 'substring', 'substr',
  'replace', 'replaceAll', 'padStart', 'padEnd', 'join', 'split', 'normalize', 'valueOf', 'at', 'repeat', 'map', 'filter',
]);
const PASS_THROUGH_FUNCTIONS = new Set([
  'String', 'path.join', 'path.resolve', 'path.normalize', 'path.relative', 'path.dirname', 'path.format',
  'JSON.stringify', 'decodeURIComponent', 'decodeURI', 'Buffer.from', 'util.format', 'Array.from', 'Object.values',
]);
/** Globals that hold no outside input. */
const CONSTANT_GLOBALS = new Set(['undefined', 'NaN', 'Infinity', '__dirname', '__filename']);
/** Reads from files, sockets or stdin: values that come from outside the program. */
const IO_SOURCES = new Set([
  'fs.readFileSync', 'fs.readFile', 'fs.readdirSync', 'fs.readdir', 'readline.question', 'http.get', 'https.get',
]);

const MAX_DEPTH = 12;
/** Longest flow a finding carries (source plus the steps nearest the sink). */
const MAX_FLOW_STEPS = 10;

interface Scope {
  node: Node;
  bindings: Map<string, Binding> | undefined;
  functionScope: boolean;
}

export class FileAnalysis {
  /** Node types whose entry and exit change the analysis state; the engine calls the hooks only for these. */
  static readonly enterTypes: readonly string[] = [
    'ImportDeclaration', 'FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassDeclaration',
    'BlockStatement', 'SwitchStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'CatchClause',
    'AssignmentExpression', 'UpdateExpression',
  ];
  static readonly exitTypes: readonly string[] = [
    'VariableDeclarator', 'FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'BlockStatement',
    'SwitchStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'CatchClause',
  ];

  private readonly scopes: Scope[] = [];
  // Several rules ask about the same node in a row (every CallExpression visitor resolves its
  // callee): remember the last top-level answer of each query.
  private lastNameNode: Node | undefined;
  private lastName: string | undefined;
  private lastOriginNode: Node | undefined;
  private lastOrigin: ValueOrigin = CONSTANT;
  private exportedNames: Set<string> | undefined;
  private readonly program: TSESTree.Program;

  constructor(program: TSESTree.Program) {
    this.program = program;
    this.scopes.push({ node: program, bindings: undefined, functionScope: true });
    this.hoistFunctions(program.body);
  }

  // ---- walk hooks (called by the engine) ----

  enter(node: Node): void {
    switch (node.type) {
      case 'ImportDeclaration':
        this.declareImport(node);
        break;
      case 'FunctionDeclaration':
        // the name was declared when the enclosing scope was entered (hoisting)
        this.pushFunction(node);
        break;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.pushFunction(node);
        break;
      case 'ClassDeclaration':
        if (node.id) this.declare({ name: node.id.name, kind: 'class', node, reassigned: false });
        break;
      case 'BlockStatement': {
        const parent = node.parent;
        const isFunctionBody =
          parent !== undefined &&
          (parent.type === 'FunctionDeclaration' ||
            parent.type === 'FunctionExpression' ||
            parent.type === 'ArrowFunctionExpression');
        if (!isFunctionBody) this.scopes.push({ node, bindings: undefined, functionScope: false });
        this.hoistFunctions(node.body);
        break;
      }
      case 'SwitchStatement':
        this.scopes.push({ node, bindings: undefined, functionScope: false });
        for (const switchCase of node.cases) this.hoistFunctions(switchCase.consequent);
        break;
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        this.scopes.push({ node, bindings: undefined, functionScope: false });
        break;
      case 'CatchClause':
        this.scopes.push({ node, bindings: undefined, functionScope: false });
        if (node.param) for (const name of patternNames(node.param)) this.declare({ name, kind: 'catch', node, reassigned: false });
        break;
      case 'AssignmentExpression':
        if (node.left.type === 'Identifier') {
          const binding = this.lookup(node.left.name);
          if (binding) {
            binding.reassigned = true;
            (binding.assigned ??= []).push(node.right);
          }
        }
        break;
      case 'UpdateExpression':
        if (node.argument.type === 'Identifier') {
          const binding = this.lookup(node.argument.name);
          if (binding) binding.reassigned = true;
        }
        break;
      default:
        break;
    }
  }

  exit(node: Node): void {
    switch (node.type) {
      case 'VariableDeclarator':
        this.declareVariable(node);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'CatchClause':
      case 'SwitchStatement':
        this.popScope(node);
        break;
      case 'BlockStatement':
        this.popScope(node);
        break;
      default:
        break;
    }
  }

  // ---- queries ----

  lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const binding = this.scopes[i]!.bindings?.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  /** True when the walk is inside a function body (not at module level). */
  inFunction(): boolean {
    return this.scopes.some((s) => s.functionScope && s.node.type !== 'Program');
  }

  /** The innermost enclosing function, if any. */
  currentFunction(): TSESTree.FunctionLike | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const node = this.scopes[i]!.node;
      if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') {
        return node;
      }
    }
    return undefined;
  }

  /**
   * The qualified name an expression refers to: "child_process.exec" for a member of a module,
   * "eval" or "Math.random" for globals, undefined for local values.
   */
  qualifiedName(expr: Node, depth = 0): string | undefined {
    if (depth === 0) {
      if (expr === this.lastNameNode) return this.lastName;
      const name = this.resolveName(expr, 0);
      this.lastNameNode = expr;
      this.lastName = name;
      return name;
    }
    return this.resolveName(expr, depth);
  }

  private resolveName(expr: Node, depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (expr.type) {
      case 'Identifier': {
        const binding = this.lookup(expr.name);
        if (!binding) return expr.name;
        return this.bindingQualifiedName(binding, depth + 1);
      }
      case 'MemberExpression': {
        const property = memberPropertyName(expr);
        if (property === undefined) return undefined;
        const object = this.qualifiedName(expr.object, depth + 1);
        if (object === undefined) return undefined;
        return joinQualified(object, property);
      }
      case 'CallExpression': {
        // require("x") and promisify(f) / util.promisify(f)
        const required = requiredModule(expr);
        if (required !== undefined) return this.isGlobal('require') ? normalizeModuleName(required) : undefined;
        const callee = this.qualifiedName(expr.callee, depth + 1);
        if ((callee === 'util.promisify' || callee === 'promisify') && expr.arguments[0]) {
          return this.qualifiedName(expr.arguments[0], depth + 1);
        }
        if (expr.callee.type === 'MemberExpression' && memberPropertyName(expr.callee) === 'bind') {
          return this.qualifiedName(expr.callee.object, depth + 1);
        }
        return undefined;
      }
      case 'ImportExpression':
        return expr.source.type === 'Literal' && typeof expr.source.value === 'string'
          ? normalizeModuleName(expr.source.value)
          : undefined;
      case 'AwaitExpression':
        // `await import("fs")` is the module namespace
        return expr.argument.type === 'ImportExpression' ? this.qualifiedName(expr.argument, depth + 1) : undefined;
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSSatisfiesExpression':
        return this.qualifiedName(expr.expression, depth + 1);
      case 'ChainExpression':
        return this.qualifiedName(expr.expression, depth + 1);
      default:
        return undefined;
    }
  }

  /** True when `name` is not declared anywhere in scope, i.e. it is the global of that name. */
  isGlobal(name: string): boolean {
    return this.lookup(name) === undefined;
  }

  /** Where a value can come from: a constant, outside input (with its source), or unknown. */
  origin(expr: Node, depth = 0): ValueOrigin {
    if (depth === 0) {
      if (expr === this.lastOriginNode) return this.lastOrigin;
      const origin = this.resolveOrigin(expr, 0);
      this.lastOriginNode = expr;
      this.lastOrigin = origin;
      return origin;
    }
    return this.resolveOrigin(expr, depth);
  }

  private resolveOrigin(expr: Node, depth: number): ValueOrigin {
    if (depth > MAX_DEPTH) return { kind: 'unknown', confidence: 0.4 };
    switch (expr.type) {
      case 'Literal':
        return CONSTANT;
      case 'TemplateLiteral':
        return combine(expr.expressions.map((e) => this.origin(e, depth + 1)));
      case 'TaggedTemplateExpression':
        return { kind: 'unknown', confidence: 0.4 };
      case 'BinaryExpression':
        if (expr.operator !== '+') return CONSTANT; // arithmetic and comparisons yield numbers/booleans
        return combine([this.origin(expr.left, depth + 1), this.origin(expr.right, depth + 1)]);
      case 'UnaryExpression':
        return CONSTANT;
      case 'UpdateExpression':
        return CONSTANT;
      case 'LogicalExpression':
        return combine([this.origin(expr.left, depth + 1), this.origin(expr.right, depth + 1)]);
      case 'ConditionalExpression':
        return combine([this.origin(expr.consequent, depth + 1), this.origin(expr.alternate, depth + 1)]);
      case 'ArrayExpression':
        return combine(
          expr.elements.map((e) => (e === null ? CONSTANT : this.origin(e.type === 'SpreadElement' ? e.argument : e, depth + 1))),
        );
      case 'ObjectExpression':
        return combine(
          expr.properties.map((p) =>
            p.type === 'SpreadElement' ? this.origin(p.argument, depth + 1) : this.origin(p.value, depth + 1),
          ),
        );
      case 'SequenceExpression':
        return this.origin(expr.expressions[expr.expressions.length - 1]!, depth + 1);
      case 'AssignmentExpression':
        return this.origin(expr.right, depth + 1);
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSSatisfiesExpression':
      case 'ChainExpression':
        return this.origin(expr.expression, depth + 1);
      case 'AwaitExpression':
        return this.origin(expr.argument, depth + 1);
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
      case 'ClassExpression':
        return CONSTANT;
      case 'Identifier':
        return this.identifierOrigin(expr, depth);
      case 'MemberExpression':
        return this.memberOrigin(expr, depth);
      case 'CallExpression':
        return this.callOrigin(expr, depth);
      case 'NewExpression': {
        // new URL(x) / new URLSearchParams(x) carry x's origin
        const constructed = this.qualifiedName(expr.callee);
        if (constructed === 'URL' || constructed === 'URLSearchParams' || constructed === 'url.URL') {
          return combine(expr.arguments.map((a) => this.origin(a.type === 'SpreadElement' ? a.argument : a, depth + 1)));
        }
        return { kind: 'unknown', confidence: 0.5 };
      }
      default:
        return { kind: 'unknown', confidence: 0.5 };
    }
  }

  /**
   * The nodes an outside value went through to reach `expr`, source first: the source expression
   * (`req.query.file`, a request parameter, `process.argv[2]`), then each declaration, assignment
   * or pass-through call on the way. Empty when `expr` is not of external origin. Computed only
   * on demand, after a rule decided to report, by following the branch `origin` chose, so the scan
   * itself records nothing. At most MAX_FLOW_STEPS nodes: the source and the steps nearest `expr`.
   */
  flow(expr: Node): Node[] {
    if (this.origin(expr).kind !== 'external') return [];
    const steps: Node[] = [];
    this.traceExternal(expr, 0, steps);
    steps.reverse();
    return boundFlow(steps, MAX_FLOW_STEPS);
  }

  /** Walks the external branch of `expr` towards its source, appending steps (sink side first). */
  private traceExternal(expr: Node, depth: number, steps: Node[]): void {
    if (depth > MAX_DEPTH) return;
    const step = (node: Node, force = false): void => {
      const last = steps[steps.length - 1];
      // a pass-through inside the declaration just recorded adds nothing a reader needs
      if (!force && last !== undefined && last.range[0] <= node.range[0] && node.range[1] <= last.range[1]) return;
      if (last !== node) steps.push(node);
    };
    const follow = (children: ReadonlyArray<Node | null>): void => {
      const child = this.externalChild(children, depth);
      if (child !== undefined) this.traceExternal(child, depth + 1, steps);
    };
    switch (expr.type) {
      case 'TemplateLiteral':
        step(expr);
        follow(expr.expressions);
        return;
      case 'BinaryExpression':
      case 'LogicalExpression':
        step(expr);
        follow([expr.left, expr.right]);
        return;
      case 'ConditionalExpression':
        follow([expr.consequent, expr.alternate]);
        return;
      case 'ArrayExpression':
        follow(expr.elements.map((e) => (e !== null && e.type === 'SpreadElement' ? e.argument : e)));
        return;
      case 'ObjectExpression':
        follow(expr.properties.map((p) => (p.type === 'SpreadElement' ? p.argument : p.value)));
        return;
      case 'SequenceExpression':
        this.traceExternal(expr.expressions[expr.expressions.length - 1]!, depth + 1, steps);
        return;
      case 'AssignmentExpression':
        step(expr);
        this.traceExternal(expr.right, depth + 1, steps);
        return;
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSSatisfiesExpression':
      case 'ChainExpression':
        this.traceExternal(expr.expression, depth + 1, steps);
        return;
      case 'AwaitExpression':
        this.traceExternal(expr.argument, depth + 1, steps);
        return;
      case 'Identifier': {
        const binding = this.lookup(expr.name);
        if (!binding) return;
        if (binding.kind === 'param') {
          step(binding.node, true);
          return;
        }
        if (binding.kind !== 'const' && binding.kind !== 'let' && binding.kind !== 'var') return;
        const values = [...(binding.init ? [binding.init] : []), ...(binding.kind === 'const' ? [] : (binding.assigned ?? []))];
        const value = this.externalChild(values, depth);
        if (value === undefined) return;
        step(value === binding.init ? binding.node : (value.parent ?? value), true);
        this.traceExternal(value, depth + 1, steps);
        return;
      }
      case 'MemberExpression': {
        // `req.query.file`: the whole read is the source, not only its `req.query` part
        for (let inner: Node = expr; inner.type === 'MemberExpression'; inner = inner.object) {
          if (this.isSourceMember(inner)) {
            step(expr, true);
            return;
          }
        }
        if (expr.computed && expr.property.type !== 'Literal') {
          follow([expr.object, expr.property]);
          return;
        }
        this.traceExternal(expr.object, depth + 1, steps);
        return;
      }
      case 'NewExpression':
        step(expr);
        follow(expr.arguments.map((a) => (a.type === 'SpreadElement' ? a.argument : a)));
        return;
      case 'CallExpression': {
        const callee = this.qualifiedName(expr.callee);
        if (callee !== undefined && IO_SOURCES.has(callee)) {
          step(expr, true);
          return;
        }
        const local = this.localReturn(expr);
        if (local !== undefined && local.param >= 0) {
          step(expr);
          step(local.statement, true);
          const arg = expr.arguments[local.param];
          if (!arg || arg.type === 'SpreadElement') return;
          if (local.path.length > 0 && REQUEST_INPUT_PROPERTIES.has(local.path[0]!) && this.looksLikeRequest(arg)) {
            step(local.value, true); // the helper reads the request input itself
            return;
          }
          this.traceExternal(arg, depth + 1, steps);
          return;
        }
        step(expr);
        const args = expr.arguments.map((a) => (a.type === 'SpreadElement' ? a.argument : a));
        follow(expr.callee.type === 'MemberExpression' ? [expr.callee.object, ...args] : args);
        return;
      }
      default:
        return;
    }
  }

  /** The child `combine` would pick as the external origin of their whole (first of the highest confidence). */
  private externalChild(children: ReadonlyArray<Node | null>, depth: number): Node | undefined {
    let best: Node | undefined;
    let confidence = -1;
    for (const child of children) {
      if (child === null) continue;
      const origin = this.origin(child, depth + 1);
      if (origin.kind === 'external' && origin.confidence > confidence) {
        best = child;
        confidence = origin.confidence;
      }
    }
    return best;
  }

  /** A member expression that is itself a source (request input, argv, env, location, lambda event). */
  private isSourceMember(expr: Node): boolean {
    if (expr.type !== 'MemberExpression') return false;
    const qualified = this.qualifiedName(expr);
    if (qualified !== undefined && /^(?:process\.(?:argv|env)|(?:window|document|globalThis)\.location|location\.|document\.cookie)/.test(qualified)) {
      return true;
    }
    const property = memberPropertyName(expr);
    if (property === undefined) return false;
    if (REQUEST_INPUT_PROPERTIES.has(property) && this.looksLikeRequest(expr.object)) return true;
    return EVENT_INPUT_PROPERTIES.has(property) && expr.object.type === 'Identifier' && expr.object.name === 'event' && this.lookup('event')?.kind === 'param';
  }

  /**
   * Cross-function flow inside one file, for the cheap and common shape only: a local function
   * (declaration, or a const arrow/function expression) whose body returns one value read from a
   * parameter, `function getName(req) { return req.query.name }`. The returned member chain is
   * re-rooted at the call's argument, so `getName(req)` has the origin of `req.query.name`.
   */
  private localReturn(call: TSESTree.CallExpression): { statement: Node; value: Node; param: number; path: string[] } | undefined {
    // param -1: the function returns a literal
    if (call.callee.type !== 'Identifier') return undefined;
    const binding = this.lookup(call.callee.name);
    if (!binding) return undefined;
    let fn: Node | undefined;
    if (binding.kind === 'function') fn = binding.node;
    else if (binding.kind === 'const' && !binding.path) fn = binding.init;
    if (!fn || (fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression')) return undefined;
    let statement: Node;
    let value: Node | null | undefined;
    if (fn.body.type === 'BlockStatement') {
      const returns = fn.body.body.filter((s): s is TSESTree.ReturnStatement => s.type === 'ReturnStatement');
      if (returns.length !== 1) return undefined;
      statement = returns[0]!;
      value = returns[0]!.argument;
    } else {
      statement = fn.body;
      value = fn.body;
    }
    if (!value) return undefined;
    if (value.type === 'Literal' || (value.type === 'TemplateLiteral' && value.expressions.length === 0)) {
      return { statement, value, param: -1, path: [] };
    }
    const path: string[] = [];
    let root: Node = value;
    while (root.type === 'MemberExpression') {
      const property = memberPropertyName(root);
      if (property === undefined) return undefined;
      path.unshift(property);
      root = root.object;
    }
    if (root.type !== 'Identifier') return undefined;
    const rootName = root.name;
    const param = fn.params.findIndex((p) => p.type === 'Identifier' && p.name === rootName);
    if (param < 0) return undefined;
    return { statement, value, param, path };
  }

  /** Origin of a call of a local function that returns a value read from one of its parameters. */
  private localCallOrigin(call: TSESTree.CallExpression, depth: number): ValueOrigin | undefined {
    const local = this.localReturn(call);
    if (local === undefined) return undefined;
    if (local.param < 0) return CONSTANT; // the helper returns a literal
    const arg = call.arguments[local.param];
    if (!arg || arg.type === 'SpreadElement') return { kind: 'unknown', confidence: 0.5 };
    if (local.path.length === 0) return this.origin(arg, depth + 1);
    if (REQUEST_INPUT_PROPERTIES.has(local.path[0]!) && this.looksLikeRequest(arg)) {
      return { kind: 'external', source: `${sourceText(arg)}.${local.path.join('.')}`, confidence: 0.9 };
    }
    const base = this.origin(arg, depth + 1);
    return base.kind === 'external' ? { ...base, source: `${base.source}.${local.path.join('.')}` } : base;
  }

  /** True when an expression is built only from literals and constants. */
  isConstant(expr: Node): boolean {
    return this.origin(expr).kind === 'constant';
  }

  /** Static string value of an expression when it can be known (literals, constant templates, consts). */
  staticString(expr: Node, depth = 0): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (expr.type) {
      case 'Literal':
        return typeof expr.value === 'string' ? expr.value : expr.value === null ? undefined : String(expr.value);
      case 'TemplateLiteral': {
        let out = expr.quasis[0]?.value.cooked ?? '';
        for (let i = 0; i < expr.expressions.length; i++) {
          const part = this.staticString(expr.expressions[i]!, depth + 1);
          if (part === undefined) return undefined;
          out += part + (expr.quasis[i + 1]?.value.cooked ?? '');
        }
        return out;
      }
      case 'BinaryExpression': {
        if (expr.operator !== '+') return undefined;
        const left = this.staticString(expr.left, depth + 1);
        const right = this.staticString(expr.right, depth + 1);
        return left === undefined || right === undefined ? undefined : left + right;
      }
      case 'Identifier': {
        const binding = this.lookup(expr.name);
        if (binding && binding.kind === 'const' && binding.init && !binding.path) return this.staticString(binding.init, depth + 1);
        return undefined;
      }
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
        return this.staticString(expr.expression, depth + 1);
      default:
        return undefined;
    }
  }

  /** Names exported from this module (`export function f`, `export { f }`, `export default`). */
  isExportedName(name: string): boolean {
    if (this.exportedNames === undefined) {
      this.exportedNames = new Set();
      for (const statement of this.program.body) {
        if (statement.type === 'ExportNamedDeclaration') {
          const declaration = statement.declaration;
          if (declaration && 'id' in declaration && declaration.id && declaration.id.type === 'Identifier') {
            this.exportedNames.add(declaration.id.name);
          }
          if (declaration?.type === 'VariableDeclaration') {
            for (const d of declaration.declarations) for (const n of patternNames(d.id)) this.exportedNames.add(n);
          }
          for (const specifier of statement.specifiers) {
            if (specifier.local.type === 'Identifier') this.exportedNames.add(specifier.local.name);
          }
        } else if (statement.type === 'ExportDefaultDeclaration' && statement.declaration.type === 'Identifier') {
          this.exportedNames.add(statement.declaration.name);
        }
      }
    }
    return this.exportedNames.has(name);
  }

  // ---- internals ----

  private bindingQualifiedName(binding: Binding, depth: number): string | undefined {
    if (binding.kind === 'import' && binding.module !== undefined) {
      return [binding.module, ...(binding.importPath ?? [])].reduce((a, b) => joinQualified(a, b));
    }
    if ((binding.kind === 'const' || ((binding.kind === 'let' || binding.kind === 'var') && !binding.reassigned)) && binding.init) {
      const base = this.qualifiedName(binding.init, depth + 1);
      if (base === undefined) return undefined;
      return (binding.path ?? []).reduce(joinQualified, base);
    }
    return undefined;
  }

  private identifierOrigin(expr: TSESTree.Identifier, depth: number): ValueOrigin {
    const binding = this.lookup(expr.name);
    if (!binding) {
      if (CONSTANT_GLOBALS.has(expr.name)) return CONSTANT;
      return { kind: 'unknown', confidence: 0.5 };
    }
    switch (binding.kind) {
      case 'param': {
        if (REQUEST_NAMES.has(expr.name)) return { kind: 'external', source: `request object ${expr.name}`, confidence: 0.8 };
        const exported = binding.fn !== undefined && this.isExportedFunction(binding.fn);
        return {
          kind: 'external',
          source: `parameter ${expr.name}${exported ? ' of an exported function' : ''}`,
          confidence: exported ? 0.7 : 0.6,
        };
      }
      case 'const':
      case 'let':
      case 'var': {
        if (!binding.init) {
          if (binding.assigned && binding.assigned.length > 0) return combine(binding.assigned.map((v) => this.origin(v, depth + 1)));
          return { kind: 'unknown', confidence: 0.5 };
        }
        if (binding.reassigned && binding.kind !== 'const') {
          // Any value it may hold: the initial one and every assignment seen so far.
          const values = [binding.init, ...(binding.assigned ?? [])].map((v) => this.origin(v, depth + 1));
          if (binding.assigned === undefined) values.push({ kind: 'unknown', confidence: 0.5 }); // ++ / -- etc.
          return combine(values);
        }
        const base = this.origin(binding.init, depth + 1);
        if (binding.path && binding.path.length > 0 && base.kind === 'external') {
          return { ...base, source: `${base.source}.${binding.path.join('.')}` };
        }
        return base;
      }
      case 'import':
        return { kind: 'unknown', confidence: 0.4, source: `import ${expr.name}` };
      case 'function':
      case 'class':
        return CONSTANT;
      case 'catch':
        return { kind: 'unknown', confidence: 0.5 };
      default:
        return { kind: 'unknown', confidence: 0.5 };
    }
  }

  private memberOrigin(expr: TSESTree.MemberExpression, depth: number): ValueOrigin {
    const qualified = this.qualifiedName(expr);
    if (qualified !== undefined) {
      if (qualified === 'process.argv' || qualified.startsWith('process.argv.')) {
        return { kind: 'external', source: 'process.argv', confidence: 0.9 };
      }
      if (qualified === 'process.env' || qualified.startsWith('process.env.')) {
        return { kind: 'external', source: qualified, confidence: 0.7 };
      }
      if (/^(window|document|globalThis)\.location\b/.test(qualified) || qualified.startsWith('location.') || qualified === 'document.cookie') {
        return { kind: 'external', source: qualified, confidence: 0.8 };
      }
    }
    const property = memberPropertyName(expr);
    if (property !== undefined && REQUEST_INPUT_PROPERTIES.has(property) && this.looksLikeRequest(expr.object)) {
      return { kind: 'external', source: `${sourceText(expr.object)}.${property}`, confidence: 0.9 };
    }
    if (property !== undefined && EVENT_INPUT_PROPERTIES.has(property) && expr.object.type === 'Identifier' && expr.object.name === 'event' && this.lookup('event')?.kind === 'param') {
      return { kind: 'external', source: `event.${property}`, confidence: 0.8 };
    }
    if (expr.computed && expr.property.type !== 'Literal') {
      const object = this.origin(expr.object, depth + 1);
      const key = this.origin(expr.property, depth + 1);
      if (object.kind === 'constant' && key.kind === 'constant') return CONSTANT;
      return combine([object, key]);
    }
    const object = this.origin(expr.object, depth + 1);
    if (object.kind === 'external' && property !== undefined) {
      return { ...object, source: `${object.source}.${property}` };
    }
    return object;
  }

  private callOrigin(expr: TSESTree.CallExpression, depth: number): ValueOrigin {
    const callee = this.qualifiedName(expr.callee);
    if (callee !== undefined) {
      if (IO_SOURCES.has(callee)) return { kind: 'external', source: `${callee}()`, confidence: 0.6 };
      if (PASS_THROUGH_FUNCTIONS.has(callee)) {
        return combine(expr.arguments.map((a) => this.origin(a.type === 'SpreadElement' ? a.argument : a, depth + 1)));
      }
      if (callee === 'Number' || callee === 'parseInt' || callee === 'parseFloat' || callee === 'Boolean' || callee === 'encodeURIComponent') {
        return CONSTANT; // converts to a number/boolean or escapes: no injection payload survives
      }
    }
    if (expr.callee.type === 'MemberExpression') {
      const method = memberPropertyName(expr.callee);
      if (method !== undefined && PASS_THROUGH_METHODS.has(method)) {
        return combine([
          this.origin(expr.callee.object, depth + 1),
          ...expr.arguments.map((a) => this.origin(a.type === 'SpreadElement' ? a.argument : a, depth + 1)),
        ]);
      }
      if (method === 'get' || method === 'getAll') {
        // url.searchParams.get("q") / new URLSearchParams(...).get("q"), also through a const
        // holding the params: the origin of the URL they were parsed from
        let receiver: Node = expr.callee.object;
        if (receiver.type === 'Identifier') {
          const binding = this.lookup(receiver.name);
          if (binding && binding.kind === 'const' && binding.init && !binding.path) receiver = binding.init;
        }
        const isSearchParams =
          (receiver.type === 'MemberExpression' && memberPropertyName(receiver) === 'searchParams') ||
          (receiver.type === 'NewExpression' && this.qualifiedName(receiver.callee) === 'URLSearchParams');
        if (isSearchParams) return this.origin(receiver, depth + 1);
      }
      if (method === 'json' || method === 'text' || method === 'formData') {
        const object = this.origin(expr.callee.object, depth + 1);
        if (object.kind === 'external') return object;
      }
    }
    if (expr.callee.type === 'Identifier') {
      const local = this.localCallOrigin(expr, depth);
      if (local !== undefined) return local;
    }
    return { kind: 'unknown', confidence: 0.5 };
  }

  private looksLikeRequest(object: Node): boolean {
    let base: Node = object;
    // ctx.request.body, event.queryStringParameters, req.body
    if (base.type === 'MemberExpression' && memberPropertyName(base) === 'request') base = base.object;
    if (base.type !== 'Identifier') return false;
    if (!REQUEST_NAMES.has(base.name)) return false;
    const binding = this.lookup(base.name);
    return binding !== undefined && binding.kind === 'param';
  }

  private isExportedFunction(fn: TSESTree.FunctionLike): boolean {
    const parent = fn.parent;
    if (!parent) return false;
    if (parent.type === 'ExportNamedDeclaration' || parent.type === 'ExportDefaultDeclaration') return true;
    if (fn.type === 'FunctionDeclaration' && fn.id) return this.isExportedName(fn.id.name);
    if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
      return parent.parent?.parent?.type === 'ExportNamedDeclaration' || this.isExportedName(parent.id.name);
    }
    return false;
  }

  private pushFunction(fn: TSESTree.FunctionLike): void {
    const scope: Scope = { node: fn, bindings: undefined, functionScope: true };
    this.scopes.push(scope);
    if (fn.type === 'FunctionExpression' && fn.id) {
      this.declare({ name: fn.id.name, kind: 'function', node: fn, reassigned: false });
    }
    for (const param of fn.params) {
      for (const name of patternNames(param)) this.declare({ name, kind: 'param', node: param, fn, reassigned: false });
    }
    if (fn.body && fn.body.type === 'BlockStatement') this.hoistFunctions(fn.body.body);
  }

  /** Function declarations are visible in their whole scope, before the walk reaches them. */
  private hoistFunctions(statements: readonly TSESTree.Node[]): void {
    for (const statement of statements) {
      const declaration =
        statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
      if (declaration && declaration.type === 'FunctionDeclaration' && declaration.id) {
        this.declare({ name: declaration.id.name, kind: 'function', node: declaration, reassigned: false });
      }
    }
  }

  private popScope(node: Node): void {
    const top = this.scopes[this.scopes.length - 1];
    if (top && top.node === node) this.scopes.pop();
  }

  private declare(binding: Binding): void {
    let index = this.scopes.length - 1;
    if (binding.kind === 'var') while (index > 0 && !this.scopes[index]!.functionScope) index--;
    const scope = this.scopes[index]!;
    scope.bindings ??= new Map();
    scope.bindings.set(binding.name, binding);
  }

  private declareImport(node: TSESTree.ImportDeclaration): void {
    const module = normalizeModuleName(String(node.source.value));
    for (const specifier of node.specifiers) {
      let importPath: string[];
      if (specifier.type === 'ImportSpecifier') {
        const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
        importPath = imported === 'default' ? [] : [imported];
      } else {
        importPath = []; // namespace or default import: the module itself (CJS interop)
      }
      this.declare({ name: specifier.local.name, kind: 'import', module, importPath, node: specifier, reassigned: false });
    }
  }

  private declareVariable(node: TSESTree.VariableDeclarator): void {
    const declaration = node.parent;
    const kind: BindingKind =
      declaration?.type === 'VariableDeclaration' ? (declaration.kind === 'const' ? 'const' : declaration.kind === 'let' ? 'let' : 'var') : 'let';
    const init = node.init ?? undefined;
    if (node.id.type === 'Identifier') {
      this.declare({ name: node.id.name, kind, init, node, reassigned: false });
      return;
    }
    for (const { name, path } of destructuredNames(node.id, [])) {
      this.declare({ name, kind, init, path, node, reassigned: false });
    }
  }
}

/** At most `max` steps of a flow (source first): the source and the `max - 1` steps nearest the sink. */
export function boundFlow<T>(steps: readonly T[], max: number): T[] {
  if (steps.length <= max) return [...steps];
  if (max <= 1) return steps.slice(0, max);
  return [steps[0]!, ...steps.slice(steps.length - (max - 1))];
}

// ---- small AST helpers used by the analysis and by rules ----

/** The static name of a member's property: `a.b` and `a["b"]` -> "b"; undefined when computed. */
export function memberPropertyName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  if (node.computed && node.property.type === 'TemplateLiteral' && node.property.expressions.length === 0) {
    return node.property.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The static name of an object/class key: `a`, `"a"`, `1`, `#a`; undefined when computed. */
export function propertyKeyName(key: TSESTree.Node): string | undefined {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return undefined;
}

/** The module name of `require("x")`, or undefined. */
export function requiredModule(node: TSESTree.CallExpression): string | undefined {
  if (node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const arg = node.arguments[0];
  if (arg && arg.type === 'Literal' && typeof arg.value === 'string') return arg.value;
  if (arg && arg.type === 'TemplateLiteral' && arg.expressions.length === 0) return arg.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function joinQualified(base: string, property: string): string {
  // fs.promises.readFile is fs.readFile for our purposes
  if (base === 'fs' && property === 'promises') return 'fs';
  return `${base}.${property}`;
}

function combine(origins: ValueOrigin[]): ValueOrigin {
  let external: ValueOrigin | undefined;
  let unknown: ValueOrigin | undefined;
  for (const origin of origins) {
    if (origin.kind === 'external') {
      if (!external || (external.kind === 'external' && origin.confidence > external.confidence)) external = origin;
    } else if (origin.kind === 'unknown') {
      if (!unknown || (unknown.kind === 'unknown' && origin.confidence > unknown.confidence)) unknown = origin;
    }
  }
  return external ?? unknown ?? CONSTANT;
}

/** Every name a binding pattern declares. */
export function patternNames(pattern: Node): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => (p.type === 'RestElement' ? patternNames(p.argument) : patternNames(p.value)));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e === null ? [] : patternNames(e)));
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    case 'TSParameterProperty':
      return patternNames(pattern.parameter);
    default:
      return [];
  }
}

function destructuredNames(pattern: Node, path: string[]): Array<{ name: string; path: string[] }> {
  switch (pattern.type) {
    case 'Identifier':
      return [{ name: pattern.name, path }];
    case 'AssignmentPattern':
      return destructuredNames(pattern.left, path);
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => {
        if (p.type === 'RestElement') return patternNames(p.argument).map((name) => ({ name, path }));
        const key = !p.computed && p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined;
        if (key === undefined) return patternNames(p.value).map((name) => ({ name, path: [...path, '?'] }));
        return destructuredNames(p.value, [...path, key]);
      });
    case 'ArrayPattern':
      return pattern.elements.flatMap((e, i) => (e === null ? [] : destructuredNames(e, [...path, String(i)])));
    case 'RestElement':
      return destructuredNames(pattern.argument, path);
    default:
      return [];
  }
}

function sourceText(node: Node): string {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') {
    const property = memberPropertyName(node);
    return `${sourceText(node.object)}.${property ?? '[…]'}`;
  }
  if (node.type === 'ThisExpression') return 'this';
  return '…';
}
