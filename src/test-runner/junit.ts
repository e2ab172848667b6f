// Reads JUnit XML reports (pytest's `--junitxml`, node's `--test-reporter=junit`, most CI tools):
// <testsuite>/<testcase> with <failure>, <error> or <skipped> children, into per-test records. A
// small reader of its own rather than an XML dependency: the format is flat, and a strict
// tokenizer (tags, attributes, text, CDATA, comments, entities) is enough. Pure.
import type { TestRecord, TestStatus } from '../models/test-result.js';

interface Tag {
  name: string;
  attributes: Map<string, string>;
  closing: boolean;
  selfClosing: boolean;
}

/** XML entities: the five named ones and numeric references. */
export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (_, entity: string) => {
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'amp') return '&';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    const code = entity.startsWith('#x') ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/** Parses the inside of a tag (`name a="1" b='2'`); throws on anything else. */
function parseTag(inner: string): Tag {
  let text = inner;
  const closing = text.startsWith('/');
  if (closing) text = text.slice(1);
  const selfClosing = text.endsWith('/');
  if (selfClosing) text = text.slice(0, -1);
  let i = 0;
  const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const readName = (): string => {
    const start = i;
    while (i < text.length && !isSpace(text[i]) && text[i] !== '=') i++;
    return text.slice(start, i);
  };
  const name = readName();
  if (name === '') throw new Error(`malformed tag <${inner}>`);
  const attributes = new Map<string, string>();
  for (;;) {
    while (isSpace(text[i])) i++;
    if (i >= text.length) break;
    const key = readName();
    while (isSpace(text[i])) i++;
    if (key === '' || text[i] !== '=') throw new Error(`malformed attribute in <${name}>`);
    i++;
    while (isSpace(text[i])) i++;
    const quote = text[i];
    if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute ${key} in <${name}>`);
    const end = text.indexOf(quote, i + 1);
    if (end === -1) throw new Error(`unterminated attribute ${key} in <${name}>`);
    attributes.set(key, decodeXmlEntities(text.slice(i + 1, end)));
    i = end + 1;
  }
  return { name, attributes, closing, selfClosing };
}

type Token = { kind: 'tag'; tag: Tag } | { kind: 'text'; text: string };

/** Splits XML into tags and (decoded) text; comments, declarations and processing instructions are dropped. */
function* tokenize(xml: string): Generator<Token> {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) {
      yield { kind: 'text', text: decodeXmlEntities(xml.slice(i)) };
      return;
    }
    if (lt > i) yield { kind: 'text', text: decodeXmlEntities(xml.slice(i, lt)) };
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end === -1) throw new Error('unterminated comment');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end === -1) throw new Error('unterminated CDATA section');
      yield { kind: 'text', text: xml.slice(lt + 9, end) };
      i = end + 3;
    } else if (xml.startsWith('<?', lt) || xml.startsWith('<!', lt)) {
      const end = xml.indexOf('>', lt);
      if (end === -1) throw new Error('unterminated declaration');
      i = end + 1;
    } else {
      const end = findTagEnd(xml, lt + 1);
      yield { kind: 'tag', tag: parseTag(xml.slice(lt + 1, end).trim()) };
      i = end + 1;
    }
  }
}

/** The `>` closing a tag, skipping any inside quoted attribute values. */
function findTagEnd(xml: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  throw new Error('unterminated tag');
}

interface OpenCase {
  record: TestRecord;
  /** Text of the <failure>/<error>/<skipped> element being read, if inside one. */
  outcomeText: string[] | undefined;
  outcomeMessage: string | undefined;
}

/** The first `path:line` of project code in a Python or JS traceback. */
const PY_FRAME = /^([^\s:"'<>]+\.py):(\d+)(?::|$)/m;

/**
 * Per-test records of a JUnit XML report; throws when the text is not XML with <testcase>s in
 * <testsuite>s. The id is `classname::name` (pytest's classname is the dotted module, plus the
 * class for class-based tests), or the name alone when there is no classname.
 */
export function parseJunitXml(xml: string): TestRecord[] {
  const records: TestRecord[] = [];
  const stack: string[] = [];
  let sawSuite = false;
  let open: OpenCase | undefined;
  for (const token of tokenize(xml)) {
    if (token.kind === 'text') {
      open?.outcomeText?.push(token.text);
      continue;
    }
    const { tag } = token;
    if (tag.closing) {
      if (stack.pop() !== tag.name) throw new Error(`unbalanced </${tag.name}>`);
      if (tag.name === 'testcase' && open !== undefined) {
        records.push(open.record);
        open = undefined;
      } else if (open !== undefined && isOutcome(tag.name)) finishOutcome(open);
      continue;
    }
    if (tag.name === 'testsuite') sawSuite = true;
    if (tag.name === 'testcase') {
      open = { record: caseRecord(tag), outcomeText: undefined, outcomeMessage: undefined };
      if (tag.selfClosing) {
        records.push(open.record);
        open = undefined;
      }
    } else if (open !== undefined && isOutcome(tag.name)) {
      const status: TestStatus = tag.name === 'skipped' ? 'skipped' : 'failed';
      // An error beside a failure (teardown) keeps the test failed; a skip never hides a failure.
      if (open.record.status !== 'failed') open.record.status = status;
      open.outcomeMessage = tag.attributes.get('message');
      open.outcomeText = [];
      if (tag.selfClosing) finishOutcome(open);
    }
    if (!tag.selfClosing) stack.push(tag.name);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]}>`);
  if (!sawSuite) throw new Error('not a JUnit XML report: no <testsuite>');
  return records;
}

function isOutcome(name: string): boolean {
  return name === 'failure' || name === 'error' || name === 'skipped';
}

function caseRecord(tag: Tag): TestRecord {
  const name = tag.attributes.get('name') ?? '(unnamed test)';
  const classname = tag.attributes.get('classname');
  const record: TestRecord = { id: classname ? `${classname}::${name}` : name, status: 'passed' };
  const file = tag.attributes.get('file');
  if (file) record.file = file;
  const line = tag.attributes.get('line');
  if (file && line) record.stack_frame = `${file}:${line}`;
  return record;
}

function finishOutcome(open: OpenCase): void {
  const text = (open.outcomeText ?? []).join('').trim();
  open.outcomeText = undefined;
  if (open.record.status !== 'failed' || open.record.message !== undefined) return;
  open.record.message = open.outcomeMessage?.trim() || text.split('\n').find((l) => l.trim() !== '')?.trim() || 'failed';
  const frame = PY_FRAME.exec(text);
  if (frame !== null) open.record.stack_frame = `${frame[1]}:${frame[2]}`;
}

/**
 * The test file a pytest classname points at (`tests.test_math.TestAdd` -> `tests/test_math.py`),
 * found by trying ever shorter prefixes with `exists`; undefined when none exists.
 */
export function pytestFileOfClassname(classname: string, exists: (relative: string) => boolean): string | undefined {
  const parts = classname.split('.');
  for (let n = parts.length; n > 0; n--) {
    const candidate = `${parts.slice(0, n).join('/')}.py`;
    if (exists(candidate)) return candidate;
  }
  return undefined;
}
