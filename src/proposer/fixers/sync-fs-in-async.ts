// Fixer for sync-fs-in-async: replaces a blocking `fs.*Sync(...)` call inside an async function
// with the awaited promise twin, through the binding the file already has:
//   `fs.readFileSync(p, 'utf8')` (default/namespace import or require of fs) -> `await fs.promises.readFile(p, 'utf8')`
//   `readFileSync(p)` (a named import/destructured require)                    -> `await readFile(p)`, importing
//   `readFile` from fs/promises in the file's module style (the sync import is swapped when this was its only use).
// Unsafe: the function now yields while the I/O is pending, so other code may run in between
// (ordering changes), and a failure becomes a rejection of this function's promise rather than a
// synchronous throw. Declined: existsSync (no promise twin), child_process calls, fs-extra-only
// methods, `stat`/`lstat` with options (`throwIfNoEntry` has no promise equivalent), and calls in
// positions where prefixing `await` would change how the expression parses.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { declined, type FixCandidate, type FixContext, type Fixer } from './types.js';
import { bareModule, importInsertionPoint, insert, moduleBinding, nodeAtFinding, removeStatement, replace, requiredModule, setParents, text, usedNames, walk, type Node } from './ast-helpers.js';
import type { TextEdit } from '../edits.js';

/**
 * fs methods whose `*Sync` form has a `fs/promises` twin taking the same arguments and resolving
 * to the same value. Not realpath: realpathSync is a JavaScript walk and fs.promises.realpath the
 * native realpath(3), which can answer differently (drive letter case, some mounts).
 */
const PROMISE_TWINS = new Set([
  'readFile', 'writeFile', 'appendFile', 'readdir', 'stat', 'lstat', 'mkdir', 'rm', 'rmdir', 'unlink', 'rename', 'copyFile',
  'access', 'chmod', 'readlink', 'symlink', 'truncate', 'mkdtemp', 'utimes', 'link', 'cp',
]);

/** A first argument that is, or is named like, a numeric file descriptor (`readFileSync(0)`, `fd`, `process.stdin.fd`). */
function looksLikeDescriptor(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'Literal') return typeof node.value === 'number';
  const name = node.type === 'Identifier' ? node.name : node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' ? node.property.name : '';
  return /fd$/i.test(name);
}

/** Positions where `await call` can replace `call` without parentheses. */
function directlyAwaitable(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  switch (parent?.type) {
    case 'ExpressionStatement':
      return parent.expression === call;
    case 'VariableDeclarator':
      return parent.init === call;
    case 'ReturnStatement':
      return parent.argument === call;
    case 'ArrowFunctionExpression':
      return parent.body === call;
    case 'CallExpression':
    case 'NewExpression':
      return (parent.arguments as Node[]).includes(call);
    default:
      return false;
  }
}

/** Why `await call` would not be valid or not parse the same, or undefined when it is fine. */
function awaitablePosition(call: TSESTree.CallExpression): string | undefined {
  if (!directlyAwaitable(call)) {
    return `the call's result is used as part of a larger expression (${call.parent?.type ?? 'none'}); adding \`await\` there needs parentheses and a review`;
  }
  // `await` is only valid in the function's body, not in its parameter defaults
  let child: Node = call;
  let current: Node | undefined = call.parent;
  while (current) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') {
      if (!current.async) return 'the innermost function is not async';
      return current.body === child ? undefined : 'the call is not in the body of the async function';
    }
    child = current;
    current = current.parent;
  }
  return 'the call is not inside a function';
}

/** References of `name` outside `except` (bindings and uses; property keys and member names are not references). */
function referenceCount(program: TSESTree.Program, name: string, except: Node): number {
  let count = 0;
  walk(program, (node, parent) => {
    if (node.type !== 'Identifier' || node.name !== name) return;
    if (node.range[0] >= except.range[0] && node.range[1] <= except.range[1]) return;
    if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
    if (parent?.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand) return;
    count++;
  });
  return count;
}

interface NamedSync {
  /** The import declaration or `const { … } = require()` statement binding the sync function. */
  statement: TSESTree.ImportDeclaration | TSESTree.VariableDeclaration;
  /** Whether the name is the statement's only binding, so the statement can be swapped whole. */
  sole: boolean;
  /** The module specifier as written (`fs` or `node:fs`). */
  specifier: string;
}

