// Turns a candidate change into a saved-form Proposal: edits confined to the repository, widened
// to whole lines so they can be re-located later, checked to parse, hashed against the file they
// were made for, with a unified diff and an explained risk.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import { createTwoFilesPatch } from 'diff';
import { describeError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import { timestampId } from '../core/ids.js';
import { confinePath } from '../core/paths.js';
import type { Finding } from '../models/finding.js';
import { Proposal, type FileEdit, type ProposalCategory, type TokenUsage, type Alternative } from '../models/proposal.js';
import { isTestFile } from '../scanner/analysis/paths.js';
import { applyFileEdits, applyTextEdits, groupByFile, type TextEdit } from './edits.js';
import { offsetOf } from './fixers/ast-helpers.js';
import { breakingExportChanges } from './exports.js';
import type { FixCandidate } from './fixers/types.js';
import { effortFor, estimateRisk, hasTests } from './risk.js';

const SOURCE_EXT = /\.([cm]?[jt]sx?)$/i;
const JSX_EXT = /\.(jsx|tsx|js|mjs|cjs)$/i;

export interface FileChange {
  file_path: string;
  /** null when the change creates the file. */
  before: string | null;
  after: string;
  edits: FileEdit[];
}

/** A file's text as proposals see it: decoded UTF-8, BOM kept (offsets count it). */
function readText(absolute: string): { text: string; hash: string } | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { text: bytes.toString('utf8'), hash: sha256(bytes) };
}

/** Why `text` does not parse as the file's language, or null when it does. */
export function parseProblem(filePath: string, text: string): string | null {
  if (SOURCE_EXT.test(filePath)) {
    try {
      parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
        filePath,
        jsx: JSX_EXT.test(filePath),
        loc: true,
        range: true,
        loggerFn: false,
        suppressDeprecatedPropertyWarnings: true,
      });
      return null;
    } catch (error) {
      const e = error as { lineNumber?: number; column?: number; message?: string };
      const where = e.lineNumber ? `${e.lineNumber}:${(e.column ?? 0) + 1}` : '';
      return `${filePath}${where ? `:${where}` : ''}: ${describeError(error)}`;
    }
  }
  if (/\.json$/i.test(filePath)) {
    try {
      JSON.parse(text);
      return null;
    } catch (error) {
      return `${filePath}: ${describeError(error)}`;
    }
  }
  return null;
}

/** The whole lines an edit touches: [start of its first line, end of its last line incl. newline). */
function lineRange(text: string, edit: TextEdit): { start: number; end: number } {
  const start = text.lastIndexOf('\n', edit.start - 1) + 1;
  if (edit.end > edit.start && text[edit.end - 1] === '\n') return { start, end: edit.end };
  const newline = text.indexOf('\n', edit.end);
  return { start, end: newline === -1 ? text.length : newline + 1 };
}

/**
 * Widens edits to whole lines, so each saved old text carries enough context to be found again;
 * edits whose lines overlap (two changes on one line) are merged first, then widened, so none is lost.
 */
function widenToLines(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const groups: Array<{ start: number; end: number; edits: TextEdit[] }> = [];
  for (const edit of sorted) {
    const range = lineRange(text, edit);
    const last = groups[groups.length - 1];
    if (last && range.start < last.end) {
      last.end = Math.max(last.end, range.end);
      last.edits.push(edit);
    } else groups.push({ ...range, edits: [edit] });
  }
  return groups.map((g) => ({
    file_path: g.edits[0]!.file_path,
    start: g.start,
    end: g.end,
    new_code: applyTextEdits(text.slice(g.start, g.end), g.edits.map((e) => ({ start: e.start - g.start, end: e.end - g.start, new_code: e.new_code }))),
  }));
}

function usesCrlf(text: string): boolean {
  const crlf = text.split('\r\n').length - 1;
  return crlf > 0 && crlf >= (text.split('\n').length - 1) / 2;
}

/**
 * Computes the file changes of a candidate. Throws E_USAGE for a path outside the repository and
 * returns the reason when the result does not parse or an edit is out of range.
 */
