// Fixer for path-traversal: when the reported path is `path.join(base, ...input)`,
// `path.resolve(base, ...input)` or a constant folder prefix plus a value, resolve it once before
// the statement and check it stays inside `base`, throwing otherwise; the call then uses the
// checked path. Declined when no base can be identified, when the base is not a plain
// name/literal (it is evaluated twice), or when the call runs only under a condition (the check
// would run when the call would not). Unsafe: requests for paths outside the base (and for the
// base itself) now throw instead of being served.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { declined, type Fixer } from './types.js';
import { bareModule, enclosingStatement, ensureModuleBinding, indentAt, insert, moduleBinding, nodeAtFinding, replace, uniqueName } from './ast-helpers.js';

/** Parents a value may pass through between the path and its statement without being conditional. */
const UNCONDITIONAL = new Set([
  'CallExpression', 'MemberExpression', 'AwaitExpression', 'VariableDeclarator', 'VariableDeclaration', 'ExpressionStatement',
  'ReturnStatement', 'AssignmentExpression', 'TSAsExpression', 'TSNonNullExpression', 'ArrayExpression', 'Property', 'ObjectExpression',
]);

function isSimpleBase(node: TSESTree.Node): boolean {
  if (node.type === 'Identifier') return true;
  if (node.type === 'Literal') return typeof node.value === 'string';
  if (node.type === 'MemberExpression') return !node.computed && isSimpleBase(node.object);
  return false;
}

/** 'join' / 'resolve' when `callee` is path.join / path.resolve (as a member or a named import). */
function pathFunction(program: TSESTree.Program, callee: TSESTree.Node): string | undefined {
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && callee.object.type === 'Identifier') {
    const method = callee.property.name;
    return callee.object.name === moduleBinding(program, 'path') && (method === 'join' || method === 'resolve') ? method : undefined;
  }
  if (callee.type !== 'Identifier') return undefined;
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration' || bareModule(String(statement.source.value)) !== 'path') continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type !== 'ImportSpecifier' || specifier.local.name !== callee.name || specifier.imported.type !== 'Identifier') continue;
      const imported = specifier.imported.name;
      if (imported === 'join' || imported === 'resolve') return imported;
    }
  }
  return undefined;
}

interface CheckTarget {
  /** Source text of the base folder and of the parts resolved against it. */
  base: string;
  rest: string[];
  /** The statement the check goes before. */
  holder: { statement: TSESTree.Statement };
}

/** The base and the rest of a path.join/resolve argument, and where to put the check; or why not. */
function checkTarget(program: TSESTree.Program, source: string, arg: TSESTree.Node): CheckTarget | string {
  const parts = joinedParts(program, source, arg);
  if (typeof parts === 'string') return parts;
  for (let node: TSESTree.Node | undefined = arg.parent; node; node = node.parent) {
    if (node.type === 'BlockStatement' || node.type === 'Program') break;
    if (!UNCONDITIONAL.has(node.type)) return `the call runs under a condition (${node.type}); a check hoisted before it would run when the call does not`;
  }
  const holder = enclosingStatement(arg);
  if (!holder) return 'the call is not inside a statement block';
  return { ...parts, holder };
}

/** A constant folder prefix: a string ending in "/" without "..". */
function folderPrefix(value: unknown): string | undefined {
  return typeof value === 'string' && value.endsWith('/') && value.length > 1 && !value.includes('..') ? value : undefined;
}

/**
 * The base and the parts of a path: `path.join(base, ...rest)`, `path.resolve(base, ...rest)`,
 * `'/srv/files/' + name` or `` `/srv/files/${name}` `` (the value is then passed through String(),
 * since path.resolve rejects non-strings where concatenation converted them).
 */
function joinedParts(program: TSESTree.Program, source: string, arg: TSESTree.Node): { base: string; rest: string[] } | string {
  const code = (node: TSESTree.Node): string => source.slice(node.range[0], node.range[1]);
  if (arg.type === 'BinaryExpression' && arg.operator === '+' && arg.left.type === 'Literal' && folderPrefix(arg.left.value) !== undefined) {
    if (arg.right.type === 'Literal') return 'the path is a constant';
    return { base: code(arg.left), rest: [`String(${code(arg.right)})`] };
  }
  if (arg.type === 'TemplateLiteral' && arg.expressions.length === 1 && arg.quasis[1]?.value.cooked === '') {
    const prefix = folderPrefix(arg.quasis[0]?.value.cooked);
    if (prefix !== undefined) return { base: JSON.stringify(prefix), rest: [`String(${code(arg.expressions[0]!)})`] };
  }
  if (arg.type !== 'CallExpression' || pathFunction(program, arg.callee) === undefined) {
    return 'the path is not built with path.join(base, ...) / path.resolve(base, ...) or a constant folder prefix, so there is no base to check against';
  }
  const [base, ...rest] = arg.arguments;
  if (!base || rest.length === 0 || base.type === 'SpreadElement' || rest.some((r) => r.type === 'SpreadElement')) return 'path.join has no separate base argument';
  if (!isSimpleBase(base)) return 'the base is an expression that would be evaluated twice; name it first';
  return { base: code(base), rest: rest.map(code) };
}

const fixer: Fixer = {
  ruleId: 'path-traversal',
  description: 'Resolves a joined path against its base and throws when it leaves the base (unsafe: such requests now fail).',
  fix(ctx) {
    const arg = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['CallExpression', 'Identifier', 'MemberExpression', 'TemplateLiteral', 'BinaryExpression']);
    if (!arg) return declined('no path argument at the finding location');
    const target = checkTarget(ctx.program, ctx.source, arg);
    if (typeof target === 'string') return declined(target);
    const { base, rest, holder } = target;
    const name = uniqueName(ctx.program, 'resolved');
    const binding = ensureModuleBinding(ctx.program, ctx.source, ctx.filePath, 'path', 'path');
    const p = binding.name;
    const indent = indentAt(ctx.source, holder.statement.range[0]);
    const baseText = base;
    const check =
      `const ${name} = ${p}.resolve(${[base, ...rest].join(', ')});\n` +
      `${indent}if (!${name}.startsWith(${p}.resolve(${baseText}) + ${p}.sep)) throw new Error('path outside ${baseText.replace(/['"`\\\n]/g, '')}');\n${indent}`;
    const edits = [...binding.edits, insert(ctx.filePath, holder.statement.range[0], check), replace(ctx.filePath, arg, name)];
    return {
      candidates: [
        {
          title: `Check that the path stays inside ${baseText}`,
          description: `Resolves the path against \`${baseText}\` before the statement and throws when it leaves it; the call uses the checked path.`,
          edits,
          safety: 'unsafe',
          rationale: '`../` segments or an absolute path in the input reach files outside the intended folder; resolving and checking the prefix stops that.',
          benefits: ['Input can no longer read or write files outside the base folder (CWE-22)'],
          risks: [
            'Requests for paths outside the base, and for the base folder itself, now throw; callers may need to turn the error into a 400/404.',
            'An absolute path in the input now resolves to itself (path.resolve) and is rejected, where path.join appended it to the base.',
            'The path is now computed before the statement, so it is evaluated before other parts of that statement.',
          ],
          test_strategy: 'Call the code path with `../../etc/passwd` and with an absolute path: both throw; a normal name still works.',
          test_cases: [
            { name: 'rejects parent segments', description: '`../secret` makes the call throw "path outside".' },
            { name: 'accepts names inside the base', description: 'A plain file name inside the base is served as before.' },
          ],
        },
      ],
    };
  },
};

export default fixer;
