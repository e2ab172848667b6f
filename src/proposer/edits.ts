// Text edits: the draft form a fixer, a code fix or an LLM produces (a range of the current file
// and its replacement), and the saved form (old text, new text, offset, base hash) that the apply
// step re-locates in the file as it is then.
import type { FileEdit } from '../models/proposal.js';

/** A replacement of `[start, end)` in the current text of `file_path` (`start === end` inserts). */
export interface TextEdit {
  file_path: string;
  start: number;
  end: number;
  new_code: string;
}

/** Applies non-overlapping edits of one file to its text; throws on overlap or a bad range. */
export function applyTextEdits(text: string, edits: readonly Pick<TextEdit, 'start' | 'end' | 'new_code'>[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new RangeError(`edit [${edit.start}, ${edit.end}) overlaps another or lies outside the text (length ${text.length})`);
    }
    out += text.slice(cursor, edit.start) + edit.new_code;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/**
 * Where `edit.old_code` is in `text` now: at its recorded offset when it is still there, else its
 * only occurrence. Undefined when it is gone or ambiguous (more than one occurrence elsewhere).
 */
export function locateEdit(text: string, edit: Pick<FileEdit, 'old_code' | 'start'>): number | undefined {
  if (text.startsWith(edit.old_code, edit.start)) return edit.start;
  if (edit.old_code === '') return undefined;
  const first = text.indexOf(edit.old_code);
  if (first === -1) return undefined;
  if (text.indexOf(edit.old_code, first + 1) !== -1) return undefined;
  return first;
}

/**
 * Applies saved edits of one file to its current text, re-locating each by its old text. Returns
 * the new text, or the reason it cannot be applied (the old text of an edit is gone or ambiguous).
 */
export function applyFileEdits(text: string, edits: readonly FileEdit[]): { text: string } | { error: string } {
  const located: TextEdit[] = [];
  for (const edit of edits) {
    const start = locateEdit(text, edit);
    if (start === undefined) {
      const where = text.includes(edit.old_code) ? 'occurs more than once' : 'is no longer in the file';
      return { error: `${edit.file_path}: the code this change replaces ${where}: ${JSON.stringify(firstLine(edit.old_code))}` };
    }
    located.push({ file_path: edit.file_path, start, end: start + edit.old_code.length, new_code: edit.new_code });
  }
  try {
    return { text: applyTextEdits(text, located) };
  } catch (error) {
    return { error: `${edits[0]?.file_path ?? ''}: ${(error as Error).message}` };
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** Groups edits by file, keeping the order of first appearance. */
export function groupByFile<T extends { file_path: string }>(edits: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const edit of edits) {
    const list = groups.get(edit.file_path) ?? [];
    list.push(edit);
    groups.set(edit.file_path, list);
  }
  return groups;
}
