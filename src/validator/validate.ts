// Runs the five layers on one proposal and assembles the ValidationResult with the policy's
// decision. A Validator holds the TypeScript host for a whole run, so the project's program is
// built once and reused (incrementally) for every proposal validated in it.
import { sha256 } from '../core/hash.js';
import type { Config } from '../core/config.js';
import { AutonomousError } from '../core/errors.js';
import type { Proposal } from '../models/proposal.js';
import { ValidationResult, type LayerVerdict, type ValidationIssue, type ValidationLayer } from '../models/validation.js';
import { proposalFileTexts } from '../proposer/build.js';
import type { ChangedFile, LayerContext, LayerOutcome } from './context.js';
import { runImpactLayer } from './layers/impact.js';
import { runQualityLayer } from './layers/quality.js';
import { runSecurityLayer } from './layers/security.js';
import { runSyntaxLayer } from './layers/syntax.js';
import { runTestsLayer } from './layers/tests.js';
import { decide, recommendationOf } from './policy.js';
import { confidenceScore, riskScore } from './scores.js';
import { createProjectHost, type ProjectHost } from './ts-host.js';

export class Validator {
  private hostInstance: ProjectHost | undefined;

  constructor(
    readonly root: string,
    readonly config: Config,
  ) {}

  /** The run's TypeScript host, built on first use. */
  host(): ProjectHost {
    this.hostInstance ??= createProjectHost(this.root);
    return this.hostInstance;
  }

  dispose(): void {
    this.hostInstance?.dispose();
    this.hostInstance = undefined;
  }

  async validate(proposal: Proposal): Promise<ValidationResult> {
    const texts = proposalFileTexts(this.root, proposal);
    if ('error' in texts) {
      throw new AutonomousError('E_STATE', `${proposal.proposal_id}: cannot be validated: ${texts.error}`, {
        hint: 'The files changed since the proposal was made; run `autonomous propose` again.',
      });
    }
    const files: ChangedFile[] = [...texts].map(([file_path, t]) => ({ file_path, before: t.before, after: t.after }));
    const context: LayerContext = { root: this.root, config: this.config, proposal, files, host: () => this.host() };
    const verdicts: LayerVerdict[] = [];
    const issues: ValidationIssue[] = [];
    const warnings: string[] = [];
    const suggestions: string[] = [];
    const timed = async <T extends LayerOutcome>(layer: ValidationLayer, run: () => T | Promise<T>): Promise<T> => {
      const started = performance.now();
      const outcome = await run();
      verdicts.push({
        layer,
        passed: outcome.passed,
        ...(outcome.skipped ? { skipped: outcome.skipped } : {}),
        summary: outcome.summary,
        duration_ms: Math.round((performance.now() - started) * 10) / 10,
      });
      issues.push(...outcome.issues);
      warnings.push(...outcome.warnings);
      suggestions.push(...outcome.suggestions);
      return outcome;
    };

    const syntax = await timed('syntax', () => runSyntaxLayer(context));
    const security = await timed('security', () => runSecurityLayer(context));
    // Impact reads the unchanged program (call sites of the old exports); quality overlays the new text.
    const impact = await timed('impact', () => runImpactLayer(context));
    const quality = syntax.passed
      ? await timed('quality', () => runQualityLayer(context))
      : await timed('quality', () => ({
          passed: true,
          skipped: 'the new text does not parse',
          summary: 'skipped: the new text does not parse',
          issues: [],
          warnings: [],
          suggestions: [],
          score: 0,
          newTypeErrors: 0,
          skippedTools: [] as string[],
        }));
    const tests = await timed('tests', () => runTestsLayer(context));
    // Keep the layer order of the model in the result.
    verdicts.sort((a, b) => ORDER.indexOf(a.layer) - ORDER.indexOf(b.layer));

    const coverage = tests.coveragePercent;
    const skipped = verdicts.filter((v) => v.skipped).length + quality.skippedTools.length;
    const confidence = confidenceScore({ coveragePercent: coverage, hasTestCases: tests.hasTestCases, source: proposal.source, skipped });
    const risk = riskScore({
      riskLevel: proposal.risk_level,
      breaking: impact.impact.breaking_change,
      callSites: impact.impact.call_sites.length,
      corePath: impact.impact.core_paths.length > 0,
      coveragePercent: coverage,
    });
    const decision = decide(
      {
        proposal,
        files,
        layers: verdicts,
        security_score: security.score,
        quality_score: quality.score,
        confidence,
        impact: impact.impact,
        dangerous: security.dangerous.length,
        newTypeErrors: quality.newTypeErrors,
      },
      this.config.validator,
    );
    const isValid = !issues.some((i) => i.severity === 'error' && (i.layer === 'syntax' || i.layer === 'security' || i.layer === 'quality'));
    return ValidationResult.parse({
      proposal_id: proposal.proposal_id,
      is_valid: isValid,
      approval_recommendation: recommendationOf(decision),
      confidence,
      security_score: security.score,
      quality_score: quality.score,
      risk_score: risk,
      issues,
      warnings,
      suggestions: [...new Set(suggestions)],
      layers: verdicts,
      impact: impact.impact,
      coverage_percent: coverage,
      decision,
      validated_at: new Date().toISOString(),
      file_hashes: Object.fromEntries(files.map((f) => [f.file_path, f.before === null ? null : sha256(f.before)])),
    });
  }
}

const ORDER: readonly ValidationLayer[] = ['syntax', 'security', 'quality', 'impact', 'tests'];
