// Finding which proposals broke the tests, so one bad proposal does not throw away the good ones:
// test halves of the set (each test applies a subset on a fresh branch and runs the project's
// tests), recurse into the halves that fail, and keep everything else.

export interface BisectResult<T> {
  good: T[];
  culprits: T[];
  /** How many test runs the search took. */
  runs: number;
}

/**
 * `items` is known to fail together. `passes(subset)` applies and tests a subset. When both halves
 * pass alone but not together (the proposals interact), the second half is blamed: the first is
 * kept, and the final check of the kept set decides.
 */
export async function bisectCulprits<T>(items: readonly T[], passes: (subset: readonly T[]) => Promise<boolean>): Promise<BisectResult<T>> {
  let runs = 0;
  const test = async (subset: readonly T[]): Promise<boolean> => {
    runs++;
    return passes(subset);
  };
  const search = async (set: readonly T[]): Promise<T[]> => {
    if (set.length <= 1) return [...set];
    const middle = Math.ceil(set.length / 2);
    const first = set.slice(0, middle);
    const second = set.slice(middle);
    const firstPasses = await test(first);
    const secondPasses = await test(second);
    if (firstPasses && secondPasses) return second.length === 1 ? [...second] : search(second).then((c) => (c.length > 0 ? c : [...second]));
    return [...(firstPasses ? [] : await search(first)), ...(secondPasses ? [] : await search(second))];
  };
  const culprits = await search(items);
  const blamed = new Set(culprits);
  return { good: items.filter((item) => !blamed.has(item)), culprits, runs };
}
