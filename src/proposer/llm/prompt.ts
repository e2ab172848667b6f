// The prompt for one finding: fixed instructions, then the finding, the rule's docs page from this
// package, the file's imports and the code around the finding (the smallest enclosing function,
// method or class, else 30 lines either side). Every piece is bounded, so a huge file or docs page
// cannot blow the model's context or the bill. Redaction is applied afterwards by the caller.
import fs from 'node:fs';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { FixContext } from '../fixers/types.js';

/** This package's docs/rules, from src/proposer/llm (tests) and dist/proposer/llm (built) alike. */
export const RULE_DOCS_DIR = path.resolve(import.meta.dirname, '../../../docs/rules');

const MAX_DOCS_CHARS = 6_000;
const MAX_IMPORTS_CHARS = 3_000;
const MAX_CODE_LINES = 160;
const WINDOW_LINES = 30;

export const SYSTEM_PROMPT = [
  'You are a careful senior engineer proposing a minimal, safe fix for one problem a static analyzer found in a JavaScript/TypeScript file.',
  'Answer only in the requested JSON schema.',
  'old_code must be copied exactly from the file as shown (same whitespace and line breaks) and must occur exactly once in the file; include enough surrounding lines to make it unique, and keep it as small as possible otherwise.',
  'new_code replaces old_code. Change only what the fix needs; keep the code style; do not reformat unrelated code.',
  'Values shown as <redacted:secret-N> are secrets hidden from you: you may copy them into old_code, but never put a marker in new_code; read such values from the environment (process.env.NAME) instead.',
  'Every fix you propose will be reviewed by a person before it is applied.',
].join('\n');

export interface PromptOptions {
  /** How many alternative approaches to ask for (0: none). */
  alternatives: number;
  /** Where the rule docs live (tests may point elsewhere). */
  docsDir?: string;
}

export interface CodeExcerpt {
  /** 1-based inclusive line range of the excerpt in the file. */
  startLine: number;
  endLine: number;
  text: string;
  /** What the excerpt is: "function handler", "lines 10-70". */
  label: string;
}

/** The user message of the prompt (before redaction). */
export function buildUserPrompt(context: FixContext, options: PromptOptions): string {
  const { finding } = context;
  const excerpt = enclosingCode(context.source, context.program, finding.line_number);
  const imports = importStatements(context.source, context.program);
  const docs = ruleDocs(finding.rule_id, options.docsDir ?? RULE_DOCS_DIR);
  const sections = [
    `# Finding\nrule: ${finding.rule_id}\nseverity: ${finding.severity}\nfile: ${context.filePath}\nline: ${finding.line_number}, column ${finding.column}\nmessage: ${finding.description}\nrecommendation: ${finding.recommendation}\ncode at the finding:\n${fence(finding.code_snippet)}`,
    docs === undefined ? undefined : `# Rule documentation (${finding.rule_id})\n${docs}`,
    imports === '' ? undefined : `# Imports of ${context.filePath}\n${fence(imports)}`,
    `# Code: ${excerpt.label}, lines ${excerpt.startLine}-${excerpt.endLine} of ${context.filePath} (the finding is on line ${finding.line_number})\n${fence(excerpt.text)}`,
    options.alternatives > 0
      ? `# Task\nPropose the fix, and up to ${options.alternatives} alternative approaches in "alternatives" (each with its own old_code/new_code and tradeoffs).`
      : '# Task\nPropose the fix. Leave "alternatives" empty.',
  ];
  return sections.filter((section): section is string => section !== undefined).join('\n\n');
}

function fence(text: string): string {
  const ticks = text.includes('```') ? '````' : '```';
  return `${ticks}\n${text}\n${ticks}`;
}

/** The rule's docs page, cut to a bound; undefined when the rule has none. */
export function ruleDocs(ruleId: string, docsDir: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(ruleId)) return undefined; // ids only: never a path from a finding
  let text: string;
  try {
    text = fs.readFileSync(path.join(docsDir, `${ruleId}.md`), 'utf8');
  } catch {
    return undefined; // a rule without a docs page still gets a prompt
  }
  return text.length > MAX_DOCS_CHARS ? `${text.slice(0, MAX_DOCS_CHARS)}\n[…docs cut]` : text;
}

