// The approval policy, table-driven: each row is one input and the rule that must decide it.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config.js';
import type { LayerVerdict } from '../../src/models/validation.js';
import { decide, recommendationOf, type PolicyInput } from '../../src/validator/policy.js';

const policy = defaultConfig().validator;

const passing: LayerVerdict[] = (['syntax', 'security', 'quality', 'impact', 'tests'] as const).map((layer) => ({ layer, passed: true, summary: 'ok', duration_ms: 1 }));

function input(overrides: Partial<PolicyInput> = {}): PolicyInput {
  return {
    proposal: { risk_level: 'low', safety: 'safe', category: 'comments', source: 'fixer:test' },
    files: [{ file_path: 'src/a.ts', before: '// a\nexport const a = 1;\n', after: '// A\nexport const a = 1;\n' }],
    layers: passing,
    security_score: 1,
    quality_score: 1,
    confidence: 0.8,
    impact: { breaking_change: false, changed_exports: [], call_sites: [], new_dependencies: [], core_paths: [] },
    dangerous: 0,
    newTypeErrors: 0,
    ...overrides,
  };
}

const failedSyntax = passing.map((l) => (l.layer === 'syntax' ? { ...l, passed: false } : l));
const pkg = (scripts: string, extra = ''): string => `{"name":"x","scripts":{"test":"${scripts}"}${extra}}`;

