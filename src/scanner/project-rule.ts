// Project-level rules look at facts of every scanned file at once (the import graph, which
// modules tests import) rather than at one AST. They run after the per-file phase, from facts
// that are cached with each file, so they cost nothing on a warm re-scan.
import type { FileFacts } from './analysis/file-facts.js';
import type { RuleMeta } from './rule.js';

export interface ProjectReport<MessageIds extends string = string> {
  file: string;
  line: number;
  messageId: MessageIds;
  data?: Record<string, string | number>;
  confidence?: number;
  /** Text the fingerprint is made from (defaults to the message). */
  fingerprintText?: string;
  /** The code to show; by default the reported line is read from the file. */
  snippet?: string;
  metadata?: Record<string, unknown>;
}

export interface ProjectContext<MessageIds extends string = string> {
  /** Facts of every scanned file, by root-relative path. */
  readonly files: ReadonlyMap<string, FileFacts>;
  /** Root-relative paths of the project's test files (scanned or not). */
  readonly testFiles: readonly string[];
  /** Root-relative paths of the modules each test file imports (resolved). */
  readonly testImports: ReadonlySet<string>;
  readonly options: Readonly<Record<string, unknown>>;
  /** Resolves a relative import of `from` to a scanned file, or undefined. */
  resolveImport(from: string, specifier: string): string | undefined;
  isTestFile(relative: string): boolean;
  report(report: ProjectReport<MessageIds>): void;
}

export interface ProjectRule<MessageIds extends string = string> {
  meta: RuleMeta<MessageIds>;
  check(context: ProjectContext<MessageIds>): void;
}

export function defineProjectRule<MessageIds extends string>(rule: ProjectRule<MessageIds>): ProjectRule<MessageIds> {
  return rule;
}
