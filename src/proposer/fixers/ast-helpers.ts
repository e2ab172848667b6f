// AST look-ups the fixers share: the node a finding points at, parents, the file's module style,
// imports of a module and how to add one, unique local names, and removing an object property.
// Everything here is pure: it reads the parsed program and the source text, never the disk.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Finding } from '../../models/finding.js';
import type { TextEdit } from '../edits.js';

export type Node = TSESTree.Node;

/** Offset of a 1-based line and column in `source`. */
export function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = source.indexOf('\n', offset);
    if (next === -1) return source.length;
    offset = next + 1;
  }
  return offset + column - 1;
}

/** The [start, end) range a finding points at. */
export function findingRange(source: string, finding: Finding): [number, number] {
  return [offsetOf(source, finding.line_number, finding.column), offsetOf(source, finding.end_line, finding.end_column)];
}

/**
 * Walks every node in source order. `parse` leaves `parent` unset (the scanner's engine sets it as
 * it walks), so this sets it too: fixers climb from the finding's node to its statement.
 */
export function walk(root: Node, visit: (node: Node, parent: Node | undefined) => void, parent?: Node): void {
  if (parent !== undefined) (root as { parent?: Node }).parent = parent;
  visit(root, parent);
  for (const key of Object.keys(root)) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    const value = (root as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) walk(child, visit, root);
    } else if (isNode(value)) walk(value, visit, root);
  }
}

const withParents = new WeakSet<Node>();

/** Sets `parent` on every node of a program once. */
export function setParents(program: TSESTree.Program): void {
  if (withParents.has(program)) return;
  walk(program, () => undefined);
  withParents.add(program);
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && Array.isArray((value as { range?: unknown }).range);
}

/** The outermost node of one of `types` whose range is exactly the finding's range (else the innermost one covering it). */
export function nodeAtFinding<T extends `${Node['type']}`>(
  program: TSESTree.Program,
  source: string,
  finding: Finding,
  types: readonly T[],
): Extract<Node, { type: T }> | undefined {
  const [start, end] = findingRange(source, finding);
  setParents(program);
  let exact: Node | undefined;
  let covering: Node | undefined;
  walk(program, (node) => {
    if (!(types as readonly string[]).includes(node.type)) return;
    const [s, e] = node.range;
    if (s === start && e === end) exact ??= node;
    else if (s <= start && e >= end) covering = node; // later visits are deeper
  });
  return (exact ?? covering) as Extract<Node, { type: T }> | undefined;
}

export function text(source: string, node: Node): string {
  return source.slice(node.range[0], node.range[1]);
}

export function replace(filePath: string, node: Node | [number, number], newCode: string): TextEdit {
  const [start, end] = Array.isArray(node) ? node : node.range;
  return { file_path: filePath, start, end, new_code: newCode };
}

export function insert(filePath: string, at: number, newCode: string): TextEdit {
  return { file_path: filePath, start: at, end: at, new_code: newCode };
}

export function propertyKey(property: TSESTree.Property | TSESTree.PropertyDefinition): string | undefined {
  if (property.computed) return property.key.type === 'Literal' && typeof property.key.value === 'string' ? property.key.value : undefined;
  if (property.key.type === 'Identifier') return property.key.name;
  if (property.key.type === 'Literal') return String(property.key.value);
  return undefined;
}

/** Removes one property of an object literal with its separating comma. */
export function removeProperty(filePath: string, source: string, object: TSESTree.ObjectExpression, property: Node): TextEdit {
  const index = object.properties.indexOf(property as TSESTree.ObjectLiteralElement);
  const next = object.properties[index + 1];
  if (object.properties.length === 1) return replace(filePath, object, '{}');
  if (next) return replace(filePath, [property.range[0], next.range[0]], '');
  // the last property: remove from the end of the previous one, so its comma goes too
  // (`{ a, b, }` -> `{ a, }`, still valid)
  const previous = object.properties[index - 1]!;
  void source;
  return replace(filePath, [previous.range[1], property.range[1]], '');
}

export type ModuleKind = 'esm' | 'cjs';

