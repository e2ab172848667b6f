// Runs a deterministic fixer the way the proposer does, on code given in a test: scan the code
// with the one rule to get its findings, build the FixContext, run the fixer, apply the preferred
// candidate's edits. Also the table runner for before/after and decline cases.
import { describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../src/core/config.js';
import type { Finding } from '../../src/models/finding.js';
import { applyTextEdits } from '../../src/proposer/edits.js';
import { fixerFor } from '../../src/proposer/fixers/index.js';
import type { FixCandidate, FixContext, FixOutcome } from '../../src/proposer/fixers/types.js';
import { parseSource, scanSource, type EnabledRule } from '../../src/scanner/engine.js';
import { fileRules } from '../../src/scanner/rules/index.js';
import { enabledRules, planRules } from '../../src/scanner/rule-config.js';

export interface FixerRun {
  findings: Finding[];
  outcome: FixOutcome;
  /** The file's text after the preferred candidate's edits (the input when declined). */
  output: string;
  /** Texts of other files after the candidate's edits, from their `files` text (or empty). */
  otherFiles: Record<string, string>;
  candidates: FixCandidate[];
}

export interface FixerOptions {
  /** Overrides of `config.proposer`. */
  proposer?: Partial<Config['proposer']>;
  /** Other repository files (relative path -> text) that `readFile` sees. */
  files?: Record<string, string>;
  /** Which finding of the rule to fix (default the first). */
  index?: number;
  /** Which candidate to apply (default 0, the preferred one). */
  candidate?: number;
}

export function ruleById(ruleId: string): EnabledRule {
  const rule = fileRules.find((r) => r.meta.id === ruleId);
  if (!rule) throw new Error(`unknown rule ${ruleId}`);
  return { rule, options: { ...rule.meta.defaultOptions } };
}

/** Every default-enabled file rule, as `scan` runs them. */
export function defaultRules(): EnabledRule[] {
  return enabledRules(planRules(defaultConfig(), {}, 'test').fileRules);
}

export function scanWith(ruleId: string, filename: string, code: string): Finding[] {
  const result = scanSource(filename, code, [ruleById(ruleId)]);
  const parseError = result.findings.find((f) => f.rule_id === 'parse-error');
  if (parseError) throw new Error(`test code does not parse (${filename}): ${parseError.description}`);
  return result.findings;
}

export function runFixer(ruleId: string, filename: string, code: string, options: FixerOptions = {}): FixerRun {
  const fixer = fixerFor(ruleId);
  if (!fixer) throw new Error(`no fixer for ${ruleId}`);
  const findings = scanWith(ruleId, filename, code);
  const finding = findings[options.index ?? 0];
  if (!finding) throw new Error(`${ruleId} reports nothing in:\n${code}`);
  const base = defaultConfig();
  const config: Config = { ...base, proposer: { ...base.proposer, ...options.proposer } };
  const files = options.files ?? {};
  const context: FixContext = {
    root: '/repo',
    finding,
    filePath: filename,
    source: code,
    program: parseSource(filename, code),
    config,
    readFile: (relative) => files[relative],
  };
  const outcome = fixer.fix(context);
  if ('declined' in outcome) return { findings, outcome, output: code, otherFiles: {}, candidates: [] };
  const chosen = outcome.candidates[options.candidate ?? 0];
  if (!chosen) throw new Error(`no candidate ${options.candidate ?? 0}`);
  const output = applyTextEdits(code, chosen.edits.filter((e) => e.file_path === filename));
  const otherFiles: Record<string, string> = {};
  for (const path of new Set(chosen.edits.map((e) => e.file_path).filter((p) => p !== filename))) {
    otherFiles[path] = applyTextEdits(files[path] ?? '', chosen.edits.filter((e) => e.file_path === path));
  }
  return { findings, outcome, output, otherFiles, candidates: outcome.candidates };
}

export interface FixCase {
  name: string;
  filename?: string;
  code: string;
  output: string;
  safety?: 'safe' | 'unsafe';
  options?: FixerOptions;
  /** Expected texts of other files the fix creates or changes. */
  otherFiles?: Record<string, string>;
}

export interface DeclineCase {
  name: string;
  filename?: string;
  code: string;
  /** A substring of the decline reason. */
  reason: string;
  options?: FixerOptions;
}

export interface FixerTests {
  fixes: FixCase[];
  declines: DeclineCase[];
}



export function testFixer(ruleId: string, tests: FixerTests): void {

  describe(`${ruleId} fixer`, () => {
    describe('fixes', () => {
      for (const c of tests.fixes) {
        it(c.name, () => {
          const run = runFixer(ruleId, c.filename ?? 'case.ts', c.code, c.options);
          expect('declined' in run.outcome ? run.outcome.declined : undefined).toBeUndefined();
          expect(run.output).toBe(c.output);
          if (c.safety) expect(run.candidates[c.options?.candidate ?? 0]!.safety).toBe(c.safety);
          expect(run.otherFiles).toEqual(c.otherFiles ?? {});
        });
      }
    });
    if (tests.declines.length > 0) describe('declines', () => {
      for (const c of tests.declines) {
        it(c.name, () => {
          const run = runFixer(ruleId, c.filename ?? 'case.ts', c.code, c.options);
          expect('declined' in run.outcome ? run.outcome.declined : 'not declined').toContain(c.reason);
        });
      }
    });
  });
}