export function computeChanges(root: string, rawEdits: readonly TextEdit[]): { changes: FileChange[] } | { error: string } {
  const changes: FileChange[] = [];
  for (const [filePath, fileEdits] of groupByFile(rawEdits)) {
    const absolute = confinePath(root, filePath);
    const current = readText(absolute);
    const relative = path.relative(fs.realpathSync(root), absolute).split(path.sep).join('/');
    if (current === null) {
      if (fileEdits.length !== 1 || fileEdits[0]!.start !== 0 || fileEdits[0]!.end !== 0) {
        return { error: `${relative}: does not exist (a new file is created by one insertion at 0)` };
      }
      const after = fileEdits[0]!.new_code;
      const problem = parseProblem(relative, after);
      if (problem) return { error: problem };
      changes.push({ file_path: relative, before: null, after, edits: [{ file_path: relative, old_code: '', new_code: after, start: 0, base_hash: null }] });
      continue;
    }
    const { text, hash } = current;
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const crlf = usesCrlf(text);
    const shifted = fileEdits.map((e) => ({
      ...e,
      start: e.start + bom,
      end: e.end + bom,
      new_code: crlf ? e.new_code.replace(/\r?\n/g, '\r\n') : e.new_code,
    }));
    for (const e of shifted) {
      if (e.start < bom || e.end < e.start || e.end > text.length) return { error: `${relative}: edit range [${e.start}, ${e.end}) is outside the file` };
    }
    let after: string;
    try {
      after = applyTextEdits(text, shifted);
    } catch (error) {
      return { error: `${relative}: ${describeError(error)}` };
    }
    if (after === text) continue;
    const problem = parseProblem(relative, after);
    if (problem) return { error: problem };
    const widened = widenToLines(text, shifted);
    const edits = widened
      .filter((e) => text.slice(e.start, e.end) !== e.new_code)
      .map((e) => ({ file_path: relative, old_code: text.slice(e.start, e.end), new_code: e.new_code, start: e.start, base_hash: hash }));
    changes.push({ file_path: relative, before: text, after, edits });
  }
  if (changes.length === 0) return { error: 'the change leaves every file as it is' };
  return { changes };
}

/** A unified diff of the changes in the form `git apply` reads. */
export function unifiedDiff(changes: readonly FileChange[]): string {
  return changes
    .map((change) => {
      const oldName = change.before === null ? '/dev/null' : `a/${change.file_path}`;
      const patch = createTwoFilesPatch(oldName, `b/${change.file_path}`, change.before ?? '', change.after, undefined, undefined, { context: 3 });
      const body = patch.split('\n').slice(1).join('\n'); // drop the "====" separator line
      const header = `diff --git a/${change.file_path} b/${change.file_path}\n${change.before === null ? 'new file mode 100644\n' : ''}`;
      return header + body;
    })
    .join('');
}

/**
 * The diff of a fix for a secret finding shows the removed line; the secret in it is masked, as in
 * every other output (the saved old text keeps it, as the file does: it is what gets replaced).
 */