describe('decide', () => {
  it.each([
    { name: 'a clean comment change is auto-approved', over: {}, outcome: 'auto_approve', rule: 'approve.policy' },
    { name: 'a syntax error is rejected', over: { layers: failedSyntax }, outcome: 'auto_reject', rule: 'reject.syntax' },
    { name: 'an added dangerous pattern is rejected', over: { dangerous: 1 }, outcome: 'auto_reject', rule: 'reject.dangerous_pattern' },
    { name: 'a security score below 0.50 is rejected', over: { security_score: 0.4 }, outcome: 'auto_reject', rule: 'reject.security_score' },
    {
      name: 'critical risk with low confidence is rejected',
      over: { proposal: { risk_level: 'critical', safety: 'safe', category: 'comments', source: 'fixer:x' }, confidence: 0.6 },
      outcome: 'auto_reject',
      rule: 'reject.critical_low_confidence',
    },
    { name: 'new type errors are rejected', over: { newTypeErrors: 2 }, outcome: 'auto_reject', rule: 'reject.type_errors' },
    { name: 'an edited test file needs a person', over: { files: [{ file_path: 'src/a.test.ts', before: 'a', after: 'b' }] }, outcome: 'needs_human', rule: 'human.edits_test_file' },
    { name: 'an edited snapshot needs a person', over: { files: [{ file_path: 'src/__snapshots__/a.ts.snap', before: 'a', after: 'b' }] }, outcome: 'needs_human', rule: 'human.edits_snapshot' },
    { name: 'edited CI configuration needs a person', over: { files: [{ file_path: '.github/workflows/ci.yml', before: 'a', after: 'b' }] }, outcome: 'needs_human', rule: 'human.edits_ci_config' },
    { name: 'an edited lockfile needs a person', over: { files: [{ file_path: 'package-lock.json', before: '{}', after: '{"a":1}' }] }, outcome: 'needs_human', rule: 'human.edits_lockfile' },
    { name: 'changed package.json scripts need a person', over: { files: [{ file_path: 'package.json', before: pkg('vitest'), after: pkg('true') }] }, outcome: 'needs_human', rule: 'human.edits_package_scripts' },
    {
      name: 'a package.json change outside scripts and config is not a guard',
      over: { files: [{ file_path: 'package.json', before: pkg('vitest'), after: pkg('vitest', ',"description":"d"') }] },
      outcome: 'auto_approve',
      rule: 'approve.policy',
    },
    {
      name: "this tool's config in package.json needs a person",
      over: { files: [{ file_path: 'package.json', before: pkg('vitest'), after: pkg('vitest', ',"autonomous":{"validator":{"maxComplexityIncrease":99}}') }] },
      outcome: 'needs_human',
      rule: 'human.edits_tool_config',
    },
    { name: 'autonomous.config.json needs a person', over: { files: [{ file_path: 'autonomous.config.json', before: '{}', after: '{"rules":{}}' }] }, outcome: 'needs_human', rule: 'human.edits_tool_config' },
    ...['// autonomous-disable-next-line x', '// eslint-disable-next-line', '// @ts-ignore', '// @ts-expect-error', '/* istanbul ignore next */', '/* c8 ignore next */', '// nosemgrep'].map((comment) => ({
      name: `an added "${comment}" needs a person`,
      over: { files: [{ file_path: 'src/a.ts', before: 'export const a = 1;\n', after: `${comment}\nexport const a = 1;\n` }] },
      outcome: 'needs_human',
      rule: 'human.adds_suppression',
    })),
    { name: 'a suppression that was already there is not a guard', over: { files: [{ file_path: 'src/a.ts', before: '// @ts-ignore\nx;\n', after: '// @ts-ignore\ny;\n' }] }, outcome: 'auto_approve', rule: 'approve.policy' },
    { name: 'an unsafe-tier fix needs a person', over: { proposal: { risk_level: 'low', safety: 'unsafe', category: 'comments', source: 'fixer:x' } }, outcome: 'needs_human', rule: 'human.unsafe_tier' },
    { name: 'medium risk needs a person', over: { proposal: { risk_level: 'medium', safety: 'safe', category: 'comments', source: 'fixer:x' } }, outcome: 'needs_human', rule: 'human.risk_above_max' },
    {
      name: 'a breaking change needs a person',
      over: { impact: { breaking_change: true, changed_exports: ['src/a.ts: a'], call_sites: [], new_dependencies: [], core_paths: [] } },
      outcome: 'needs_human',
      rule: 'human.breaking_change',
    },
    { name: 'security below 0.95 needs a person', over: { security_score: 0.85 }, outcome: 'needs_human', rule: 'human.security_score' },
    { name: 'quality below 0.90 needs a person', over: { quality_score: 0.85 }, outcome: 'needs_human', rule: 'human.quality_score' },
    {
      name: 'a new dependency needs a person',
      over: { impact: { breaking_change: false, changed_exports: [], call_sites: [], new_dependencies: ['left-pad'], core_paths: [] } },
      outcome: 'needs_human',
      rule: 'human.new_dependencies',
    },
    {
      name: 'a core path needs a person',
      over: { impact: { breaking_change: false, changed_exports: [], call_sites: [], new_dependencies: [], core_paths: ['src/core/a.ts'] } },
      outcome: 'needs_human',
      rule: 'human.core_paths',
    },
    { name: 'a coverage drop above 5 points needs a person', over: { coverageDrop: 6 }, outcome: 'needs_human', rule: 'human.coverage_regression' },
    { name: 'a coverage drop of 5 points is allowed', over: { coverageDrop: 5 }, outcome: 'auto_approve', rule: 'approve.policy' },
    { name: 'a quality-category change needs a person', over: { proposal: { risk_level: 'low', safety: 'safe', category: 'quality', source: 'fixer:x' } }, outcome: 'needs_human', rule: 'human.category_not_auto_approved' },
    { name: 'a safe deterministic security fix is auto-approved', over: { proposal: { risk_level: 'low', safety: 'safe', category: 'security', source: 'fixer:weak-crypto' } }, outcome: 'auto_approve', rule: 'approve.policy' },
    {
      name: 'an LLM-made security fix needs a person',
      over: { proposal: { risk_level: 'low', safety: 'safe', category: 'security', source: 'llm:xai/grok' } },
      outcome: 'needs_human',
      rule: 'human.category_not_auto_approved',
    },
  ] as Array<{ name: string; over: Partial<PolicyInput>; outcome: string; rule: string }>)('$name', ({ over, outcome, rule }) => {
    const decision = decide(input(over), policy);
    expect(decision.outcome).toBe(outcome);
    expect(decision.rule).toBe(rule);
    expect(decision.reasons[0]).toMatch(new RegExp(`^${rule.replace('.', '\\.')}`));
  });

  it('rejection wins over every guard, and lists the guards that also applied', () => {
    const decision = decide(input({ dangerous: 1, files: [{ file_path: 'test/a.test.ts', before: 'a', after: 'b' }] }), policy);
    expect(decision.rule).toBe('reject.dangerous_pattern');
    expect(recommendationOf(decision)).toBe('reject');
  });

  it('follows the configured thresholds', () => {
    const lenient = { ...policy, autoApprove: { ...policy.autoApprove, maxRisk: 'medium' as const, categories: ['quality'] } };
    const decision = decide(input({ proposal: { risk_level: 'medium', safety: 'safe', category: 'quality', source: 'fixer:x' } }), lenient);
    expect(decision.outcome).toBe('auto_approve');
    expect(recommendationOf(decide(input({ security_score: 0.9 }), policy))).toBe('needs_review');
  });
});
