// The rule API. A rule is one module exporting `defineRule({ meta, create })`, in the manner of
// typescript-eslint: metadata (id, category, severity, CWE, message texts) and a `create(context)`
// that returns visitors keyed by AST node type (or `Type:exit`). The engine walks each file once
// and dispatches every node to every rule's visitors; rules never touch the file system.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Category, Severity } from '../models/finding.js';
import type { FileAnalysis } from './analysis/file-analysis.js';

export type Node = TSESTree.Node;
export type NodeOfType<T extends Node['type']> = Extract<Node, { type: T }>;

export type RuleVisitors = {
  [T in Node['type']]?: (node: NodeOfType<T>) => void;
} & {
  [T in Node['type'] as `${T}:exit`]?: (node: NodeOfType<T>) => void;
};

export interface RuleMeta<MessageIds extends string = string> {
  id: string;
  category: Category;
  /** Default severity; a report may raise or lower it for one finding. */
  severity: Severity;
  /** One line: what the rule finds. */
  description: string;
  /** Message texts keyed by message id; `{{name}}` placeholders are filled from report data. */
  messages: Record<MessageIds, string>;
  /** What to do about a finding, in one or two sentences. */
  recommendation: string;
  cwe?: string[];
  owasp?: string[];
  /** Confidence of a report that does not give its own. */
  confidence?: number;
  /** A deterministic fixer exists for this rule (see the proposer). */
  fixable?: boolean;
  /** Options and their defaults; config `rules.<id>.options` overrides them. */
  defaultOptions?: Record<string, unknown>;
  /** Rules that are only useful in a closer look (too many findings for a default run). */
  enabledByDefault?: boolean;
  /**
   * The rule reads `context.comments`, and needs them only in files whose text matches this
   * pattern. Collecting comments costs a second pass over the tokens, so the engine does it only
   * for files where some rule (or a suppression directive) asks for it; elsewhere comments are [].
   */
  commentTrigger?: RegExp;
}

export interface ReportDescriptor<MessageIds extends string = string> {
  node?: Node;
  /** Explicit location (1-based line, 0-based column as in ESTree) when there is no node. */
  loc?: TSESTree.SourceLocation;
  messageId: MessageIds;
  data?: Record<string, string | number>;
  confidence?: number;
  severity?: Severity;
  metadata?: Record<string, unknown>;
  /**
   * The reported node's text is sensitive (a secret): it is replaced in the finding's snippet,
   * and renderers show the masked snippet instead of the source line.
   */
  redact?: boolean;
}

export interface RuleContext<MessageIds extends string = string> {
  /** Project-relative path with forward slashes. */
  readonly filePath: string;
  readonly source: string;
  readonly ast: TSESTree.Program;
  readonly comments: readonly TSESTree.Comment[];
  readonly options: Readonly<Record<string, unknown>>;
  /** Scope, import and value-origin queries; answers reflect the code seen so far in the walk. */
  readonly analysis: FileAnalysis;
  report(descriptor: ReportDescriptor<MessageIds>): void;
  /** The source text of a node. */
  getText(node: Node): string;
}

export interface Rule<MessageIds extends string = string> {
  meta: RuleMeta<MessageIds>;
  create(context: RuleContext<MessageIds>): RuleVisitors;
}

export function defineRule<MessageIds extends string>(rule: Rule<MessageIds>): Rule<MessageIds> {
  return rule;
}

/** Options of a rule with config overrides applied over its defaults. */
export function numberOption(options: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const value = options[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
