// Fixer for command-injection. `exec(\`git log ${x}\`)` becomes `execFile("git", ["log", x])`
// (execSync -> execFileSync, a promisified exec -> a promisified execFile), only when the command
// splits on whitespace into a constant program and arguments that are each one whole
// interpolation or one plain constant word; any shell syntax (quotes, pipes, redirects, `;`, `$`,
// globs...) declines. The callback and options arguments are kept, and the child_process import
// gains execFile. `spawn(cmd, [args], { shell: true })` loses `shell: true`.
// Unsafe: the shell no longer expands anything (that is the point), so behaviour changes, e.g. a
// value with spaces stays one argument, and on Windows .cmd programs need a shell.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { declined, type FixCandidate, type FixContext, type Fixer } from './types.js';
import { bareModule, insert, nodeAtFinding, propertyKey, removeProperty, replace, requiredModule, stringLiteral, text, uniqueName, walk } from './ast-helpers.js';
import type { TextEdit } from '../edits.js';

/** A constant word that means the same to a shell and to execFile. */
const PLAIN_WORD = /^[A-Za-z0-9_\-./:,=@+%]+$/;

type Part = { kind: 'text'; value: string } | { kind: 'expr'; node: TSESTree.Expression };

/** The command as constant text and interpolated expressions, or undefined for other shapes. */
function commandParts(node: TSESTree.Node): Part[] | undefined {
  if (node.type === 'TemplateLiteral') {
    const parts: Part[] = [];
    node.quasis.forEach((quasi, i) => {
      parts.push({ kind: 'text', value: quasi.value.cooked ?? '\u0000' });
      const expression = node.expressions[i];
      if (expression) parts.push({ kind: 'expr', node: expression as TSESTree.Expression });
    });
    return parts;
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const left = commandParts(node.left);
    if (!left) return undefined;
    if (node.right.type === 'Literal' && typeof node.right.value === 'string') return [...left, { kind: 'text', value: node.right.value }];
    if (node.right.type === 'TemplateLiteral') {
      const right = commandParts(node.right);
      return right ? [...left, ...right] : undefined;
    }
    return [...left, { kind: 'expr', node: node.right }];
  }
  if (node.type === 'Literal' && typeof node.value === 'string') return [{ kind: 'text', value: node.value }];
  return undefined;
}

/** Splits the parts into words: each a constant plain word or one whole expression. */
export function splitCommand(parts: Part[], source: string): { words: string[] } | { error: string } {
  const words: string[] = [];
  let current: { text: string; exprs: number } | undefined;
  const flush = (): string | undefined => {
    if (!current) return undefined;
    const word = current;
    current = undefined;
    if (word.text.length > 0 && !PLAIN_WORD.test(word.text)) {
      return `the constant text \`${word.text}\` has shell syntax (quotes, operators, globs or variables)`;
    }
    if (word.exprs === 0) {
      words.push(stringLiteral(source, word.text));
    } else if (word.exprs > 1 || word.text.length > 0) return 'an interpolation sits inside a word; the shell would join it with the text around it';
    return undefined;
  };
  for (const part of parts) {
    if (part.kind === 'expr') {
      current ??= { text: '', exprs: 0 };
      current.exprs++;
      words.push(text(source, part.node)); // provisional; removed by flush if the word is not whole
      continue;
    }
    for (const ch of part.value) {
      if (/\s/.test(ch)) {
        const problem = flush();
        if (problem) return { error: problem };
      } else {
        current ??= { text: '', exprs: 0 };
        current.text += ch;
      }
    }
  }
  const problem = flush();
  if (problem) return { error: problem };
  return { words };
}

const SINK_TARGET: Record<string, string> = { exec: 'execFile', execSync: 'execFileSync' };

/** One `import { ... } from 'child_process'` or `const { ... } = require('child_process')`. */
interface NamedBinding {
  /** The specifier list or object pattern (for "is the name used elsewhere"). */
  container: TSESTree.Node;
  names: Array<{ imported: string; local: string; node: TSESTree.Node }>;
}

