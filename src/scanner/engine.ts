// Scans one file's text: parse with typescript-estree, walk the AST once, and dispatch every node
// to the visitors of every enabled rule. Also collects the per-file facts the project-level rules
// need (imports, exports), so that a cached file never has to be parsed again.
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { parse } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { Finding } from '../models/finding.js';
import { buildFinding, engineFinding, fillTemplate, normalizeCode } from './finding-builder.js';
import { FileAnalysis } from './analysis/file-analysis.js';
import { extractComments } from './analysis/comments.js';
import { collectFileFacts, type FileFacts } from './analysis/file-facts.js';
import type { Node, ReportDescriptor, Rule, RuleContext } from './rule.js';
import { parseSuppressions, type Suppressions } from './suppressions.js';

export interface EnabledRule {
  rule: Rule;
  options: Record<string, unknown>;
}

export interface FileResult {
  findings: Finding[];
  /** Findings silenced by an inline suppression comment. */
  suppressed: number;
  facts: FileFacts;
}

const JSX_OK = new Set(['.js', '.jsx', '.mjs', '.cjs', '.tsx']);

const SUPPRESSION_TRIGGER = /autonomous-disable/;
/** Longest code snippet kept in a finding; text output shows the full code frame from the file. */
const SNIPPET_MAX = 240;

/**
 * Parses a file for scanning. Lenient where the TypeScript parser itself is (allowInvalidAST skips
 * typescript-estree's extra grammar checks, which a scanner does not need), and without JSDoc.
 */
export function parseSource(filePath: string, source: string, comments = true): TSESTree.Program {
  const ext = path.extname(filePath).toLowerCase();
  return parse(source, {
    filePath,
    loc: true,
    range: true,
    comment: comments,
    allowInvalidAST: true,
    tokens: false,
    jsx: JSX_OK.has(ext),
    jsDocParsingMode: 'none',
    errorOnUnknownASTType: false,
    suppressDeprecatedPropertyWarnings: true,
    loggerFn: false,
  });
}

/** Scans the text of one file with the given rules. Never throws for bad input. */
export function scanSource(filePath: string, source: string, rules: readonly EnabledRule[]): FileResult {
  const wantsComments =
    SUPPRESSION_TRIGGER.test(source) || rules.some(({ rule }) => rule.meta.commentTrigger !== undefined && rule.meta.commentTrigger.test(source));
  let ast: TSESTree.Program;
  try {
    ast = parseSource(filePath, source, false);
  } catch (error) {
    return { findings: [engineFinding(filePath, source, 'parse-error', error)], suppressed: 0, facts: emptyFacts() };
  }
  const comments = wantsComments ? extractComments(ast, source) : [];
  const suppressions = parseSuppressions(comments);
  const collector = new FindingCollector(filePath, source, suppressions);
  const analysis = new FileAnalysis(ast);
  // Dispatch tables keyed by node type. The analysis hooks come first, so rules see the scope
  // state of the node they visit; they are registered only for the types the analysis tracks.
  const enter: HandlerTable = Object.create(null) as HandlerTable;
  const exit: HandlerTable = Object.create(null) as HandlerTable;
  const onEnter = (node: Node): void => analysis.enter(node);
  const onExit = (node: Node): void => analysis.exit(node);
  for (const type of FileAnalysis.enterTypes) enter[type] = [onEnter];
  for (const type of FileAnalysis.exitTypes) exit[type] = [];
  for (const { rule, options } of rules) {
    if (suppressions.fileDisabled(rule.meta.id)) continue;
    const context: RuleContext = {
      filePath,
      source,
      ast,
      comments,
      options,
      analysis,
      report: (descriptor) => collector.add(rule, descriptor),
      getText: (node) => source.slice(node.range[0], node.range[1]),
    };
    const visitors = rule.create(context) as Record<string, ((node: Node) => void) | undefined>;
    for (const key of Object.keys(visitors)) {
      const handler = visitors[key];
      if (handler === undefined) continue;
      const isExit = key.endsWith(':exit');
      const table = isExit ? exit : enter;
      const type = isExit ? key.slice(0, -5) : key;
      (table[type] ??= []).push(handler);
    }
  }
  // Exit hooks of the analysis run after the rules' exit visitors (a scope closes last).
  for (const type of FileAnalysis.exitTypes) exit[type]!.push(onExit);
  walk(ast, undefined, enter, exit);
  return { findings: collector.findings, suppressed: collector.suppressed, facts: collectFileFacts(ast) };
}

