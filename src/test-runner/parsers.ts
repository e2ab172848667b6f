// Readers for test frameworks' machine output: jest-compatible JSON (vitest and jest write the same
// shape) and TAP as node's built-in runner prints it. Each turns a report into per-test records so
// the regression check can compare tests by name, not just exit codes.
import type { TestRecord, TestStatus } from '../models/test-result.js';

// --- jest-compatible JSON -------------------------------------------------------------------

interface JestAssertion {
  fullName?: unknown;
  title?: unknown;
  ancestorTitles?: unknown;
  status?: unknown;
  failureMessages?: unknown;
}

interface JestFileResult {
  name?: unknown;
  status?: unknown;
  message?: unknown;
  assertionResults?: unknown;
}

const JEST_STATUS: Record<string, TestStatus> = {
  passed: 'passed',
  failed: 'failed',
  pending: 'skipped',
  skipped: 'skipped',
  todo: 'skipped',
  disabled: 'skipped',
  focused: 'passed',
};

/** Parses the report of `vitest --reporter=json` or `jest --json`; throws when it is not that shape. */
export function parseJestJson(text: string): TestRecord[] {
  const report: unknown = JSON.parse(text);
  if (typeof report !== 'object' || report === null || !Array.isArray((report as { testResults?: unknown }).testResults)) {
    throw new Error('not a jest-compatible JSON report: no testResults array');
  }
  const records: TestRecord[] = [];
  for (const fileResult of (report as { testResults: JestFileResult[] }).testResults) {
    const file = typeof fileResult.name === 'string' ? fileResult.name : undefined;
    const assertions = Array.isArray(fileResult.assertionResults) ? (fileResult.assertionResults as JestAssertion[]) : [];
    for (const assertion of assertions) {
      const status = JEST_STATUS[String(assertion.status)] ?? 'failed';
      const record: TestRecord = { id: assertionName(assertion), status };
      if (file !== undefined) record.file = file;
      if (status === 'failed') {
        const raw = Array.isArray(assertion.failureMessages) ? assertion.failureMessages.map(String).join('\n') : '';
        Object.assign(record, describeFailureText(raw));
      }
      records.push(record);
    }
    // A file that fails before any test runs (syntax error, missing import) has no assertions.
    const fileMessage = typeof fileResult.message === 'string' ? fileResult.message : '';
    if (fileResult.status === 'failed' && assertions.every((a) => a.status !== 'failed')) {
      const record: TestRecord = { id: file ?? '(unknown file)', status: 'failed', ...describeFailureText(fileMessage) };
      if (file !== undefined) record.file = file;
      records.push(record);
    }
  }
  return records;
}

