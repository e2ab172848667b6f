import { describe, expect, it } from 'vitest';
import { Finding } from '../../src/models/finding.js';
import { scanSource } from '../../src/scanner/engine.js';
import looseEquality from '../../src/scanner/rules/quality/loose-equality.js';

function findingsOf(filePath: string, code: string): Finding[] {
  return scanSource(filePath, code, [{ rule: looseEquality, options: {} }]).findings;
}

function only(filePath: string, code: string): Finding {
  const findings = findingsOf(filePath, code);
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

describe('finding fingerprints', () => {
  const original = 'export function isOne(a: unknown) {\n  return a == 1;\n}\n';

  it('have the documented shapes and pass the Finding schema', () => {
    const finding = only('src/a.ts', original);
    expect(finding.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(finding.finding_id).toMatch(/^fnd_[0-9a-f]{12}$/);
    expect(Finding.parse(finding)).toEqual(finding);
  });

  it('are the same for the same input scanned twice', () => {
    expect(only('src/a.ts', original)).toEqual(only('src/a.ts', original));
  });

  it('do not change when lines are inserted above the finding', () => {
    const before = only('src/a.ts', original);
    const after = only('src/a.ts', `// a new header\nimport fs from 'node:fs';\n\n${original}`);

    expect(after.line_number).toBe(before.line_number + 3);
    expect(after.fingerprint).toBe(before.fingerprint);
    expect(after.finding_id).toBe(before.finding_id);
  });

  it('do not change when only the whitespace inside the reported code changes', () => {
    const before = only('src/a.ts', 'if (a == 1) {}\n');
    const after = only('src/a.ts', 'if (a   ==\n   1) {}\n');
    expect(after.fingerprint).toBe(before.fingerprint);
  });

  it('do not change when the file is renamed, while the finding id does', () => {
    const before = only('src/a.ts', original);
    const after = only('lib/renamed.ts', original);

    expect(after.fingerprint).toBe(before.fingerprint);
    expect(after.finding_id).not.toBe(before.finding_id);
    expect(after.file_path).toBe('lib/renamed.ts');
  });

  it('change when the reported code changes', () => {
    const before = only('src/a.ts', original);
    const after = only('src/a.ts', original.replace('a == 1', 'a == 2'));

    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(after.finding_id).not.toBe(before.finding_id);
  });

  it('do not change when code outside the reported expression changes on the same line', () => {
    const before = only('src/a.ts', 'if (a == 1) {}\n');
    const after = only('src/a.ts', 'while (a == 1) { break; }\n');
    expect(after.fingerprint).toBe(before.fingerprint);
  });

  it('differ for two identical findings in one file by their occurrence index', () => {
    const [first, second, ...rest] = findingsOf('src/a.ts', 'if (a == 1) {}\nif (a == 1) {}\n');

    expect(rest).toEqual([]);
    expect(first!.line_number).toBe(1);
    expect(second!.line_number).toBe(2);
    expect(first!.fingerprint).not.toBe(second!.fingerprint);
    expect(first!.finding_id).not.toBe(second!.finding_id);
  });

  it('give the first copy the fingerprint a lone copy has, whatever other code sits between', () => {
    const lone = only('src/a.ts', 'if (a == 1) {}\n');
    const [first, , second] = findingsOf('src/a.ts', 'if (a == 1) {}\nif (b == 3) {}\nif (a == 1) {}\n');

    expect(first!.fingerprint).toBe(lone.fingerprint);
    expect(second!.fingerprint).not.toBe(lone.fingerprint);
  });
});