function maskSecret(diff: string, finding: Finding | null, changes: readonly FileChange[]): string {
  if (!finding || finding.metadata.redacted !== true) return diff;
  const before = changes.find((c) => c.file_path === finding.file_path)?.before;
  if (!before) return diff;
  const bom = before.charCodeAt(0) === 0xfeff ? 1 : 0;
  const literal = before.slice(offsetOf(before, finding.line_number, finding.column) + bom, offsetOf(before, finding.end_line, finding.end_column) + bom);
  const value = /^(['"`]).*\1$/s.test(literal) ? literal.slice(1, -1) : literal;
  if (value.length < 8) return diff;
  return diff.split(value).join(`<redacted ${value.length} chars>`);
}

export function changedLineCount(diff: string): number {
  return diff.split('\n').filter((line) => (line.startsWith('+') || line.startsWith('-')) && !line.startsWith('+++') && !line.startsWith('---')).length;
}

export interface BuildInput {
  root: string;
  finding: Finding | null;
  candidate: FixCandidate;
  /** `fixer:<rule>`, `typescript:<fix>`, `llm:<provider>/<model>`. */
  source: string;
  usage?: TokenUsage;
  alternatives?: Alternative[];
  metadata?: Record<string, unknown>;
}

export type BuildOutcome = { proposal: Proposal; changes: FileChange[] } | { error: string };

/** Builds a Proposal from a candidate, or says why the candidate cannot be one. */
export function buildProposal(input: BuildInput): BuildOutcome {
  const computed = computeChanges(input.root, input.candidate.edits);
  if ('error' in computed) return computed;
  const { changes } = computed;
  const diff = maskSecret(unifiedDiff(changes), input.finding, changes);
  const breaking = changes.flatMap((c) =>
    c.before === null || !SOURCE_EXT.test(c.file_path) ? [] : breakingExportChanges(c.file_path, c.before, c.after).map((b) => `${c.file_path}: ${b.name} ${b.reason}`),
  );
  const sourceFiles = changes.filter((c) => SOURCE_EXT.test(c.file_path) && !isTestFile(c.file_path) && c.before !== null);
  const untested = sourceFiles.filter((c) => !hasTests(input.root, c.file_path)).map((c) => c.file_path);
  const lines = changedLineCount(diff);
  const risk = estimateRisk({ finding: input.finding, safety: input.candidate.safety, changedLines: lines, files: changes.length, breaking, untested });
  const first = changes[0]!.edits[0]!;
  const category: ProposalCategory = input.candidate.category ?? input.finding?.category ?? 'quality';
  const proposal = Proposal.parse({
    proposal_id: timestampId('prop'),
    finding_id: input.finding?.finding_id ?? null,
    finding_ids: input.finding ? [input.finding.finding_id] : [],
    rule_id: input.finding?.rule_id ?? null,
    category,
    title: input.candidate.title,
    description: input.candidate.description,
    file_path: first.file_path,
    old_code: first.old_code,
    new_code: first.new_code,
    diff,
    edits: changes.flatMap((c) => c.edits),
    risk_level: risk.level,
    risk_factors: risk.factors,
    // The design's form ("5 minutes", "1 hour"); a source's own wording is kept only in that form.
    estimated_effort: /^\d+ (minute|hour)s?$/.test(input.candidate.estimated_effort ?? '') ? input.candidate.estimated_effort! : effortFor(lines, changes.length),
    breaking_change: breaking.length > 0,
    requires_migration: input.candidate.requires_migration ?? false,
    rationale: input.candidate.rationale,
    benefits: input.candidate.benefits,
    risks: input.candidate.risks,
    alternatives: input.alternatives ?? [],
    test_strategy: input.candidate.test_strategy,
    test_cases: input.candidate.test_cases ?? [],
    source: input.source,
    safety: input.candidate.safety,
    created_at: new Date().toISOString(),
    status: 'proposed',
    usage: input.usage,
    metadata: input.metadata ?? {},
  });
  return { proposal, changes };
}

/** The new text of every file a proposal touches, from the files as they are now. */
export function proposalFileTexts(root: string, proposal: Proposal): Map<string, { before: string | null; after: string }> | { error: string } {
  const out = new Map<string, { before: string | null; after: string }>();
  for (const [filePath, edits] of groupByFile(proposal.edits)) {
    const absolute = confinePath(root, filePath);
    const current = readText(absolute);
    if (edits.some((e) => e.base_hash === null)) {
      if (current !== null) return { error: `${filePath}: already exists; the proposal would create it` };
      out.set(filePath, { before: null, after: edits.map((e) => e.new_code).join('') });
      continue;
    }
    if (current === null) return { error: `${filePath}: no longer exists` };
    const applied = applyFileEdits(current.text, edits);
    if ('error' in applied) return applied;
    out.set(filePath, { before: current.text, after: applied.text });
  }
  return out;
}
