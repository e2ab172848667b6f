// todo-comment: comments that mark unfinished work with one of the markers `TODO`, `FIXME`, `HACK`
// or `XXX`. Each one is a known gap (a missing case, a workaround, a shortcut) that was left in
// the code; listing them keeps them from being forgotten. `FIXME`/`HACK` (something is wrong now)
// are low severity, `TODO`/`XXX` are info.
// Only comments are looked at (the parser has already collected them), so strings and identifiers
// such as `todos` or `TODOList` are never reported. A marker counts as the first word of the
// comment or of one of its lines, or elsewhere when followed by a colon, a parenthesis, `!` or the
// end of the comment (as ESLint's no-warning-comments looks at the start by default). Lower- or mixed-case `todo`/`fixme`
// counts only at the start of the comment (or of one of its lines), as a JSDoc tag, or before a
// colon or parenthesis, so prose like "the todo list" is not a finding; `XXX`/`HACK` count only in
// upper case, and not inside placeholders like `XXX-XXX-XXXX`. One finding per comment, at its
// first marker. (The examples here are in backquotes so that this file does not report itself.)
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule } from '../../rule.js';
import type { Severity } from '../../../models/finding.js';

/**
 * Upper-case markers inside the comment, when written as a marker: followed by a colon, a
 * parenthesis or `!`, or ending the comment. Mid-sentence words (`a failing TODO is not a
 * failure`, about TAP's directive) are prose. The lookbehind keeps `MY_TODO` and `aTODO` out.
 */
const UPPER_MARKER = /(?<![\w$-])(TODO|FIXME|HACK|XXX)(?=[:(!]|\s*$)/;
/** Any-case `todo`/`fixme` right before a colon or an opening parenthesis. */
const ANY_CASE_MARKER = /(?<![\w$-])(todo|fixme)(?=[:(])/i;
/** Any-case `todo`/`fixme` as the first word of the comment or of one of its lines (after `*`, `-`, spaces). */
const LEADING_MARKER = /^[\s*/!-]*(todo|fixme)(?=[:(\s]|$)/im;
/** Upper-case `HACK`/`XXX` (and `TODO`/`FIXME`) as the first word of the comment or of one of its lines. */
const LEADING_UPPER_MARKER = /^[\s*/!-]*(TODO|FIXME|HACK|XXX)(?=[:(\s!]|$)/m;
/** The JSDoc tags `@todo` and `@fixme`, in any case. */
const TAG_MARKER = /@(todo|fixme)(?=[:(\s]|$)/i;
const WHITESPACE = /\s+/g;
const LEADING_STARS = /^\s*\*+\s?/gm;
const QUOTE_LENGTH = 80;
/** Files that may hold a marker comment: the engine collects comments only for these. */
const MARKER_TRIGGER = /todo|fixme|hack|xxx/i;

export default defineRule({
  meta: {
    id: 'todo-comment',
    category: 'completeness',
    severity: 'info',
    description: 'TODO, FIXME, HACK and XXX comments that mark unfinished work.',
    messages: {
      marker: '{{marker}} comment: "{{text}}"',
    },
    recommendation:
      'Do the work, or move it to the issue tracker and reference the issue in the comment (e.g. `TODO(#123)`), so that it is planned rather than forgotten.',
    confidence: 0.9,
    commentTrigger: MARKER_TRIGGER,
  },
  create(context) {
    return {
      Program() {
        for (const comment of context.comments) {
          const found = findMarker(comment.value);
          if (!found) continue;
          const marker = found.marker.toUpperCase();
          const severity: Severity = marker === 'FIXME' || marker === 'HACK' ? 'low' : 'info';
          context.report({
            loc: markerLocation(comment, found.index, found.marker.length),
            messageId: 'marker',
            data: { marker, text: quote(comment) },
            severity,
            metadata: { marker },
          });
        }
      },
    };
  },
});

function findMarker(text: string): { marker: string; index: number } | undefined {
  let best: RegExpExecArray | null = null;
  for (const pattern of [LEADING_MARKER, LEADING_UPPER_MARKER, TAG_MARKER, UPPER_MARKER, ANY_CASE_MARKER]) {
    const match = pattern.exec(text);
    if (match && (best === null || markerIndex(match) < markerIndex(best))) best = match;
  }
  return best === null ? undefined : { marker: best[1]!, index: markerIndex(best) };
}

/** Index of the captured marker inside the comment text. */
function markerIndex(match: RegExpExecArray): number {
  return match.index + match[0].length - match[1]!.length;
}

function markerLocation(comment: TSESTree.Comment, index: number, length: number): TSESTree.SourceLocation {
  const before = comment.value.slice(0, index);
  const newline = before.lastIndexOf('\n');
  let line = comment.loc.start.line;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  // the comment value starts after `//` or `/*`
  const column = newline === -1 ? comment.loc.start.column + 2 + index : index - newline - 1;
  return { start: { line, column }, end: { line, column: column + length } };
}

function quote(comment: TSESTree.Comment): string {
  const text = (comment.type === 'Block' ? comment.value.replace(LEADING_STARS, '') : comment.value).replace(WHITESPACE, ' ').trim();
  return text.length > QUOTE_LENGTH ? `${text.slice(0, QUOTE_LENGTH)}…` : text;
}
