// What a file's path says about its role. Rules lower severity or confidence for code that does
// not ship (tests, fixtures, examples, benchmarks); project rules need the test files proper.

/** Test files: what a test runner would pick up, and their helpers' folders. */
const TEST_FILE = /(^|\/)(__tests__|__mocks__)\/|(^|\/)(test|tests|spec|e2e)\/|\.(test|spec)\.[cm]?[jt]sx?$/;
/** Code that does not ship: tests plus fixtures, examples, stories and benchmarks. */
const NON_PRODUCTION = /(^|\/)(__tests__|__mocks__|tests?|spec|e2e|fixtures?|examples?|bench|benchmarks?)\/|\.(test|spec|e2e|bench|stories)\.[cm]?[jt]sx?$/;

export function isTestFile(relative: string): boolean {
  return TEST_FILE.test(relative);
}

export function isNonProductionPath(relative: string): boolean {
  return NON_PRODUCTION.test(relative);
}
