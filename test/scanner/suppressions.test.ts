import { describe, expect, it } from 'vitest';
import { scanSource, type FileResult } from '../../src/scanner/engine.js';
import looseEquality from '../../src/scanner/rules/quality/loose-equality.js';
import explicitAny from '../../src/scanner/rules/quality/explicit-any.js';

function scan(code: string): FileResult {
  return scanSource('src/case.ts', code, [{ rule: looseEquality, options: {} }]);
}

function lines(result: FileResult): number[] {
  return result.findings.map((f) => f.line_number);
}

describe('inline suppressions', () => {
  it('reports the comparison when there is no directive', () => {
    const result = scan('if (a == 1) {}\n');
    expect(lines(result)).toEqual([1]);
    expect(result.suppressed).toBe(0);
  });

  it.each([
    ['without a rule list', '// autonomous-disable-next-line'],
    ['naming the rule', '// autonomous-disable-next-line loose-equality'],
    ['naming the rule among others', '// autonomous-disable-next-line explicit-any, loose-equality'],
    ['with rules separated by a comma only', '// autonomous-disable-next-line explicit-any,loose-equality'],
    ['naming the rule with a reason', '// autonomous-disable-next-line loose-equality -- the API sends "1" or 1'],
    ['with only a reason', '// autonomous-disable-next-line -- legacy code, see #12'],
    ['in a block comment', '/* autonomous-disable-next-line loose-equality */'],
    ['in a JSDoc-style block comment', '/** autonomous-disable-next-line loose-equality */'],
  ])('disable-next-line %s silences the next line only and counts it', (_name, directive) => {
    const result = scan(`${directive}\nif (a == 1) {}\nif (b == 2) {}\n`);
    expect(lines(result)).toEqual([3]);
    expect(result.suppressed).toBe(1);
  });

  it('applies disable-next-line to the line after the end of a multi-line block comment', () => {
    const result = scan('/*\n  autonomous-disable-next-line loose-equality -- reason\n*/\nif (a == 1) {}\nif (b == 2) {}\n');
    expect(lines(result)).toEqual([5]);
    expect(result.suppressed).toBe(1);
  });

  it('does not reach past the next line', () => {
    const result = scan('// autonomous-disable-next-line\n\nif (a == 1) {}\n');
    expect(lines(result)).toEqual([3]);
    expect(result.suppressed).toBe(0);
  });

  it.each([
    ['a trailing line comment', 'if (a == 1) {} // autonomous-disable-line'],
    ['a trailing line comment naming the rule with a reason', 'if (a == 1) {} // autonomous-disable-line loose-equality -- intended'],
    ['a leading block comment', '/* autonomous-disable-line loose-equality */ if (a == 1) {}'],
  ])('disable-line in %s silences its own line', (_name, line) => {
    const result = scan(`${line}\nif (b == 2) {}\n`);
    expect(lines(result)).toEqual([2]);
    expect(result.suppressed).toBe(1);
  });

  it('counts every finding silenced on a suppressed line', () => {
    const result = scan('// autonomous-disable-next-line loose-equality\nif (a == 1 || b != 2) {}\n');
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toBe(2);
  });

  it('does not silence the rule when the directive names another rule', () => {
    const result = scan('// autonomous-disable-next-line explicit-any\nif (a == 1) {}\nif (b == 2) {} // autonomous-disable-line explicit-any\n');
    expect(lines(result)).toEqual([2, 3]);
    expect(result.suppressed).toBe(0);
  });

  it('does not treat the text after -- as rule names', () => {
    const result = scan('// autonomous-disable-next-line explicit-any -- not loose-equality\nif (a == 1) {}\n');
    expect(lines(result)).toEqual([2]);
  });

  it('ignores a comment that only mentions a directive in its text', () => {
    const result = scan('// see autonomous-disable-next-line in the docs\nif (a == 1) {}\n');
    expect(lines(result)).toEqual([2]);
    expect(result.suppressed).toBe(0);
  });

  it('silences the whole file with autonomous-disable-file wherever the comment is, without running the rule', () => {
    const result = scan('if (a == 1) {}\nif (b == 2) {}\n/* autonomous-disable-file loose-equality -- generated */\n');
    expect(result.findings).toEqual([]);
    // The rule is not run at all for a file-level directive, so nothing is counted as suppressed.
    expect(result.suppressed).toBe(0);
  });

  it('leaves other rules running when the file-level directive names one rule', () => {
    const result = scanSource(
      'src/case.ts',
      '// autonomous-disable-file loose-equality\nlet v: any;\nif (a == 1) {}\n',
      [
        { rule: looseEquality, options: {} },
        { rule: explicitAny, options: {} },
      ],
    );
    expect(result.findings.map((f) => f.rule_id)).toEqual(['explicit-any']);
  });

  it('silences every rule with autonomous-disable-file and no rule list', () => {
    const result = scanSource('src/case.ts', '// autonomous-disable-file\nlet v: any;\nif (a == 1) {}\n', [
      { rule: looseEquality, options: {} },
      { rule: explicitAny, options: {} },
    ]);
    expect(result.findings).toEqual([]);
  });

  it('does not silence the file when autonomous-disable-file names another rule', () => {
    const result = scan('// autonomous-disable-file explicit-any\nif (a == 1) {}\n');
    expect(lines(result)).toEqual([2]);
  });
});
