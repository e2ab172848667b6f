import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneTestRuns, testRunFilesToPrune } from '../../src/test-runner/log-pruning.js';

const stamp = (i: number): string => `2026-11-24T10-00-${String(i).padStart(2, '0')}-000Z`;

describe('testRunFilesToPrune', () => {
  it("deletes every file of the runs older than the newest ones kept, and nothing else", () => {
    const names = [1, 2, 3, 4].flatMap((i) => [`${stamp(i)}.log`, `${stamp(i)}.json`]);
    names.push(`${stamp(1)}.rerun-1.json`, `${stamp(2)}.unit.log`, 'notes.txt');
    expect(testRunFilesToPrune(names, 2).sort()).toEqual([`${stamp(1)}.json`, `${stamp(1)}.log`, `${stamp(1)}.rerun-1.json`, `${stamp(2)}.json`, `${stamp(2)}.log`, `${stamp(2)}.unit.log`].sort());
  });

  it('keeps a newer run that has no log yet (still running) and everything when under the limit', () => {
    expect(testRunFilesToPrune([`${stamp(1)}.log`, `${stamp(2)}.log`, `${stamp(3)}.json`], 1)).toEqual([`${stamp(1)}.log`]);
    expect(testRunFilesToPrune([`${stamp(1)}.log`, `${stamp(2)}.log`], 20)).toEqual([]);
  });
});

describe('pruneTestRuns', () => {
  it('leaves the newest 20 runs in the folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-prune-'));
    try {
      for (let i = 0; i < 25; i++) {
        fs.writeFileSync(path.join(dir, `${stamp(i)}.log`), 'log');
        fs.writeFileSync(path.join(dir, `${stamp(i)}.json`), '{}');
      }
      expect(pruneTestRuns(dir)).toBe(10);
      const left = fs.readdirSync(dir).filter((n) => n.endsWith('.log')).sort();
      expect(left).toHaveLength(20);
      expect(left[0]).toBe(`${stamp(5)}.log`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
