// The approval policy: a validation result plus its proposal -> auto-approve, needs-human or
// auto-reject, with the rule that decided and every rule that applied. Pure and table-driven:
// rejections first, then the guards no auto-approval can pass (tools that fix code have been
// caught gaming their own checks: editing tests, snapshots, CI, lockfiles, scripts, this tool's
// config, or adding suppression comments), then the design's thresholds; else approve.
import type { Config } from '../core/config.js';
import { riskRank, type Proposal } from '../models/proposal.js';
import type { ImpactAnalysis, LayerVerdict, PolicyDecision } from '../models/validation.js';
import { isTestFile } from '../scanner/analysis/paths.js';
import type { ChangedFile } from './context.js';

export interface PolicyInput {
  proposal: Pick<Proposal, 'risk_level' | 'safety' | 'category' | 'source'>;
  files: readonly ChangedFile[];
  layers: readonly LayerVerdict[];
  security_score: number;
  quality_score: number;
  confidence: number;
  impact: ImpactAnalysis;
  /** Dangerous patterns the change adds (security layer). */
  dangerous: number;
  /** Type errors the change introduces (quality layer). */
  newTypeErrors: number;
  /** Coverage lost, in percentage points, when known (measured after implementation). */
  coverageDrop?: number;
}

export type ValidatorPolicy = Config['validator'];

const SNAPSHOT = /(^|\/)__snapshots__\/|\.snap$/;
const CI_CONFIG = /^(\.github\/|\.gitlab-ci\.yml$|\.circleci\/|azure-pipelines\.yml$|Jenkinsfile$|\.ci\/)|\/(Jenkinsfile|azure-pipelines\.yml|\.gitlab-ci\.yml)$/;
const LOCKFILE = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|deno\.lock)$/;
const TOOL_CONFIG = /(^|\/)autonomous\.config\.json$/;
/** Comments that silence a check; adding one is how a fix hides a problem instead of solving it. */
export const SUPPRESSION = /autonomous-disable|eslint-disable|@ts-ignore|@ts-expect-error|@ts-nocheck|istanbul ignore|c8 ignore|v8 ignore|nosemgrep/g;

function count(text: string | null, pattern: RegExp): number {
  return text === null ? 0 : (text.match(pattern) ?? []).length;
}

function jsonKey(text: string | null, key: string): string {
  if (text === null) return 'null';
  try {
    return JSON.stringify((JSON.parse(text) as Record<string, unknown>)[key] ?? null);
  } catch {
    return 'unparsable';
  }
}

function isPackageJson(file: ChangedFile): boolean {
  return file.file_path === 'package.json' || file.file_path.endsWith('/package.json');
}

interface Rule {
  id: string;
  applies(input: PolicyInput, policy: ValidatorPolicy): string | false;
}

const layer = (input: PolicyInput, name: LayerVerdict['layer']): LayerVerdict | undefined => input.layers.find((l) => l.layer === name);
const anyFile = (input: PolicyInput, test: (f: ChangedFile) => boolean): string | undefined => input.files.find(test)?.file_path;

export const REJECT_RULES: Rule[] = [
  { id: 'reject.syntax', applies: (i) => (layer(i, 'syntax')?.passed === false ? `syntax: ${layer(i, 'syntax')!.summary}` : false) },
  { id: 'reject.dangerous_pattern', applies: (i) => (i.dangerous > 0 ? `the change adds ${i.dangerous} dangerous pattern(s)` : false) },
  {
    id: 'reject.security_score',
    applies: (i, p) => (i.security_score < p.reject.minSecurityScore ? `security score ${i.security_score} is below ${p.reject.minSecurityScore}` : false),
  },
  {
    id: 'reject.critical_low_confidence',
    applies: (i, p) =>
      i.proposal.risk_level === 'critical' && i.confidence < p.reject.criticalMinConfidence ? `critical risk with confidence ${i.confidence} below ${p.reject.criticalMinConfidence}` : false,
  },
  // A change that no longer type-checks cannot be approved as it is; a person would have to rewrite it.
  { id: 'reject.type_errors', applies: (i) => (i.newTypeErrors > 0 ? `the change introduces ${i.newTypeErrors} type error(s)` : false) },
];