const FUNCTION_LIKE = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'MethodDefinition',
  'ClassDeclaration',
  'ClassExpression',
  'TSDeclareFunction',
]);

/** The smallest function, method or class around the line, else a window of lines; bounded. */
export function enclosingCode(source: string, program: TSESTree.Program, line: number): CodeExcerpt {
  const lines = source.split('\n');
  const found = smallestEnclosing(program, line);
  const node = found?.node;
  let startLine: number;
  let endLine: number;
  let label: string;
  if (node === undefined) {
    startLine = line - WINDOW_LINES;
    endLine = line + WINDOW_LINES;
    label = 'around the finding';
  } else {
    startLine = node.loc.start.line;
    endLine = node.loc.end.line;
    label = `enclosing ${describeNode(node, found?.parent)}`;
  }
  if (endLine - startLine + 1 > MAX_CODE_LINES) {
    const half = Math.floor(MAX_CODE_LINES / 2);
    startLine = Math.max(startLine, line - half);
    endLine = Math.min(endLine, line + half);
    label += ' (cut around the finding)';
  }
  startLine = Math.max(1, startLine);
  endLine = Math.min(lines.length, endLine);
  return { startLine, endLine, label, text: lines.slice(startLine - 1, endLine).join('\n') };
}

function describeNode(node: TSESTree.Node, parent: TSESTree.Node | undefined): string {
  const kind = node.type === 'MethodDefinition' ? 'method' : node.type.startsWith('Class') ? 'class' : 'function';
  let key: TSESTree.Node | null | undefined = node.type === 'MethodDefinition' ? node.key : 'id' in node ? node.id : null;
  // `const handler = () => …`, `{ handler: function () {…} }`: the function is named by its binding
  if (!key && parent?.type === 'VariableDeclarator') key = parent.id;
  if (!key && parent?.type === 'Property') key = parent.key;
  const name = key && key.type === 'Identifier' ? ` ${key.name}` : '';
  return `${kind}${name}`;
}

interface Enclosing {
  node: TSESTree.Node;
  parent: TSESTree.Node | undefined;
}

function smallestEnclosing(program: TSESTree.Program, line: number): Enclosing | undefined {
  let best: Enclosing | undefined;
  const visit = (node: TSESTree.Node, parent: TSESTree.Node | undefined): void => {
    if (node.loc.start.line > line || node.loc.end.line < line) return;
    // a method's FunctionExpression starts at its parameters: the method itself reads better
    const isMethodBody = node.type === 'FunctionExpression' && parent?.type === 'MethodDefinition';
    if (FUNCTION_LIKE.has(node.type) && !isMethodBody) best = { node, parent }; // deeper nodes come later: the last is the smallest
    for (const child of children(node)) visit(child, node);
  };
  visit(program, undefined);
  return best;
}

function children(node: TSESTree.Node): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) {
      out.push(value);
    }
  }
  return out;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && 'loc' in value;
}

/** The file's import declarations and top-level `require` bindings, in order, bounded. */
export function importStatements(source: string, program: TSESTree.Program): string {
  const texts: string[] = [];
  for (const statement of program.body) {
    const isImport = statement.type === 'ImportDeclaration';
    const isRequire =
      statement.type === 'VariableDeclaration' &&
      statement.declarations.some((d) => d.init?.type === 'CallExpression' && d.init.callee.type === 'Identifier' && d.init.callee.name === 'require');
    if (isImport || isRequire) texts.push(source.slice(statement.range[0], statement.range[1]));
  }
  const text = texts.join('\n');
  return text.length > MAX_IMPORTS_CHARS ? `${text.slice(0, MAX_IMPORTS_CHARS)}\n// […imports cut]` : text;
}