/** ESM when the file has import/export statements or an .mjs/.mts name; CJS for require() or .cjs. */
export function moduleKind(program: TSESTree.Program, filePath: string): ModuleKind {
  if (/\.c[jt]s$/i.test(filePath)) return 'cjs';
  if (/\.m[jt]s$/i.test(filePath)) return 'esm';
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' || statement.type.startsWith('Export')) return 'esm';
  }
  let usesRequire = false;
  walk(program, (node) => {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') usesRequire = true;
  });
  if (usesRequire) return 'cjs';
  return /\.tsx?$/i.test(filePath) ? 'esm' : 'cjs';
}

export function isTypeScript(filePath: string): boolean {
  return /\.[cm]?tsx?$/i.test(filePath);
}

/** `require('x')` with a string literal argument: the module name, else undefined. */
export function requiredModule(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const arg = node.arguments[0];
  return arg?.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
}

/** Strips `node:` so `node:path` and `path` compare equal. */
export function bareModule(name: string): string {
  return name.startsWith('node:') ? name.slice(5) : name;
}

/** The local name under which the whole module is bound (default, namespace or `const x = require()`). */
export function moduleBinding(program: TSESTree.Program, module: string): string | undefined {
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' && bareModule(String(statement.source.value)) === module && statement.importKind !== 'type') {
      for (const specifier of statement.specifiers) {
        if (specifier.type === 'ImportDefaultSpecifier' || specifier.type === 'ImportNamespaceSpecifier') return specifier.local.name;
      }
    }
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const required = requiredModule(declarator.init);
        if (required !== undefined && bareModule(required) === module && declarator.id.type === 'Identifier') return declarator.id.name;
      }
    }
  }
  return undefined;
}

/** Where a new top-level import/require goes: after the last import or require at the top, else at 0 (after a shebang/directives). */
export function importInsertionPoint(program: TSESTree.Program, source: string): { at: number; prefix: string; suffix: string } {
  let after: Node | undefined;
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration') after = statement;
    else if (statement.type === 'VariableDeclaration' && statement.declarations.some((d) => requiredModule(d.init) !== undefined)) after = statement;
    else if (statement.type === 'ExpressionStatement' && 'directive' in statement && statement.directive) after = statement;
    else if (after !== undefined || statement.type !== 'ExpressionStatement') break;
  }
  if (after) return { at: after.range[1], prefix: '\n', suffix: '' };
  const shebang = source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
  return { at: shebang, prefix: '', suffix: '\n' };
}

/** Every identifier name in the file (bindings and references): a new name must avoid them all. */
export function usedNames(program: TSESTree.Program): Set<string> {
  const names = new Set<string>();
  walk(program, (node) => {
    if (node.type === 'Identifier') names.add(node.name);
  });
  return names;
}

export function uniqueName(program: TSESTree.Program, wanted: string): string {
  const names = usedNames(program);
  if (!names.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!names.has(`${wanted}${i}`)) return `${wanted}${i}`;
}

/** Makes sure the whole module is bound to a name, adding an import/require when it is not. */
export function ensureModuleBinding(
  program: TSESTree.Program,
  source: string,
  filePath: string,
  module: string,
  preferredName: string,
): { name: string; edits: TextEdit[] } {
  const existing = moduleBinding(program, module);
  if (existing !== undefined) return { name: existing, edits: [] };
  const name = uniqueName(program, preferredName);
  const point = importInsertionPoint(program, source);
  const statement =
    moduleKind(program, filePath) === 'cjs'
      ? `const ${name} = require('node:${module}');`
      : isTypeScript(filePath)
        ? `import * as ${name} from 'node:${module}';`
        : `import ${name} from 'node:${module}';`;
  return { name, edits: [insert(filePath, point.at, `${point.prefix}${statement}${point.suffix}`)] };
}

