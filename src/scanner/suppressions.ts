// Inline suppressions, in the manner of eslint-disable comments:
//   // autonomous-disable-next-line <rule>[, <rule>] -- reason
//   foo(); // autonomous-disable-line <rule> -- reason
//   /* autonomous-disable-file <rule> -- reason */   (anywhere in the file)
// Without a rule list the comment silences every rule. The reason after `--` is for people.
import type { TSESTree } from '@typescript-eslint/typescript-estree';

export interface Suppressions {
  isSuppressed(ruleId: string, line: number): boolean;
  fileDisabled(ruleId: string): boolean;
}

const DIRECTIVE = /^\s*autonomous-disable-(next-line|line|file)\b([^]*)$/;
const ALL = '*';

export function parseSuppressions(comments: readonly TSESTree.Comment[]): Suppressions {
  const byLine = new Map<number, Set<string>>();
  const file = new Set<string>();
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.value.replace(/^\*+/, ''));
    if (!match) continue;
    const [, kind, rest = ''] = match;
    const ruleText = rest.split(/\s--\s|\s--$/)[0] ?? '';
    const rules = ruleText.split(/[\s,]+/).filter((r) => r.length > 0 && r !== '--');
    const ids = rules.length > 0 ? rules : [ALL];
    if (kind === 'file') {
      for (const id of ids) file.add(id);
      continue;
    }
    const line = kind === 'next-line' ? comment.loc.end.line + 1 : comment.loc.start.line;
    const set = byLine.get(line) ?? new Set<string>();
    for (const id of ids) set.add(id);
    byLine.set(line, set);
  }
  return {
    isSuppressed(ruleId, line) {
      if (file.has(ALL) || file.has(ruleId)) return true;
      const set = byLine.get(line);
      return set !== undefined && (set.has(ALL) || set.has(ruleId));
    },
    fileDisabled(ruleId) {
      return file.has(ALL) || file.has(ruleId);
    },
  };
}
