// Turns a rule's report into a Finding: location, snippet, confidence, and the stable
// fingerprint and id. Also the findings the engine itself produces (parse errors, huge or
// unreadable files). Free of the parser, so the cached path never loads TypeScript.
import { createHash } from 'node:crypto';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Finding, Severity } from '../models/finding.js';

/** A rule-shaped description of problems found by the engine itself (parse errors, huge files). */
export const ENGINE_RULES = {
  'parse-error': {
    description: 'The file could not be parsed as JavaScript/TypeScript, so no other rule ran on it.',
    recommendation: 'Fix the syntax error, or exclude the file if it is not meant to be JavaScript/TypeScript.',
  },
  'file-too-large': {
    description: 'The file is larger than scan.maxFileSizeKb and was not analysed.',
    recommendation: 'Raise scan.maxFileSizeKb if this file is hand-written source, or exclude it if it is generated.',
  },
  'unreadable-file': {
    description: 'The file could not be read (permissions, I/O error), so it was not analysed.',
    recommendation: 'Check the file permissions, or exclude the file.',
  },
} as const;
export type EngineRuleId = keyof typeof ENGINE_RULES;

export interface BuildFindingInput {
  filePath: string;
  ruleId: string;
  category: Finding['category'];
  severity: Severity;
  loc: TSESTree.SourceLocation;
  description: string;
  snippet: string;
  recommendation: string;
  confidence: number;
  cwe: string[];
  fingerprintText: string;
  occurrence: number;
  metadata: Record<string, unknown>;
}

export function buildFinding(input: BuildFindingInput): Finding {
  const fingerprint = fingerprintOf(input.ruleId, input.fingerprintText, input.occurrence);
  return {
    finding_id: findingIdOf(input.filePath, fingerprint),
    rule_id: input.ruleId,
    severity: input.severity,
    category: input.category,
    file_path: input.filePath,
    line_number: input.loc.start.line,
    column: input.loc.start.column + 1,
    end_line: input.loc.end.line,
    end_column: input.loc.end.column + 1,
    description: input.description,
    code_snippet: input.snippet,
    recommendation: input.recommendation,
    confidence: Math.round(Math.min(1, Math.max(0, input.confidence)) * 100) / 100,
    cwe: input.cwe,
    fingerprint,
    metadata: input.metadata,
  };
}

/**
 * The fingerprint ignores the path and the line number: it hashes the rule, the reported code with
 * whitespace collapsed, and the occurrence index of that same code in the file. So it survives
 * moved lines and renamed files, and changes when the reported code itself changes.
 */
export function fingerprintOf(ruleId: string, text: string, occurrence: number): string {
  return createHash('sha256').update(`${ruleId}\0${normalizeCode(text)}\0${occurrence}`).digest('hex').slice(0, 32);
}

export function findingIdOf(filePath: string, fingerprint: string): string {
  return `fnd_${createHash('sha256').update(`${filePath}\0${fingerprint}`).digest('hex').slice(0, 12)}`;
}

export function normalizeCode(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed.length > 2000 ? collapsed.slice(0, 2000) : collapsed;
}

export function fillTemplate(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => (key in data ? String(data[key]) : match));
}

/** A finding produced by the engine itself rather than a rule. */
export function engineFinding(filePath: string, source: string, ruleId: EngineRuleId, error?: unknown): Finding {
  const info = ENGINE_RULES[ruleId];
  const parseError = error as { lineNumber?: number; column?: number; message?: string } | undefined;
  const line = Math.max(1, parseError?.lineNumber ?? 1);
  const column = Math.max(0, parseError?.column ?? 0);
  const message = parseError?.message ? String(parseError.message).split('\n')[0] : undefined;
  const lines = source.split(/\r?\n/);
  return buildFinding({
    filePath,
    ruleId,
    category: 'quality',
    severity: 'info',
    loc: { start: { line, column }, end: { line, column: column + 1 } },
    description: message ? `${info.description} ${message}` : info.description,
    snippet: lines[line - 1]?.slice(0, 400) ?? '',
    recommendation: info.recommendation,
    confidence: 1,
    cwe: [],
    fingerprintText: ruleId,
    occurrence: 0,
    metadata: {},
  });
}