/** The statement that holds `node` directly inside a block or the program, with that list. */
export function enclosingStatement(node: Node): { statement: TSESTree.Statement; list: TSESTree.Node } | undefined {
  let current: Node = node;
  while (current.parent) {
    const parent: Node = current.parent;
    if ((parent.type === 'BlockStatement' || parent.type === 'Program') && (parent.body as Node[]).includes(current)) {
      return { statement: current as TSESTree.Statement, list: parent };
    }
    if (parent.type === 'ArrowFunctionExpression' || parent.type === 'FunctionExpression' || parent.type === 'FunctionDeclaration') {
      if (current === parent.body && parent.body.type !== 'BlockStatement') return undefined; // concise arrow body
    }
    current = parent;
  }
  return undefined;
}

/** The indentation of the line `offset` is on. */
export function indentAt(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '';
}

/** The line ending style of a file's text. */
export function eol(source: string): string {
  return source.includes('\r\n') ? '\r\n' : '\n';
}

/** Removes a whole statement, with its line when nothing else is on it. */
export function removeStatement(filePath: string, source: string, statement: Node): TextEdit {
  let [start, end] = statement.range;
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = source.indexOf('\n', end);
  if (lineEnd === -1) lineEnd = source.length;
  if (source.slice(lineStart, start).trim() === '' && source.slice(end, lineEnd).trim() === '') {
    start = lineStart;
    end = lineEnd < source.length ? lineEnd + 1 : lineEnd;
  }
  return replace(filePath, [start, end], '');
}

/** UPPER_SNAKE_CASE of a camelCase, kebab-case or snake_case name. */
export function upperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** The whole lines an edit touches, as the proposal builder widens it. */
function lineSpan(source: string, edit: TextEdit): [number, number] {
  const start = source.lastIndexOf('\n', edit.start - 1) + 1;
  if (edit.end > edit.start && source[edit.end - 1] === '\n') return [start, edit.end];
  const end = source.indexOf('\n', edit.end > edit.start ? edit.end - 1 : edit.end);
  return [start, end === -1 ? source.length : end + 1];
}

/**
 * Combines edits of `filePath` whose lines overlap into one edit each. The proposal builder widens
 * every edit to whole lines to save it; two edits on one line would then overlap, so a fixer hands
 * over at most one edit per line. Edits of other files pass through unchanged.
 */
export function mergeLineEdits(source: string, filePath: string, edits: readonly TextEdit[]): TextEdit[] {
  const own = edits.filter((e) => e.file_path === filePath).sort((a, b) => a.start - b.start || a.end - b.end);
  const others = edits.filter((e) => e.file_path !== filePath);
  const groups: TextEdit[][] = [];
  let groupEnd = -1;
  for (const edit of own) {
    const [start, end] = lineSpan(source, edit);
    const group = groups[groups.length - 1];
    if (group && start < groupEnd) group.push(edit);
    else groups.push([edit]);
    groupEnd = Math.max(group && start < groupEnd ? groupEnd : -1, end);
  }
  const merged = groups.map((group): TextEdit => {
    if (group.length === 1) return group[0]!;
    const start = Math.min(...group.map((e) => e.start));
    const end = Math.max(...group.map((e) => e.end));
    const inner = group.map((e) => ({ start: e.start - start, end: e.end - start, new_code: e.new_code }));
    return { file_path: filePath, start, end, new_code: applyRelative(source.slice(start, end), inner) };
  });
  return [...merged, ...others];
}

function applyRelative(text: string, edits: { start: number; end: number; new_code: string }[]): string {
  let out = '';
  let cursor = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (edit.start < cursor) throw new RangeError('a fixer produced overlapping edits');
    out += text.slice(cursor, edit.start) + edit.new_code;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/** The quote the file mostly uses for strings: new string literals follow the file's style. */
export function preferredQuote(source: string): "'" | '"' {
  const single = source.match(/(?:^|[\s(,=:[{])'[^'\n]*'/g)?.length ?? 0;
  const double = source.match(/(?:^|[\s(,=:[{])"[^"\n]*"/g)?.length ?? 0;
  return single > double ? "'" : '"';
}

/** A string literal for `value` in the file's quote style. */
export function stringLiteral(source: string, value: string): string {
  const json = JSON.stringify(value);
  if (preferredQuote(source) === '"') return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}
