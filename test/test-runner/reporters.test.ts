// Parsers on reporter output samples (fixtures/test-runner/reports; see its README for which are
// real captures and which were written from the documented format).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageFromCobertura, coverageFromCoveragePy } from '../../src/test-runner/coverage.js';
import { decodeXmlEntities, parseJunitXml, pytestFileOfClassname } from '../../src/test-runner/junit.js';
import { parseJestJson, parseMochaJson, parseTap } from '../../src/test-runner/parsers.js';
import { projectRoot } from '../helpers/cli.js';

const sample = (name: string): string => fs.readFileSync(path.join(projectRoot, 'fixtures', 'test-runner', 'reports', name), 'utf8');

describe('parseJunitXml', () => {
  it("reads pytest's junit XML: passes, failures with decoded messages and locations, skips, class-based tests", () => {
    const records = parseJunitXml(sample('pytest-junit.xml'));
    expect(records.map((r) => [r.id, r.status])).toEqual([
      ['tests.test_ops::test_add', 'passed'],
      ['tests.test_ops::test_add_strings_escape', 'failed'],
      ['tests.test_ops::test_div_by_zero', 'failed'],
      ['tests.test_ops::test_later', 'skipped'],
      ['tests.test_ops.TestGroup::test_inside', 'passed'],
    ]);
    const escaped = records[1]!;
    expect(escaped.message).toContain(`AssertionError: assert '<a&b' == '<a&b!'`);
    expect(escaped.stack_frame).toBe('tests/test_ops.py:10');
    expect(records[2]).toMatchObject({ message: 'ZeroDivisionError: division by zero', stack_frame: 'tests/test_ops.py:14' });
    expect(records[3]?.message).toBeUndefined();
  });

  it("reads node's junit reporter output, whose suites nest and whose attributes hold a raw '>'", () => {
    const records = parseJunitXml(sample('node-junit.xml'));
    expect(records.map((r) => r.status)).toEqual(['passed', 'failed', 'skipped']);
    expect(records[1]?.id).toBe('test::divides <fast> & &quot;right&quot;'); // node escapes the quotes twice
    expect(records[1]?.message).toContain('0.5 !== 0.25');
  });

  it('keeps a test failed when a teardown error follows its failure, and reads CDATA and numeric entities', () => {
    const xml = `<?xml version="1.0"?>
<!-- a comment with <testcase name="no"/> inside -->
<testsuite name="s"><testcase classname="m" name="t&#233;st"><failure message="boom &#x3C;1&#x3E;"><![CDATA[at x <y> & z]]></failure><error message="teardown"/></testcase>
<testcase name="bare"><skipped/></testcase></testsuite>`;
    expect(parseJunitXml(xml)).toEqual([
      { id: 'm::tést', status: 'failed', message: 'boom <1>' },
      { id: 'bare', status: 'skipped' },
    ]);
  });

  it.each([
    ['unbalanced tags', '<testsuite><testcase name="a"></testsuite>'],
    ['an unterminated tag', '<testsuite name="a"'],
    ['an unquoted attribute', '<testsuite name=a></testsuite>'],
    ['no testsuite at all', '<html><body/></html>'],
  ])('rejects %s', (_name, xml) => {
    expect(() => parseJunitXml(xml)).toThrow();
  });

  it('decodes the five named entities and numeric references once', () => {
    expect(decodeXmlEntities('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&amp;lt;')).toBe(`<>&"'AB&lt;`);
  });

  it('finds the file of a pytest classname by trying shorter module paths', () => {
    const files = new Set(['tests/test_ops.py']);
    expect(pytestFileOfClassname('tests.test_ops.TestGroup', (f) => files.has(f))).toBe('tests/test_ops.py');
    expect(pytestFileOfClassname('other.mod', (f) => files.has(f))).toBeUndefined();
  });
});

describe('parseMochaJson', () => {
  it('reads passes, failures (message and first project frame) and pending tests by full title', () => {
    const records = parseMochaJson(sample('mocha.json'));
    expect(records).toEqual([
      { id: 'math adds', status: 'passed', file: '/home/dev/app/test/math.spec.js' },
      { id: 'strings parses', status: 'passed', file: '/home/dev/app/test/strings.spec.js' },
      { id: 'math subtracts', status: 'failed', file: '/home/dev/app/test/math.spec.js', message: 'subtraction is broken', stack_frame: 'test/math.spec.js:9:12' },
      { id: 'math later', status: 'skipped', file: '/home/dev/app/test/math.spec.js' },
    ]);
  });

  it('reads the report from stdout after whatever the tests printed', () => {
    const records = parseMochaJson(`connecting to the test database\n{ a log line that opens a brace\n${sample('mocha.json')}`);
    expect(records).toHaveLength(4);
  });

  it('rejects JSON of another shape', () => {
    expect(() => parseMochaJson('{"testResults": []}')).toThrow(/mocha/);
  });
});

describe('ava --tap', () => {
  it('reads passes, a failure with its message and location, a skip and a todo', () => {
    const records = parseTap(sample('ava.tap'));
    expect(records).toEqual([
      { id: 'math › adds', status: 'passed' },
      { id: 'math › subtracts', status: 'failed', message: 'subtraction is broken', stack_frame: 'test/math.js:9:4', file: 'test/math.js' },
      { id: 'math › later', status: 'skipped' },
      { id: 'math › someday', status: 'skipped' },
    ]);
  });
});

describe('vitest JSON (real capture)', () => {
  it('reads each test by full name with the failure message', () => {
    const records = parseJestJson(sample('vitest.json'));
    expect(records.map((r) => [r.id, r.status])).toEqual([
      ['math adds', 'passed'],
      ['math divides', 'failed'],
      ['math later', 'skipped'],
    ]);
    expect(records[1]?.message).toContain('expected 0.5 to be 0.25');
  });
});

describe('Python coverage reports', () => {
  it('reads line-rate from a Cobertura coverage.xml in percent', () => {
    const xml = `<?xml version="1.0" ?>\n<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n<coverage version="7.4.0" timestamp="1" lines-valid="40" lines-covered="33" line-rate="0.825" branches-covered="0" branches-valid="0" branch-rate="0" complexity="0">\n<sources><source>/p</source></sources></coverage>`;
    expect(coverageFromCobertura(xml)).toBe(82.5);
    expect(coverageFromCobertura('<coverage lines-valid="0" line-rate="1"></coverage>')).toBeNull();
    expect(() => coverageFromCobertura('<report/>')).toThrow(/Cobertura/);
  });

  it("reads totals.percent_covered from coverage.py's coverage.json", () => {
    expect(coverageFromCoveragePy(JSON.stringify({ meta: { version: '7.4.0' }, files: {}, totals: { covered_lines: 2, num_statements: 3, percent_covered: 66.66666666666667 } }))).toBe(66.67);
    expect(() => coverageFromCoveragePy('{"total": {}}')).toThrow(/coverage.py/);
  });
});
