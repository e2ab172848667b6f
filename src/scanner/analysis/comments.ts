// Comments of a file, found from the text and the AST instead of a second tokenizer pass.
//
// typescript-estree's `comment: true` re-scans every token of the file, which costs about a
// quarter of the parse. Here the AST tells where string, template, regex and JSX text lie (the
// only places where `//` or `/*` is not a comment); everything else is found with indexOf.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

type Node = TSESTree.Node;

/** Returns the comments of `source` in order, in typescript-estree's Comment shape. */
export function extractComments(ast: TSESTree.Program, source: string): TSESTree.Comment[] {
  if (source.indexOf('/*') === -1 && source.indexOf('//') === -1) return [];
  const opaque = opaqueRanges(ast);
  const lineStarts = computeLineStarts(source);
  const comments: TSESTree.Comment[] = [];
  let r = 0;
  let i = source.indexOf('/');
  while (i !== -1 && i < source.length - 1) {
    while (r < opaque.length && opaque[r]![1] <= i) r++;
    const range = opaque[r];
    if (range !== undefined && range[0] <= i) {
      i = source.indexOf('/', range[1]);
      continue;
    }
    const next = source.charCodeAt(i + 1);
    if (next === 47 /* / */) {
      let end = i + 2;
      while (end < source.length) {
        const c = source.charCodeAt(end);
        if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) break;
        end++;
      }
      comments.push(makeComment('Line', source.slice(i + 2, end), i, end, lineStarts));
      i = source.indexOf('/', end);
    } else if (next === 42 /* * */) {
      const close = source.indexOf('*/', i + 2);
      const end = close === -1 ? source.length : close + 2;
      comments.push(makeComment('Block', source.slice(i + 2, close === -1 ? source.length : close), i, end, lineStarts));
      i = source.indexOf('/', end);
    } else {
      i = source.indexOf('/', i + 1);
    }
  }
  return comments;
}

/** Sorted, non-overlapping ranges of string literals, regexes, template text and JSX text. */
function opaqueRanges(ast: TSESTree.Program): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const visit = (node: Node): void => {
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'string' || 'regex' in node) out.push(node.range);
        return;
      case 'TemplateElement':
      case 'JSXText':
        out.push(node.range);
        return;
      default:
        break;
    }
    const keys = visitorKeys[node.type];
    if (keys === undefined) return;
    for (let k = 0; k < keys.length; k++) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]!];
      if (child === null || child === undefined) continue;
      if (Array.isArray(child)) {
        for (let j = 0; j < child.length; j++) {
          const item = child[j] as Node | null;
          if (item !== null && typeof item.type === 'string') visit(item);
        }
      } else if (typeof (child as Node).type === 'string') {
        visit(child as Node);
      }
    }
  };
  visit(ast);
  // Children are visited in source order except in a few node types; sorting keeps it simple.
  out.sort((a, b) => a[0] - b[0]);
  return out;
}

function computeLineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (source.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 0x2028 || c === 0x2029) starts.push(i + 1);
  }
  return starts;
}

function position(offset: number, lineStarts: number[]): TSESTree.Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! };
}

function makeComment(type: 'Line' | 'Block', value: string, start: number, end: number, lineStarts: number[]): TSESTree.Comment {
  return {
    type,
    value,
    range: [start, end],
    loc: { start: position(start, lineStarts), end: position(end, lineStarts) },
  } as TSESTree.Comment;
}