export const HUMAN_RULES: Rule[] = [
  { id: 'human.edits_test_file', applies: (i) => { const f = anyFile(i, (x) => isTestFile(x.file_path)); return f ? `edits a test file (${f})` : false; } },
  { id: 'human.edits_snapshot', applies: (i) => { const f = anyFile(i, (x) => SNAPSHOT.test(x.file_path)); return f ? `edits a snapshot (${f})` : false; } },
  { id: 'human.edits_ci_config', applies: (i) => { const f = anyFile(i, (x) => CI_CONFIG.test(x.file_path)); return f ? `edits CI configuration (${f})` : false; } },
  { id: 'human.edits_lockfile', applies: (i) => { const f = anyFile(i, (x) => LOCKFILE.test(x.file_path)); return f ? `edits a lockfile (${f})` : false; } },
  {
    id: 'human.edits_package_scripts',
    applies: (i) => { const f = anyFile(i, (x) => isPackageJson(x) && jsonKey(x.before, 'scripts') !== jsonKey(x.after, 'scripts')); return f ? `changes the scripts of ${f}` : false; },
  },
  {
    id: 'human.edits_tool_config',
    applies: (i) => {
      const f = anyFile(i, (x) => TOOL_CONFIG.test(x.file_path) || (isPackageJson(x) && jsonKey(x.before, 'autonomous') !== jsonKey(x.after, 'autonomous')));
      return f ? `edits this tool's configuration (${f})` : false;
    },
  },
  {
    id: 'human.adds_suppression',
    applies: (i) => { const f = anyFile(i, (x) => count(x.after, SUPPRESSION) > count(x.before, SUPPRESSION)); return f ? `adds a suppression comment (${f})` : false; },
  },
  { id: 'human.unsafe_tier', applies: (i) => (i.proposal.safety === 'unsafe' ? 'the fix is in the unsafe tier (may change behaviour)' : false) },
  {
    id: 'human.risk_above_max',
    applies: (i, p) => (riskRank[i.proposal.risk_level] > riskRank[p.autoApprove.maxRisk] ? `risk ${i.proposal.risk_level} is above ${p.autoApprove.maxRisk}` : false),
  },
  { id: 'human.breaking_change', applies: (i) => (i.impact.breaking_change ? `changes exported signatures: ${i.impact.changed_exports.join(', ')}` : false) },
  {
    id: 'human.security_score',
    applies: (i, p) => (i.security_score < p.autoApprove.minSecurityScore ? `security score ${i.security_score} is below ${p.autoApprove.minSecurityScore}` : false),
  },
  {
    id: 'human.quality_score',
    applies: (i, p) => (i.quality_score < p.autoApprove.minQualityScore ? `quality score ${i.quality_score} is below ${p.autoApprove.minQualityScore}` : false),
  },
  { id: 'human.layer_failed', applies: (i) => { const failed = i.layers.filter((l) => !l.passed).map((l) => l.layer); return failed.length > 0 ? `layer(s) failed: ${failed.join(', ')}` : false; } },
  { id: 'human.new_dependencies', applies: (i) => (i.impact.new_dependencies.length > 0 ? `adds dependencies: ${i.impact.new_dependencies.join(', ')}` : false) },
  { id: 'human.core_paths', applies: (i) => (i.impact.core_paths.length > 0 ? `touches core paths: ${i.impact.core_paths.join(', ')}` : false) },
  {
    id: 'human.coverage_regression',
    applies: (i, p) => (i.coverageDrop !== undefined && i.coverageDrop > p.human.maxCoverageDrop ? `coverage drops ${i.coverageDrop} points (more than ${p.human.maxCoverageDrop})` : false),
  },
  {
    id: 'human.category_not_auto_approved',
    applies: (i, p) => {
      if (p.autoApprove.categories.includes(i.proposal.category)) return false;
      const safeSecurityFixer = p.autoApprove.safeSecurityFixers && i.proposal.category === 'security' && i.proposal.source.startsWith('fixer:') && i.proposal.safety === 'safe';
      return safeSecurityFixer ? false : `category ${i.proposal.category} is not in the auto-approve list`;
    },
  },
];

export function decide(input: PolicyInput, policy: ValidatorPolicy): PolicyDecision {
  const rejected = REJECT_RULES.flatMap((r) => { const why = r.applies(input, policy); return why ? [{ id: r.id, why }] : []; });
  if (rejected.length > 0) return { outcome: 'auto_reject', rule: rejected[0]!.id, reasons: rejected.map((r) => `${r.id}: ${r.why}`) };
  const human = HUMAN_RULES.flatMap((r) => { const why = r.applies(input, policy); return why ? [{ id: r.id, why }] : []; });
  if (human.length > 0) return { outcome: 'needs_human', rule: human[0]!.id, reasons: human.map((r) => `${r.id}: ${r.why}`) };
  return { outcome: 'auto_approve', rule: 'approve.policy', reasons: ['approve.policy: every check passed and the category may be auto-approved'] };
}

export function recommendationOf(decision: PolicyDecision): 'approve' | 'reject' | 'needs_review' {
  return decision.outcome === 'auto_reject' ? 'reject' : decision.outcome === 'needs_human' ? 'needs_review' : 'approve';
}
