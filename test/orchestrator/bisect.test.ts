import { describe, expect, it } from 'vitest';
import { bisectCulprits } from '../../src/orchestrator/bisect.js';

/** A test suite that fails whenever any of the `bad` items is applied. */
const suiteFailingOn = (bad: string[]) => async (subset: readonly string[]) => !subset.some((item) => bad.includes(item));

describe('bisectCulprits', () => {
  it('finds the one proposal that breaks the tests and keeps the rest', async () => {
    const result = await bisectCulprits(['a', 'b', 'c', 'd', 'e'], suiteFailingOn(['d']));
    expect(result.culprits).toEqual(['d']);
    expect(result.good).toEqual(['a', 'b', 'c', 'e']);
    expect(result.runs).toBeLessThanOrEqual(6);
  });

  it('finds several culprits in different halves', async () => {
    const result = await bisectCulprits(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], suiteFailingOn(['b', 'g']));
    expect(result.culprits.sort()).toEqual(['b', 'g']);
    expect(result.good).toEqual(['a', 'c', 'd', 'e', 'f', 'h']);
  });

  it('blames a single proposal without testing it again', async () => {
    let runs = 0;
    const result = await bisectCulprits(['only'], async () => {
      runs++;
      return false;
    });
    expect(result).toEqual({ good: [], culprits: ['only'], runs: 0 });
    expect(runs).toBe(0);
  });

  it('blames the later half when two halves pass alone but fail together', async () => {
    const interacting = async (subset: readonly string[]) => !(subset.includes('a') && subset.includes('c'));
    const result = await bisectCulprits(['a', 'b', 'c', 'd'], interacting);
    expect(result.good).toContain('a');
    expect(result.culprits.length).toBeGreaterThan(0);
    expect(result.culprits).not.toContain('a');
  });
});