function assertionName(assertion: JestAssertion): string {
  if (typeof assertion.fullName === 'string' && assertion.fullName.length > 0) return assertion.fullName;
  const ancestors = Array.isArray(assertion.ancestorTitles) ? assertion.ancestorTitles.map(String) : [];
  return [...ancestors, String(assertion.title ?? '(unnamed test)')].join(' ');
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const STACK_LINE = /^\s*at\s/;
const FRAME_LOCATION = /\(?((?:file:\/\/)?[^\s()]+:\d+:\d+)\)?\s*$/;

/** Splits a failure text into its message (up to the stack) and the first frame outside dependencies. */
function describeFailureText(raw: string): { message: string; stack_frame?: string } {
  const lines = raw.replace(ANSI, '').split(/\r?\n/);
  const stackStart = lines.findIndex((line) => STACK_LINE.test(line));
  const messageLines = stackStart === -1 ? lines : lines.slice(0, stackStart);
  const message = messageLines.join('\n').trim();
  const result: { message: string; stack_frame?: string } = { message: message.length > 0 ? message : 'failed' };
  if (stackStart !== -1) {
    for (const line of lines.slice(stackStart)) {
      if (!STACK_LINE.test(line) || /node_modules|node:internal|\(node:/.test(line)) continue;
      const location = FRAME_LOCATION.exec(line.trim())?.[1];
      if (location !== undefined) {
        result.stack_frame = location;
        break;
      }
    }
  }
  return result;
}

// --- mocha JSON (`--reporter json`) ------------------------------------------------------------

interface MochaTest {
  fullTitle?: unknown;
  title?: unknown;
  file?: unknown;
  err?: { message?: unknown; stack?: unknown };
}

/**
 * Parses mocha's json reporter output (`{ stats, tests, pending, failures, passes }`); throws on
 * another shape. A failing hook ("before all" hook ...) appears in `failures` and counts as failed.
 */
export function parseMochaJson(text: string): TestRecord[] {
  // Without `--reporter-option output=`, mocha prints the report on stdout after whatever the tests
  // logged: read from the first line that opens the report.
  const start = text.search(/^\{\s*$/m);
  const report: unknown = JSON.parse(start > 0 ? text.slice(start) : text);
  const lists = report as { passes?: unknown; failures?: unknown; pending?: unknown; stats?: unknown } | null;
  if (typeof lists !== 'object' || lists === null || !Array.isArray(lists.passes) || !Array.isArray(lists.failures) || !Array.isArray(lists.pending)) {
    throw new Error('not a mocha JSON report: no passes/failures/pending arrays');
  }
  const records: TestRecord[] = [];
  const add = (tests: MochaTest[], status: TestStatus): void => {
    for (const test of tests) {
      const id = typeof test.fullTitle === 'string' && test.fullTitle !== '' ? test.fullTitle : String(test.title ?? '(unnamed test)');
      const record: TestRecord = { id, status };
      if (typeof test.file === 'string') record.file = test.file;
      if (status === 'failed') {
        const stack = typeof test.err?.stack === 'string' ? test.err.stack : '';
        const message = typeof test.err?.message === 'string' ? test.err.message : '';
        const described = describeFailureText(stack || message);
        record.message = message || described.message;
        if (described.stack_frame !== undefined) record.stack_frame = described.stack_frame;
      }
      records.push(record);
    }
  };
  add(lists.passes as MochaTest[], 'passed');
  add(lists.failures as MochaTest[], 'failed');
  add(lists.pending as MochaTest[], 'skipped');
  return records;
}

// --- TAP (node --test --test-reporter=tap) ---------------------------------------------------

const RESULT_LINE = /^(\s*)(not ok|ok)\s+\d+(?:\s+-\s+(.*?))?\s*(?:#\s*(SKIP|TODO)\b.*)?$/i;
const SUBTEST_LINE = /^(\s*)# Subtest: (.*)$/;

interface PendingResult {
  record: TestRecord;
  indent: number;
  /** Inside the `---` ... `...` diagnostic block. */
  inYaml: boolean;
  /** Key of a `key: |-` block scalar being read, and its lines. */
  blockKey: string | undefined;
  blockIndent: number;
  blockLines: string[];
  diagnostics: Map<string, string>;
}

/**
 * Reads TAP one line at a time, so a long run is never held in memory. Nested subtests are named
 * `parent > child`; a parent whose children were reported (a suite) is not counted as a test itself.
 */
export class TapParser {
  private readonly records: TestRecord[] = [];
  /** Subtest names by indentation, from the `# Subtest:` comments. */
  private readonly names = new Map<number, string>();
  /** Indentations at which a result was seen since the matching `# Subtest:` opened. */
  private readonly hasChildren = new Map<number, boolean>();
  private pending: PendingResult | undefined;

  push(line: string): void {
    if (this.pending?.inYaml === true) {
      this.readYamlLine(this.pending, line);
      return;
    }
    if (this.pending !== undefined && line.trim() === '---') {
      this.pending.inYaml = true;
      return;
    }
    const subtest = SUBTEST_LINE.exec(line);
    if (subtest !== null) {
      this.flush();
      const indent = subtest[1]!.length;
      this.names.set(indent, subtest[2]!.trim());
      this.hasChildren.set(indent, false);
      for (const deeper of [...this.names.keys()]) if (deeper > indent) this.names.delete(deeper);
      return;
    }
    const result = RESULT_LINE.exec(line);
    if (result === null) return;
    this.flush();
    const indent = result[1]!.length;
    const name = (result[3] ?? '').trim() || this.names.get(indent) || '(unnamed test)';
    const directive = result[4]?.toUpperCase();
    const isSuite = this.hasChildren.get(indent) === true;
    for (const [level] of this.hasChildren) if (level < indent) this.hasChildren.set(level, true);
    this.hasChildren.set(indent, false);
    const ancestors = [...this.names.entries()]
      .filter(([level]) => level < indent)
      .sort(([a], [b]) => a - b)
      .map(([, n]) => n);
    let status: TestStatus = result[2]!.toLowerCase() === 'ok' ? 'passed' : 'failed';
    if (directive !== undefined) status = 'skipped'; // a failing TODO is not a failure
    const record: TestRecord = { id: [...ancestors, name].join(' > '), status };
    this.pending = {
      record,
      indent,
      inYaml: false,
      blockKey: undefined,
      blockIndent: 0,
      blockLines: [],
      diagnostics: new Map(),
    };
    // Suites still get their diagnostics read (to skip the block) but are not recorded.
    if (isSuite) this.pending.record = { ...record, id: `\u0000suite` };
  }

  /** Ends the stream and returns every test seen. */
  finish(): TestRecord[] {
    this.flush();
    return this.records;
  }

  private readYamlLine(pending: PendingResult, line: string): void {
    const trimmed = line.trim();
    if (pending.blockKey !== undefined) {
      const lineIndent = line.length - line.trimStart().length;
      if (trimmed === '' || lineIndent >= pending.blockIndent) {
        pending.blockLines.push(line.slice(Math.min(lineIndent, pending.blockIndent)));
        return;
      }
      pending.diagnostics.set(pending.blockKey, pending.blockLines.join('\n').trim());
      pending.blockKey = undefined;
    }
    if (trimmed === '...') {
      pending.inYaml = false;
      this.flush();
      return;
    }
    // `:(.*)` then trimStart, not `:\s*(.*)`: the two would both match whitespace (quadratic backtracking).
    const entry = /^(\s*)([A-Za-z_]+):(.*)$/.exec(line);
    if (entry === null) return;
    const [, keyIndent, key] = entry;
    const value = entry[3]!.trimStart();
    if (/^[|>][-+]?$/.test(value)) {
      pending.blockKey = key!;
      pending.blockIndent = keyIndent!.length + 2;
      pending.blockLines = [];
      return;
    }
    pending.diagnostics.set(key!, unquoteYaml(value));
  }

  private flush(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    if (pending.blockKey !== undefined) pending.diagnostics.set(pending.blockKey, pending.blockLines.join('\n').trim());
    this.pending = undefined;
    const record = pending.record;
    if (record.id === '\u0000suite') return;
    // node writes `location` and `error`; ava (`--tap`) writes `at` and `message`.
    const location = pending.diagnostics.get('location') ?? pending.diagnostics.get('at');
    if (location !== undefined) {
      record.stack_frame = location;
      const file = /^(.*?):\d+:\d+$/.exec(location)?.[1];
      if (file !== undefined) record.file = file;
    }
    if (record.status === 'failed') record.message = pending.diagnostics.get('error') ?? pending.diagnostics.get('message') ?? 'failed';
    this.records.push(record);
  }
}

function unquoteYaml(value: string): string {
  const text = value.trim();
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  }
  return text;
}

/** Parses a whole TAP text; for streams, feed a TapParser line by line instead. */
export function parseTap(text: string): TestRecord[] {
  const parser = new TapParser();
  for (const line of text.split(/\r?\n/)) parser.push(line);
  return parser.finish();
}