function childProcessBindings(program: TSESTree.Program): NamedBinding[] {
  const out: NamedBinding[] = [];
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' && bareModule(String(statement.source.value)) === 'child_process') {
      const named = statement.specifiers.filter((s): s is TSESTree.ImportSpecifier => s.type === 'ImportSpecifier');
      const names = named.map((s) => ({ imported: s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value), local: s.local.name, node: s as TSESTree.Node }));
      if (names.length > 0) out.push({ container: statement, names });
    }
    if (statement.type !== 'VariableDeclaration') continue;
    for (const d of statement.declarations) {
      if (d.id.type !== 'ObjectPattern' || bareModule(requiredModule(d.init) ?? '') !== 'child_process') continue;
      const props = d.id.properties.filter((p): p is TSESTree.Property => p.type === 'Property' && p.value.type === 'Identifier');
      out.push({ container: d.id, names: props.map((p) => ({ imported: propertyKey(p) ?? '', local: (p.value as TSESTree.Identifier).name, node: p })) });
    }
  }
  return out;
}

/**
 * The name to call `wanted` of child_process by, next to the binding of `local`: an existing
 * binding, else `local`'s own specifier renamed (when `replacedCall` was its only use), else
 * `wanted` added to the same import or destructuring.
 */
function childProcessImport(
  program: TSESTree.Program,
  local: string,
  filePath: string,
  wanted: string,
  replacedCall?: TSESTree.Node,
): { call: string; edits: TextEdit[] } | undefined {
  const binding = childProcessBindings(program).find((b) => b.names.some((n) => n.local === local));
  if (!binding) return undefined;
  const existing = binding.names.find((n) => n.imported === wanted);
  if (existing) return { call: existing.local, edits: [] };
  const own = binding.names.find((n) => n.local === local)!;
  if (replacedCall && !usedElsewhere(program, local, binding.container, replacedCall)) return { call: wanted, edits: [replace(filePath, own.node, wanted)] };
  const last = binding.names[binding.names.length - 1]!.node;
  return { call: wanted, edits: [insert(filePath, last.range[1], `, ${wanted}`)] };
}

const RISKS = [
  'No shell runs the command any more: values with spaces stay one argument, and globs, variables or `~` in them are no longer expanded (this is what closes the injection).',
  'On Windows, programs that are .cmd/.bat scripts (npm, yarn) cannot be started without a shell.',
];

function candidate(title: string, description: string, edits: TextEdit[], extraRisks: string[] = []): FixCandidate {
  return {
    title,
    description,
    edits,
    safety: 'unsafe',
    rationale: 'Without a shell, the values are passed to the program as separate arguments and shell metacharacters in them have no effect.',
    benefits: ['Input can no longer run other commands (CWE-78 closed)', 'No quoting needed for values with spaces'],
    risks: [...RISKS, ...extraRisks],
    test_strategy: 'Run the code path with a value containing `; touch pwned` and spaces: no file appears and the value reaches the program as one argument.',
    test_cases: [{ name: 'metacharacters stay literal', description: 'A value like `x; rm -rf /` is passed to the program as one argument and runs nothing else.' }],
  };
}

function fixShellOption(ctx: FixContext, call: TSESTree.CallExpression): ReturnType<Fixer['fix']> {
  const args = call.arguments;
  if (args[1]?.type !== 'ArrayExpression') return declined('the arguments are not an array literal; removing `shell: true` could break a command line passed as one string');
  if (args[0]?.type === 'Literal' && typeof args[0].value === 'string' && !PLAIN_WORD.test(args[0].value)) {
    return declined('the program name holds spaces or shell syntax; it only works through a shell');
  }
  const options = args.find((a): a is TSESTree.ObjectExpression => a.type === 'ObjectExpression');
  const shell = options?.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKey(p) === 'shell');
  if (!options || !shell) return declined('no `shell` option in an object literal');
  return {
    candidates: [candidate('Run the program without a shell', 'Removes `shell: true`; the arguments are already an array.', [removeProperty(ctx.filePath, ctx.source, options, shell)])],
  };
}