/** `import { readFileSync as local } from 'fs'`. */
function importedSync(statement: TSESTree.ImportDeclaration, local: string): NamedSync | undefined {
  const specifier = String(statement.source.value);
  if (statement.importKind === 'type' || bareModule(specifier) !== 'fs') return undefined;
  const found = statement.specifiers.some((s) => s.type === 'ImportSpecifier' && s.local.name === local);
  return found ? { statement, sole: statement.specifiers.length === 1, specifier } : undefined;
}

/** `const { readFileSync: local } = require('fs')`. */
function requiredSync(statement: TSESTree.VariableDeclaration, local: string): NamedSync | undefined {
  for (const declarator of statement.declarations) {
    const required = requiredModule(declarator.init);
    if (required === undefined || bareModule(required) !== 'fs' || declarator.id.type !== 'ObjectPattern') continue;
    const properties = declarator.id.properties;
    if (properties.some((p) => p.type === 'Property' && p.value.type === 'Identifier' && p.value.name === local)) {
      return { statement, sole: statement.declarations.length === 1 && properties.length === 1, specifier: required };
    }
  }
  return undefined;
}

/** The top-level import/require that binds `local` to fs's `method`Sync, or undefined. */
function namedSyncBinding(program: TSESTree.Program, local: string): NamedSync | undefined {
  for (const statement of program.body) {
    const found =
      statement.type === 'ImportDeclaration' ? importedSync(statement, local) : statement.type === 'VariableDeclaration' ? requiredSync(statement, local) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The local name of `method` in one top-level statement importing or requiring fs/promises. */
function promiseBindingIn(statement: TSESTree.ProgramStatement, method: string): string | undefined {
  if (statement.type === 'ImportDeclaration') {
    if (statement.importKind === 'type' || bareModule(String(statement.source.value)) !== 'fs/promises') return undefined;
    const found = statement.specifiers.find(
      (s): s is TSESTree.ImportSpecifier => s.type === 'ImportSpecifier' && s.importKind !== 'type' && s.imported.type === 'Identifier' && s.imported.name === method,
    );
    return found?.local.name;
  }
  if (statement.type !== 'VariableDeclaration') return undefined;
  for (const declarator of statement.declarations) {
    const required = requiredModule(declarator.init);
    if (required === undefined || bareModule(required) !== 'fs/promises' || declarator.id.type !== 'ObjectPattern') continue;
    for (const p of declarator.id.properties) {
      if (p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === method && p.value.type === 'Identifier') return p.value.name;
    }
  }
  return undefined;
}

/** A name the file already binds to fs/promises' `method` (named import or destructured require). */
function existingPromiseBinding(program: TSESTree.Program, method: string): string | undefined {
  for (const statement of program.body) {
    const name = promiseBindingIn(statement, method);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** `readFile` or, when that name is taken, `readFileAsync` (numbered if needed). */
function freshName(program: TSESTree.Program, method: string): string {
  const names = usedNames(program);
  if (!names.has(method)) return method;
  const base = `${method}Async`;
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base}${i}`)) return `${base}${i}`;
}

/** Why this call's arguments or position do not allow the promise twin, or undefined when they do. */
function callProblem(call: TSESTree.CallExpression, method: string): string | undefined {
  if (call.optional) return 'an optional call (`?.()`) cannot simply be awaited';
  if ((method === 'stat' || method === 'lstat') && call.arguments.length > 1) {
    return `${method}Sync with options may use \`throwIfNoEntry\`, which fs.promises.${method} does not support`;
  }
  if (looksLikeDescriptor(call.arguments[0])) {
    return `the first argument looks like a numeric file descriptor, which fs.promises.${method} does not accept (it takes a path or a FileHandle)`;
  }
  return awaitablePosition(call);
}

/** How the call gets its promise twin: the callee's new text, a phrase for the description, and import edits. */
interface Plan {
  replacement: string;
  how: string;
  edits: TextEdit[];
}

/** `fs.readFileSync` on the file's default/namespace/required fs binding -> `fs.promises.readFile`. */
function memberPlan(program: TSESTree.Program, callee: TSESTree.MemberExpression, method: string): Plan | string {
  const object = callee.object;
  if (callee.computed || object.type !== 'Identifier' || object.name !== moduleBinding(program, 'fs')) {
    return "the callee is not a member of the file's top-level fs binding (fs-extra, graceful-fs or an inline require are left alone)";
  }
  return { replacement: `${object.name}.promises.${method}`, how: `through the file's \`${object.name}\` binding`, edits: [] };
}

/** A named sync import (`readFileSync`) -> the fs/promises twin, imported in the same style as the sync one. */
function namedPlan(ctx: FixContext, callee: TSESTree.Identifier, method: string): Plan | string {
  const named = namedSyncBinding(ctx.program, callee.name);
  if (!named) return `\`${callee.name}\` is not bound by a top-level import or require of fs`;
  const existing = existingPromiseBinding(ctx.program, method);
  const name = existing ?? freshName(ctx.program, method);
  const promisesModule = named.specifier.startsWith('node:') ? 'node:fs/promises' : 'fs/promises';
  const onlyUse = named.sole && referenceCount(ctx.program, callee.name, named.statement) === 1;
  if (existing !== undefined) {
    const edits = onlyUse ? [removeStatement(ctx.filePath, ctx.source, named.statement)] : [];
    return { replacement: name, how: `through the file's existing \`${existing}\` from ${promisesModule}`, edits };
  }
  // the new binding follows the sync one's form: a require for a require, an import for an import
  const cjs = named.statement.type === 'VariableDeclaration';
  const alias = name === method ? name : cjs ? `${method}: ${name}` : `${method} as ${name}`;
  const quote = /(['"`])(?:node:)?fs\1/.exec(text(ctx.source, named.statement))?.[1] ?? "'";
  const statement =
    named.statement.type === 'VariableDeclaration'
      ? `${named.statement.kind} { ${alias} } = require(${quote}${promisesModule}${quote});`
      : `import { ${alias} } from ${quote}${promisesModule}${quote};`;
  if (onlyUse) {
    // the sync import had no other use: swap it for the promise import in place
    return { replacement: name, how: `replacing the import of ${callee.name} with \`${statement}\``, edits: [replace(ctx.filePath, named.statement, statement)] };
  }
  const point = importInsertionPoint(ctx.program, ctx.source);
  return { replacement: name, how: `adding \`${statement}\``, edits: [insert(ctx.filePath, point.at, `${point.prefix}${statement}${point.suffix}`)] };
}

const fixer: Fixer = {
  ruleId: 'sync-fs-in-async',
  description: 'Replaces a blocking fs.*Sync call in an async function with the awaited fs/promises twin (unsafe: ordering and error timing change).',
  fix(ctx) {
    const qualified = String(ctx.finding.metadata.callee ?? '');
    if (qualified === 'fs.existsSync') {
      return declined('existsSync has no promise twin (fs.promises.exists does not exist); use `await fs.promises.access(path)` in a try/catch, or stat, by hand');
    }
    if (!qualified.startsWith('fs.') || !qualified.endsWith('Sync')) return declined(`${qualified || 'this call'} is not an fs call with a fs/promises twin (child_process needs a promisified exec/execFile by hand)`);
    const method = qualified.slice(3, -4);
    if (!PROMISE_TWINS.has(method)) return declined(`fs.${method}Sync has no known fs/promises twin with the same arguments`);
    setParents(ctx.program);
    const callee = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['Identifier', 'MemberExpression']);
    const call = callee?.parent;
    if (!callee || call?.type !== 'CallExpression' || call.callee !== callee) return declined('no fs call at the finding location');
    const problem = callProblem(call, method);
    if (problem !== undefined) return declined(problem);

    const plan = callee.type === 'MemberExpression' ? memberPlan(ctx.program, callee, method) : namedPlan(ctx, callee, method);
    if (typeof plan === 'string') return declined(plan);
    const { replacement, how, edits } = plan;
    edits.push(replace(ctx.filePath, call.callee, `await ${replacement}`));

    const candidate: FixCandidate = {
      title: `Await fs/promises ${method} instead of blocking on ${method}Sync`,
      description: `Replaces \`${text(ctx.source, call.callee)}(…)\` with \`await ${replacement}(…)\`, ${how}.`,
      edits,
      safety: 'unsafe',
      rationale: `${method}Sync blocks the whole event loop (every request, timer and socket) until the disk answers; the async function can instead wait without blocking.`,
      benefits: ['Other requests and timers keep running while the file-system call is pending'],
      risks: [
        'The function now yields at this point: other code can run (and change shared state) before it continues, so ordering with concurrent work may change.',
        'A failure (ENOENT, EACCES, ...) now rejects the returned promise instead of throwing synchronously; callers that relied on the synchronous throw may behave differently.',
      ],
      test_strategy: 'Run the tests of the function (success and a missing-file failure); check callers await it or handle its rejection.',
      test_cases: [{ name: `${method} failure rejects`, description: 'A missing or unreadable path makes the function reject with the same error code as before.' }],
    };
    return { candidates: [candidate] };
  },
};

export default fixer;