type HandlerTable = Record<string, Array<(node: Node) => void> | undefined>;

function walk(node: Node, parent: Node | undefined, enter: HandlerTable, exit: HandlerTable): void {
  (node as { parent?: Node }).parent = parent;
  const before = enter[node.type];
  if (before !== undefined) for (let i = 0; i < before.length; i++) before[i]!(node);
  const keys = visitorKeys[node.type];
  if (keys !== undefined) {
    for (let k = 0; k < keys.length; k++) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]!];
      if (child === null || child === undefined) continue;
      if (Array.isArray(child)) {
        for (let j = 0; j < child.length; j++) {
          const item = child[j] as Node | null;
          if (item !== null && typeof item.type === 'string') walk(item, node, enter, exit);
        }
      } else if (typeof (child as Node).type === 'string') {
        walk(child as Node, node, enter, exit);
      }
    }
  }
  const after = exit[node.type];
  if (after !== undefined) for (let i = 0; i < after.length; i++) after[i]!(node);
}

class FindingCollector {
  readonly findings: Finding[] = [];
  suppressed = 0;
  private readonly occurrences = new Map<string, number>();
  private lines: string[] | undefined;

  constructor(
    private readonly filePath: string,
    private readonly source: string,
    private readonly suppressions: Suppressions,
  ) {}

  add(rule: Rule, descriptor: ReportDescriptor): void {
    const loc = descriptor.loc ?? descriptor.node?.loc;
    if (!loc) throw new Error(`rule ${rule.meta.id} reported without a node or location`);
    if (this.suppressions.isSuppressed(rule.meta.id, loc.start.line)) {
      this.suppressed++;
      return;
    }
    const template = rule.meta.messages[descriptor.messageId];
    if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message "${descriptor.messageId}"`);
    const description = fillTemplate(template, descriptor.data);
    const text = descriptor.node ? this.source.slice(descriptor.node.range[0], descriptor.node.range[1]) : this.lineText(loc.start.line);
    this.findings.push(
      buildFinding({
        filePath: this.filePath,
        ruleId: rule.meta.id,
        category: rule.meta.category,
        severity: descriptor.severity ?? rule.meta.severity,
        loc,
        description,
        snippet: descriptor.redact && descriptor.node ? this.redactedSnippet(loc, descriptor.node) : this.snippet(loc),
        recommendation: rule.meta.recommendation,
        confidence: descriptor.confidence ?? rule.meta.confidence ?? 0.8,
        cwe: rule.meta.cwe ?? [],
        fingerprintText: text,
        occurrence: this.nextOccurrence(rule.meta.id, text),
        metadata: { message_id: descriptor.messageId, ...descriptor.metadata, ...(descriptor.redact ? { redacted: true } : {}) },
      }),
    );
  }

  private nextOccurrence(ruleId: string, text: string): number {
    const key = `${ruleId}\0${normalizeCode(text)}`;
    const n = this.occurrences.get(key) ?? 0;
    this.occurrences.set(key, n + 1);
    return n;
  }

  private lineText(line: number): string {
    this.lines ??= this.source.split(/\r?\n/);
    return this.lines[line - 1] ?? '';
  }

  /** The snippet with the node's text replaced by a marker that gives only its length. */
  private redactedSnippet(loc: TSESTree.SourceLocation, node: Node): string {
    const [start, end] = node.range;
    const marker = `<redacted ${end - start} chars>`;
    const lineStart = this.source.lastIndexOf('\n', start - 1) + 1;
    let lineEnd = this.source.indexOf('\n', end);
    if (lineEnd === -1) lineEnd = this.source.length;
    const text = `${this.source.slice(lineStart, start)}${marker}${this.source.slice(end, lineEnd)}`.replace(/\r$/, '');
    const lines = text.split(/\r?\n/).slice(0, Math.max(1, Math.min(3, loc.end.line - loc.start.line + 1)));
    const joined = lines.join('\n');
    return joined.length > SNIPPET_MAX ? `${joined.slice(0, SNIPPET_MAX)}…` : joined;
  }

  private snippet(loc: TSESTree.SourceLocation): string {
    const last = Math.min(loc.end.line, loc.start.line + 2);
    const out: string[] = [];
    for (let line = loc.start.line; line <= last; line++) out.push(this.lineText(line));
    const text = out.join('\n');
    return text.length > SNIPPET_MAX ? `${text.slice(0, SNIPPET_MAX)}…` : text;
  }
}

function emptyFacts(): FileFacts {
  return { imports: [], hasExports: false, onlyReExports: false };
}
