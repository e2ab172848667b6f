import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutonomousError } from '../../src/core/errors.js';
import type { Finding } from '../../src/models/finding.js';
import { readBaseline, subtractBaseline, writeBaseline, type BaselineFile } from '../../src/scanner/baseline.js';
import { scanSource } from '../../src/scanner/engine.js';
import looseEquality from '../../src/scanner/rules/quality/loose-equality.js';

let temp: string;

beforeEach(() => {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-baseline-'));
});

afterEach(() => {
  fs.rmSync(temp, { recursive: true, force: true });
});

function findingsOf(filePath: string, code: string): Finding[] {
  return scanSource(filePath, code, [{ rule: looseEquality, options: {} }]).findings;
}

function baselineOf(findings: readonly Finding[]): BaselineFile {
  return {
    version: 1,
    tool: 'autonomous',
    created_at: '2024-01-01T00:00:00.000Z',
    findings: findings.map((f) => ({ fingerprint: f.fingerprint, rule_id: f.rule_id, file_path: f.file_path, line_number: f.line_number })),
  };
}

function baselineError(file: string): AutonomousError {
  try {
    readBaseline(file);
  } catch (error) {
    expect(error).toBeInstanceOf(AutonomousError);
    return error as AutonomousError;
  }
  throw new Error('expected readBaseline to throw');
}

describe('subtractBaseline', () => {
  // The same code in three files: the fingerprint ignores the path, so all three are equal.
  const copies = ['src/a.ts', 'src/b.ts', 'src/c.ts'].flatMap((file) => findingsOf(file, 'if (x == 1) {}\n'));

  it('sees three findings with one fingerprint in the fixture', () => {
    expect(copies).toHaveLength(3);
    expect(new Set(copies.map((f) => f.fingerprint)).size).toBe(1);
  });

  it('lets two identical baseline entries cover two findings and reports the third as new', () => {
    const { fresh, matched } = subtractBaseline(copies, baselineOf(copies.slice(0, 2)));
    expect(matched).toBe(2);
    expect(fresh).toEqual([copies[2]]);
  });

  it('matches a finding that moved to another file and line', () => {
    const old = findingsOf('src/old.ts', 'if (y != 2) {}\n');
    const moved = findingsOf('lib/new.ts', '\n\n\nif (y != 2) {}\n');

    const { fresh, matched } = subtractBaseline(moved, baselineOf(old));

    expect(matched).toBe(1);
    expect(fresh).toEqual([]);
  });

  it('reports findings whose fingerprint is not in the baseline as new, in their original order', () => {
    const known = findingsOf('src/a.ts', 'if (x == 1) {}\n');
    const current = findingsOf('src/a.ts', 'if (z == 9) {}\nif (x == 1) {}\nif (w != 0) {}\n');

    const { fresh, matched } = subtractBaseline(current, baselineOf(known));

    expect(matched).toBe(1);
    expect(fresh.map((f) => f.line_number)).toEqual([1, 3]);
  });

  it('treats everything as new against an empty baseline', () => {
    const { fresh, matched } = subtractBaseline(copies, baselineOf([]));
    expect(matched).toBe(0);
    expect(fresh).toHaveLength(3);
  });
});

describe('writeBaseline and readBaseline', () => {
  it('round-trip the fingerprint, rule, path and line of every finding', () => {
    const findings = [...findingsOf('src/a.ts', 'if (x == 1) {}\n'), ...findingsOf('src/b.ts', '\nif (y != 2) {}\n')];
    const file = path.join(temp, 'ci', 'baseline.json');

    writeBaseline(file, findings);
    const read = readBaseline(file);

    expect(read.version).toBe(1);
    expect(read.tool).toBe('autonomous');
    expect(Number.isNaN(Date.parse(read.created_at))).toBe(false);
    expect(read.findings).toEqual([
      { fingerprint: findings[0]!.fingerprint, rule_id: 'loose-equality', file_path: 'src/a.ts', line_number: 1 },
      { fingerprint: findings[1]!.fingerprint, rule_id: 'loose-equality', file_path: 'src/b.ts', line_number: 2 },
    ]);
    expect(subtractBaseline(findings, read)).toEqual({ fresh: [], matched: 2 });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['baseline.json']);
  });

  it('fails with E_BASELINE and a hint on how to create the file when it is missing', () => {
    const file = path.join(temp, 'missing.json');

    const error = baselineError(file);

    expect(error.code).toBe('E_BASELINE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`--baseline ${file}: file not found`);
    expect(error.hint).toContain('--update-baseline');
  });

  it('fails with E_BASELINE without the creation hint when the file is not JSON', () => {
    const file = path.join(temp, 'broken.json');
    fs.writeFileSync(file, 'not json');

    const error = baselineError(file);

    expect(error.code).toBe('E_BASELINE');
    expect(error.message).toContain(`--baseline ${file}: `);
    expect(error.hint).toBeUndefined();
  });

  it('fails with E_BASELINE naming the key when the file has the wrong shape', () => {
    const file = path.join(temp, 'shape.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ version: 1, tool: 'autonomous', created_at: 'x', findings: [{ fingerprint: 'abc', rule_id: 'r', file_path: 'a.ts' }] }),
    );

    const error = baselineError(file);

    expect(error.code).toBe('E_BASELINE');
    expect(error.message).toContain(`--baseline ${file}: findings.0.line_number:`);
  });

  it('fails with E_BASELINE for a baseline of another version', () => {
    const file = path.join(temp, 'v2.json');
    fs.writeFileSync(file, JSON.stringify({ version: 2, tool: 'autonomous', created_at: 'x', findings: [] }));

    const error = baselineError(file);

    expect(error.code).toBe('E_BASELINE');
    expect(error.message).toContain(`--baseline ${file}: version:`);
  });

  it('fails with E_BASELINE naming the top level when the file holds an array', () => {
    const file = path.join(temp, 'array.json');
    fs.writeFileSync(file, '[]');

    expect(baselineError(file).message).toContain(`--baseline ${file}: (top level):`);
  });
});
