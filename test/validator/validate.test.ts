// The five layers on real proposals against a temp copy of fixtures/validate: tables of changes
// that must be approved, rejected, and sent to a person, per layer.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../src/models/validation.js';
import { Validator } from '../../src/validator/validate.js';
import { fixtureProject, makeProposal, testConfig, type Change } from './helpers.js';

const root = fixtureProject();
const validator = new Validator(root, testConfig({ corePaths: ['src/core/**'] }));
afterAll(() => validator.dispose());

async function validate(changes: Change[], options: Parameters<typeof makeProposal>[2] = {}): Promise<ValidationResult> {
  return validator.validate(makeProposal(root, changes, options));
}

function layer(result: ValidationResult, name: string) {
  return result.layers.find((l) => l.layer === name)!;
}

describe('syntax layer', () => {
  it.each([
    { name: 'a harmless comment passes', change: { file: 'src/math.ts', find: '// Small arithmetic', replace: '// Tiny arithmetic' }, passed: true },
    { name: 'an added relative import of an existing file passes (.js maps to .ts)', change: { file: 'src/legacy.ts', find: '// Legacy code', replace: "import { add } from './math.js';\nvoid add;\n// Legacy code" }, passed: true },
    { name: 'an added node built-in import passes', change: { file: 'src/legacy.ts', find: '// Legacy code', replace: "import fs from 'node:fs';\nvoid fs;\n// Legacy code" }, passed: true },
    { name: 'an added declared package passes', change: { file: 'src/legacy.ts', find: '// Legacy code', replace: "import pm from 'picomatch/posix';\nvoid pm;\n// Legacy code" }, passed: true },
    { name: 'an added import of a package not in package.json fails', change: { file: 'src/legacy.ts', find: '// Legacy code', replace: "import _ from 'lodash';\nvoid _;\n// Legacy code" }, passed: false },
    { name: 'an added import of a missing file fails', change: { file: 'src/legacy.ts', find: '// Legacy code', replace: "import { x } from './missing.js';\nvoid x;\n// Legacy code" }, passed: false },
  ])('$name', async ({ change, passed }) => {
    const result = await validate([change]);
    expect(layer(result, 'syntax').passed).toBe(passed);
    if (!passed) {
      expect(result.decision).toMatchObject({ outcome: 'auto_reject', rule: 'reject.syntax' });
      expect(result.is_valid).toBe(false);
      expect(result.issues.find((i) => i.layer === 'syntax')).toMatchObject({ file_path: 'src/legacy.ts', line: 1 });
    }
  });
});

describe('security layer', () => {
  it('rejects a change that adds eval as a dangerous pattern', async () => {
    const result = await validate([{ file: 'src/math.ts', find: '  return a + b;', replace: '  return eval(`${a} + ${b}`) as number;' }]);
    expect(layer(result, 'security').passed).toBe(false);
    expect(result.security_score).toBeLessThan(1);
    expect(result.decision).toMatchObject({ outcome: 'auto_reject', rule: 'reject.dangerous_pattern' });
    expect(result.approval_recommendation).toBe('reject');
  });

  it('rejects a change that turns off TLS certificate checks', async () => {
    const result = await validate([{ file: 'src/legacy.ts', find: '// Legacy code', replace: 'export const agentOptions = { rejectUnauthorized: false };\n// Legacy code' }]);
    expect(result.decision.rule).toBe('reject.dangerous_pattern');
  });

  it('does not penalise a change that removes an existing vulnerability', async () => {
    const result = await validate([{ file: 'src/legacy.ts', find: '  return eval(expression);', replace: '  return JSON.parse(expression);' }], { category: 'security' });
    expect(layer(result, 'security').passed).toBe(true);
    expect(result.security_score).toBe(1);
    expect(layer(result, 'security').summary).toMatch(/0 introduced, [1-9]\d* removed/);
  });

  it('does not count an existing eval that only moved lines', async () => {
    const result = await validate([{ file: 'src/legacy.ts', find: '// Legacy code', replace: '// Legacy code\n// (kept for old callers)' }]);
    expect(result.security_score).toBe(1);
    expect(layer(result, 'security').passed).toBe(true);
  });
});

describe('quality layer', () => {
  it('fails and rejects a changed signature that breaks a caller in another file', async () => {
    const result = await validate([{ file: 'src/math.ts', find: 'export function add(a: number, b: number): number {', replace: 'export function add(a: number, b: number, c: number): number {' }]);
    const quality = layer(result, 'quality');
    expect(quality.passed).toBe(false);
    const typeErrors = result.issues.filter((i) => i.layer === 'quality' && i.message.startsWith('new type error'));
    expect(typeErrors.map((i) => i.file_path)).toEqual(expect.arrayContaining(['src/calc.ts', 'src/report.ts']));
    expect(result.quality_score).toBeLessThan(0.5);
    expect(result.decision.rule).toBe('reject.type_errors');
  });

  it('does not count a type error that was already there', async () => {
    fs.writeFileSync(path.join(root, 'src/broken.ts'), "// Already broken.\nexport const n: number = 'text';\n");
    try {
      const fresh = new Validator(root, testConfig());
      const result = await fresh.validate(makeProposal(root, [{ file: 'src/broken.ts', find: '// Already broken.', replace: '// Already broken, untouched.' }]));
      fresh.dispose();
      expect(layer(result, 'quality').passed).toBe(true);
      expect(result.quality_score).toBe(1);
    } finally {
      fs.rmSync(path.join(root, 'src/broken.ts'));
    }
  });

  it('fails when a function grows more complex than allowed', async () => {
    const branches = Array.from({ length: 5 }, (_, i) => `  if (factor === ${i + 1}) return value;\n`).join('');
    const result = await validate([{ file: 'src/math.ts', find: '  if (factor === 0) return 0;\n', replace: `  if (factor === 0) return 0;\n${branches}` }]);
    expect(layer(result, 'quality').passed).toBe(false);
    expect(result.issues.some((i) => /complexity from 2 to 7/.test(i.message))).toBe(true);
  });
});