/** The new first arguments (`"git", ["log", x]`), or why the command cannot be split. */
function splitArguments(ctx: FixContext, call: TSESTree.CallExpression, argument: TSESTree.Node): { program: string; args: string } | string {
  const parts = commandParts(argument);
  if (!parts) return 'the command is not a template or concatenation of constant text and values; cannot split it safely';
  const split = splitCommand(parts, ctx.source);
  if ('error' in split) return split.error;
  const [program, ...rest] = split.words;
  if (program === undefined || !/^['"]/.test(program)) return 'the program name is not a constant word';
  const options = call.arguments.find((a): a is TSESTree.ObjectExpression => a.type === 'ObjectExpression');
  if (options?.properties.some((p) => p.type === 'SpreadElement' || propertyKey(p) === 'shell')) {
    return 'the options set (or may set) `shell`, which execFile would honour';
  }
  return { program, args: `${program}, [${rest.join(', ')}]` };
}

interface Retarget {
  edits: TextEdit[];
  title: string;
  description: string;
}

/** `cp.exec(...)` -> `cp.execFile(...)`. */
function retargetMember(ctx: FixContext, callee: TSESTree.MemberExpression): Retarget | string {
  const name = !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : '';
  const target = SINK_TARGET[name];
  if (!target) return `\`${text(ctx.source, callee)}\` is not exec or execSync`;
  return {
    edits: [replace(ctx.filePath, callee.property, target)],
    title: `Run the command with ${target} and an argument array`,
    description: `Replaces \`${text(ctx.source, callee)}(command)\` with \`${text(ctx.source, callee.object)}.${target}(program, [arguments])\`.`,
  };
}

/** `exec(...)` imported from child_process -> `execFile(...)`, with the import fixed. */
function retargetImported(ctx: FixContext, callee: TSESTree.Identifier): Retarget | undefined {
  for (const [from, target] of Object.entries(SINK_TARGET)) {
    if (!importsAs(ctx.program, callee.name, from)) continue;
    const imported = childProcessImport(ctx.program, callee.name, ctx.filePath, target, callee);
    if (!imported) continue;
    return {
      edits: [replace(ctx.filePath, callee, imported.call), ...imported.edits],
      title: `Run the command with ${target} and an argument array`,
      description: `Replaces \`${callee.name}(command)\` with \`${target}(program, [arguments])\` and imports ${target} from child_process.`,
    };
  }
  return undefined;
}

/** `run(...)` where `const run = promisify(exec)` -> a promisified execFile declared next to it. */
function retargetPromisified(ctx: FixContext, callee: TSESTree.Identifier): Retarget | string {
  const promisified = promisifiedFrom(ctx.program, callee.name);
  if (!promisified) return `cannot tell where \`${callee.name}\` comes from`;
  const { declaration, inner } = promisified;
  let innerTarget: string | undefined;
  const importEdits: TextEdit[] = [];
  if (inner.type === 'MemberExpression' && !inner.computed && inner.property.type === 'Identifier' && inner.property.name === 'exec') {
    innerTarget = `${text(ctx.source, inner.object)}.execFile`;
  } else if (inner.type === 'Identifier' && importsAs(ctx.program, inner.name, 'exec')) {
    const imported = childProcessImport(ctx.program, inner.name, ctx.filePath, 'execFile');
    innerTarget = imported?.call;
    importEdits.push(...(imported?.edits ?? []));
  }
  if (!innerTarget) return 'the promisified function is not child_process.exec';
  const name = uniqueName(ctx.program, `${callee.name}File`);
  const promisify = text(ctx.source, (declaration.init as TSESTree.CallExpression).callee);
  const statement = declaration.parent as TSESTree.VariableDeclaration;
  return {
    edits: [replace(ctx.filePath, callee, name), insert(ctx.filePath, statement.range[1], `\nconst ${name} = ${promisify}(${innerTarget});`), ...importEdits],
    title: 'Run the command with a promisified execFile and an argument array',
    description: `Adds \`const ${name} = ${promisify}(${innerTarget})\` and calls it with the program and an argument array.`,
  };
}

const fixer: Fixer = {
  ruleId: 'command-injection',
  description: 'Rewrites exec/execSync of a split-able command into execFile/execFileSync with an argument array, and drops `shell: true` (unsafe).',
  fix(ctx) {
    const argument = nodeAtFinding(ctx.program, ctx.source, ctx.finding, [
      'TemplateLiteral', 'BinaryExpression', 'Identifier', 'MemberExpression', 'CallExpression', 'Literal', 'ArrayExpression',
    ]);
    const call = argument?.parent;
    if (!argument || call?.type !== 'CallExpression' || call.callee === argument) return declined('no call argument at the finding location');
    if (ctx.finding.metadata.message_id === 'shellOption') return fixShellOption(ctx, call);
    if (call.arguments[0] !== argument) return declined('the command is not the first argument');
    const split = splitArguments(ctx, call, argument);
    if (typeof split === 'string') return declined(split);
    const callee = call.callee;
    let retarget: Retarget | string;
    if (callee.type === 'MemberExpression') retarget = retargetMember(ctx, callee);
    else if (callee.type === 'Identifier') retarget = retargetImported(ctx, callee) ?? retargetPromisified(ctx, callee);
    else retarget = 'the called function is not a plain name or member';
    if (typeof retarget === 'string') return declined(retarget);
    const extraRisks = call.arguments.slice(1).some((a) => a.type === 'Identifier' || a.type === 'MemberExpression')
      ? ['The options are passed through a variable: if they set `shell`, execFile still uses a shell.']
      : [];
    const edits = [replace(ctx.filePath, argument, split.args), ...retarget.edits];
    return { candidates: [candidate(retarget.title, `${retarget.description} The program is ${split.program}.`, edits, extraRisks)] };
  },
};

/** True when `local` is referenced outside its import (`binding`) and the call being replaced. */
function usedElsewhere(program: TSESTree.Program, local: string, binding: TSESTree.Node, replacedCall: TSESTree.Node): boolean {
  let used = false;
  const inside = (node: TSESTree.Node, outer: TSESTree.Node): boolean => node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];
  walk(program, (node) => {
    if (node.type === 'Identifier' && node.name === local && !inside(node, binding) && !inside(node, replacedCall)) used = true;
  });
  return used;
}

/** True when `local` is bound to child_process's `name` by an import or a require destructuring. */
function importsAs(program: TSESTree.Program, local: string, name: string): boolean {
  let found = false;
  walk(program, (node) => {
    if (node.type === 'ImportSpecifier' && node.local.name === local && node.imported.type === 'Identifier' && node.imported.name === name) found = true;
    if (node.type === 'Property' && node.parent?.type === 'ObjectPattern' && node.value.type === 'Identifier' && node.value.name === local && propertyKey(node) === name) found = true;
  });
  return found;
}

/** `const local = promisify(fn)` / `util.promisify(fn)` at any level: the declarator and fn. */
function promisifiedFrom(program: TSESTree.Program, local: string): { declaration: TSESTree.VariableDeclarator; inner: TSESTree.Node } | undefined {
  let result: { declaration: TSESTree.VariableDeclarator; inner: TSESTree.Node } | undefined;
  walk(program, (node) => {
    if (node.type !== 'VariableDeclarator' || node.id.type !== 'Identifier' || node.id.name !== local) return;
    const init = node.init;
    if (init?.type !== 'CallExpression' || !init.arguments[0]) return;
    const callee = init.callee;
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : '';
    if (name === 'promisify' && node.parent?.type === 'VariableDeclaration') result = { declaration: node, inner: init.arguments[0] };
  });
  return result;
}

export default fixer;
