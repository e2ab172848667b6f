// Table-driven rule tests in the manner of ESLint's RuleTester: `valid` code must yield no finding
// from the rule, each `invalid` case must yield exactly the listed findings (line, and optionally
// message id, column, severity, minimum/maximum confidence).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../src/scanner/engine.js';
import type { Rule } from '../../src/scanner/rule.js';
import type { Finding, Severity } from '../../src/models/finding.js';

export interface ValidCase {
  code: string;
  /** File name deciding the dialect (default `case.ts`; use `.js`/`.tsx` for JS/JSX). */
  filename?: string;
  options?: Record<string, unknown>;
  name?: string;
}

export interface ExpectedFinding {
  line: number;
  messageId?: string;
  column?: number;
  severity?: Severity;
  minConfidence?: number;
  maxConfidence?: number;
  /** A substring the description must contain. */
  message?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

export interface RuleTests {
  valid: Array<string | ValidCase>;
  invalid: InvalidCase[];
}

export function runRule(rule: Rule, code: string, filename = 'case.ts', options: Record<string, unknown> = {}): Finding[] {
  const result = scanSource(filename, code, [{ rule, options: { ...rule.meta.defaultOptions, ...options } }]);
  const parseErrors = result.findings.filter((f) => f.rule_id === 'parse-error');
  if (parseErrors.length > 0) throw new Error(`test code does not parse (${filename}): ${parseErrors[0]!.description}`);
  return result.findings;
}

export function testRule(rule: Rule, tests: RuleTests): void {
  describe(rule.meta.id, () => {
    describe('does not report', () => {
      for (const entry of tests.valid) {
        const testCase = typeof entry === 'string' ? { code: entry } : entry;
        it(testCase.name ?? firstLine(testCase.code), () => {
          const findings = runRule(rule, testCase.code, testCase.filename, testCase.options);
          expect(findings.map((f) => `${f.line_number}: ${f.description}`)).toEqual([]);
        });
      }
    });
    describe('reports', () => {
      for (const testCase of tests.invalid) {
        it(testCase.name ?? firstLine(testCase.code), () => {
          const findings = runRule(rule, testCase.code, testCase.filename, testCase.options);
          expect(findings.map((f) => f.line_number), findings.map((f) => f.description).join('\n')).toEqual(
            testCase.errors.map((e) => e.line),
          );
          testCase.errors.forEach((expected, i) => {
            const actual = findings[i]!;
            expect(actual.rule_id).toBe(rule.meta.id);
            if (expected.messageId !== undefined) expect(actual.metadata.message_id).toBe(expected.messageId);
            if (expected.column !== undefined) expect(actual.column).toBe(expected.column);
            if (expected.severity !== undefined) expect(actual.severity).toBe(expected.severity);
            if (expected.minConfidence !== undefined) expect(actual.confidence).toBeGreaterThanOrEqual(expected.minConfidence);
            if (expected.maxConfidence !== undefined) expect(actual.confidence).toBeLessThanOrEqual(expected.maxConfidence);
            if (expected.message !== undefined) expect(actual.description).toContain(expected.message);
          });
        });
      }
    });
  });
}

function firstLine(code: string): string {
  const line = code.trim().split('\n').find((l) => l.trim().length > 0) ?? code;
  return line.length > 90 ? `${line.slice(0, 90)}…` : line;
}

export const fixturesDir = path.resolve(import.meta.dirname, '../../fixtures');