describe('impact layer', () => {
  it('lists the call sites of a breaking change across files', async () => {
    const result = await validate([{ file: 'src/math.ts', find: 'export function add(a: number, b: number): number {', replace: 'export function add(a: number, b: string): number {' }]);
    expect(result.impact?.breaking_change).toBe(true);
    expect(result.impact?.changed_exports).toEqual(['src/math.ts: add']);
    const sites = result.impact!.call_sites.map((s) => `${s.file_path}:${s.line}`);
    expect(sites).toEqual(expect.arrayContaining(['src/calc.ts:6', 'src/report.ts:5', 'test/math.test.ts:4']));
    expect(result.risk_score).toBeGreaterThan(0.3);
  });

  it('reports a new dependency added to package.json and sends it to a person', async () => {
    const result = await validate([{ file: 'package.json', find: '"picomatch": "^4.0.0"', replace: '"picomatch": "^4.0.0",\n    "left-pad": "^1.3.0"' }]);
    expect(result.impact?.new_dependencies).toEqual(['left-pad']);
    expect(result.decision.outcome).toBe('needs_human');
    expect(result.decision.reasons.some((r) => r.startsWith('human.new_dependencies'))).toBe(true);
  });

  it('flags files under the configured core paths', async () => {
    fs.mkdirSync(path.join(root, 'src/core'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/core/engine.ts'), '// The engine.\nexport const speed = 1;\n');
    try {
      const result = await validate([{ file: 'src/core/engine.ts', find: '// The engine.', replace: '// The engine (core).' }]);
      expect(result.impact?.core_paths).toEqual(['src/core/engine.ts']);
      expect(result.decision.reasons.some((r) => r.startsWith('human.core_paths'))).toBe(true);
    } finally {
      fs.rmSync(path.join(root, 'src/core'), { recursive: true });
    }
  });
});

describe('tests layer', () => {
  it('is skipped without coverage data and lowers confidence, never rejects', async () => {
    const result = await validate([{ file: 'src/math.ts', find: '// Small arithmetic', replace: '// Tiny arithmetic' }]);
    expect(layer(result, 'tests')).toMatchObject({ passed: true });
    expect(layer(result, 'tests').skipped).toMatch(/no coverage data/);
    expect(result.coverage_percent).toBeNull();
    expect(result.confidence).toBeLessThan(0.9);
  });

  it('measures the touched statements from coverage-final.json', async () => {
    const mathFile = path.join(root, 'src/math.ts');
    const coverage = {
      [mathFile]: {
        path: mathFile,
        statementMap: { '0': { start: { line: 3, column: 2 }, end: { line: 3, column: 15 } }, '1': { start: { line: 7, column: 2 }, end: { line: 7, column: 30 } } },
        s: { '0': 4, '1': 0 },
      },
    };
    fs.mkdirSync(path.join(root, 'coverage'), { recursive: true });
    fs.writeFileSync(path.join(root, 'coverage/coverage-final.json'), JSON.stringify(coverage));
    try {
      const covered = await validate([{ file: 'src/math.ts', find: '  return a + b;', replace: '  return b + a;' }]);
      expect(covered.coverage_percent).toBe(100);
      const uncovered = await validate([{ file: 'src/math.ts', find: '  if (factor === 0) return 0;', replace: '  if (factor === 0) return 0; // zero' }]);
      expect(uncovered.coverage_percent).toBe(0);
      expect(uncovered.confidence).toBeLessThan(covered.confidence);
    } finally {
      fs.rmSync(path.join(root, 'coverage'), { recursive: true });
    }
  });
});

describe('the whole result', () => {
  it('auto-approves a comment change in an auto-approvable category', async () => {
    const result = await validate([{ file: 'src/math.ts', find: '// Small arithmetic', replace: '// Tiny arithmetic' }], { category: 'comments' });
    expect(result.is_valid).toBe(true);
    expect(result.layers.map((l) => l.layer)).toEqual(['syntax', 'security', 'quality', 'impact', 'tests']);
    expect(result.decision).toMatchObject({ outcome: 'auto_approve', rule: 'approve.policy' });
    expect(result.approval_recommendation).toBe('approve');
  });

  it('sends a change that adds a suppression comment to a person', async () => {
    const result = await validate([{ file: 'src/legacy.ts', find: '  return eval(expression);', replace: '  // eslint-disable-next-line no-eval\n  return eval(expression);' }]);
    expect(result.decision).toMatchObject({ outcome: 'needs_human', rule: 'human.adds_suppression' });
  });

  it('sends an edit of a test file to a person', async () => {
    const result = await validate([{ file: 'test/math.test.ts', find: '// A test file', replace: '// The test file' }]);
    expect(result.decision).toMatchObject({ outcome: 'needs_human', rule: 'human.edits_test_file' });
  });
});
