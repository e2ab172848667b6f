import { describe, expect, it } from 'vitest';
import { renderDiff } from '../../../src/cli/render/diff.js';

const DIFF = 'diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1,2 +1,2 @@\n-old\n+new\n same\n';

describe('renderDiff', () => {
  it('returns the diff unchanged without colour', () => {
    expect(renderDiff(DIFF, false)).toBe(DIFF);
  });

  it('colours added, removed and hunk lines and bolds file headers', () => {
    const lines = renderDiff(DIFF, true).split('\n');
    expect(lines[0]).toBe('\u001b[1mdiff --git a/x.ts b/x.ts\u001b[22m');
    expect(lines[1]).toBe('\u001b[1m--- a/x.ts\u001b[22m');
    expect(lines[3]).toBe('\u001b[36m@@ -1,2 +1,2 @@\u001b[39m');
    expect(lines[4]).toBe('\u001b[31m-old\u001b[39m');
    expect(lines[5]).toBe('\u001b[32m+new\u001b[39m');
    expect(lines[6]).toBe(' same');
  });
});
