// The `improve` workflow: scan -> propose -> validate -> approve -> implement -> test over the bus,
// with the orchestrator as a persisted state machine. Every transition is saved before the next
// step starts; a regression found by the tests is traced to the proposal(s) that caused it by
// bisection, so the good proposals are kept; any failure or Ctrl-C restores the person's tree.
import type { Config } from '../core/config.js';
import { MessageBus } from '../core/bus.js';
import { AutonomousError, describeError, ExitCode, isAutonomousError } from '../core/errors.js';
import { AuditLog } from '../audit/log.js';
import { AuditEventType } from '../models/audit-event.js';
import { attachAuditToBus } from '../audit/bus-tap.js';
import { GitRepo } from '../implementer/git.js';
import { registerImplementerAgent } from '../implementer/agent.js';
import { restoreCheckpoint } from '../implementer/checkpoint.js';
import { setInterruptHandler, type InterruptSignal } from '../implementer/signals.js';
import { isAtLeast, severityRank, type Category, type Finding, type Severity } from '../models/finding.js';
import { allRuleMetas } from '../scanner/rule-config.js';
import type { PayloadOf } from '../models/bus-message.js';
import type { Proposal } from '../models/proposal.js';
import { ValidationResult } from '../models/validation.js';
import type { ApprovalDecision, Workflow, WorkflowState } from '../models/workflow.js';
import { registerProposerAgent } from '../proposer/agent.js';
import type { LlmSettings } from '../proposer/llm/index.js';
import { ProposalStore } from '../proposer/store.js';
import { registerScannerAgent } from '../scanner/agent.js';
import { registerTestRunnerAgent } from '../test-runner/agent.js';
import { registerValidatorAgent } from '../validator/agent.js';
import { gateVerdict, type GateMode } from './approval.js';
import { bisectCulprits } from './bisect.js';
import type { ApprovalPrompter } from './prompt.js';
import type { Reporter } from './reporter.js';
import { isTerminal } from './state-machine.js';
import { timeStep, WorkflowStore } from './workflow-store.js';

export interface ImproveOptions {
  root: string;
  config: Config;
  toolVersion: string;
  /** What the person asked for, e.g. `improve src --category error_handling`. */
  userRequest: string;
  targets: string[];
  categories?: Category[];
  minSeverity?: Severity;
  rules?: string[];
  /** Turn on rules that are off by default (security presets). */
  enableRules?: string[];
  maxProposals?: number;
  autoApproveSafe: boolean;
  dangerouslySkipPermissions: boolean;
  dryRun: boolean;
  runTests: boolean;
  push: boolean;
  stay: boolean;
  llm: LlmSettings | undefined;
  reporter: Reporter;
  /** Asks the person about a proposal; undefined without a terminal. */
  prompter?: ApprovalPrompter | undefined;
  /** Continue a workflow left awaiting approval. */
  resume?: string;
}

export interface ImproveOutcome {
  workflow: Workflow;
  exitCode: number;
}

type Request<T extends 'scan_request' | 'proposal_request' | 'validation_request' | 'implementation_request' | 'test_request'> = PayloadOf<T>;

class Interrupted extends Error {
  constructor(readonly signal: InterruptSignal) {
    super(`interrupted by ${signal}`);
  }
}

export async function runImprove(options: ImproveOptions): Promise<ImproveOutcome> {
  const { root, config, reporter: out } = options;
  const store = new WorkflowStore(root);
  const proposals = new ProposalStore(root);
  const git = new GitRepo(root);
  if (!options.dryRun && ((await git.topLevel()) === undefined || (await git.headSha()) === null)) {
    throw new AutonomousError('E_USAGE', `${root} is not a git repository with a commit: improve applies changes on a new branch of it`, {
      hint: 'Run it inside a git repository (git init, then a first commit), or pass --dry-run to see the proposals only.',
    });
  }
  // A workflow awaiting approval is resumed itself; one that went on with what was approved and
  // ended has its waiting proposals continued by a new workflow, which validates them again.
  const earlier = options.resume ? resumable(store, options.resume) : undefined;
  const continued = earlier && earlier.current_state !== 'awaiting_approval' ? earlier : undefined;
  const workflow = earlier && !continued ? earlier : store.create({
    user_request: continued ? `${options.userRequest} (continues ${continued.workflow_id})` : options.userRequest,
    targets: continued ? continued.targets : options.targets,
    target_scope: continued ? continued.target_scope : scopeOf(options.targets),
    options: {
      categories: options.categories ?? null,
      min_severity: options.minSeverity ?? null,
      auto_approve_safe: options.autoApproveSafe,
      dangerously_skip_permissions: options.dangerouslySkipPermissions,
      max_proposals: options.maxProposals ?? null,
      llm: options.llm ? `${options.llm.provider}/${options.llm.model}` : null,
    },
    auto_approve_low_risk: options.autoApproveSafe,
    require_tests: options.runTests,
    dry_run: options.dryRun,
  });
  workflow.pid = process.pid;
  store.save(workflow);
  const id = workflow.workflow_id;

  const audit = new AuditLog(root);
  const bus = new MessageBus();
  const detach = [
    attachAuditToBus(bus, audit, id),
    registerScannerAgent(bus, { root, config, toolVersion: options.toolVersion }),
    registerProposerAgent(bus, { root, config, toolVersion: options.toolVersion, llm: options.llm }),
    registerValidatorAgent(bus, { root, config }),
    registerImplementerAgent(bus, {
      root,
      config,
      onEvent: (event) => audit.append({ event_type: AuditEventType.catch('implementation_completed').parse(event.type), workflow_id: id, proposal_id: null, agent: 'implementer', details: { ...event } }),
    }),
    registerTestRunnerAgent(bus, { root, config }),
  ];
  const record = (event_type: AuditEventType, details: Record<string, unknown>, proposal_id: string | null = null): void => {
    audit.append({ event_type, workflow_id: id, proposal_id, agent: 'orchestrator', details });
  };
  const move = (to: WorkflowState, note?: string): void => {
    const from = workflow.current_state;
    store.transition(workflow, to, note);
    record('workflow_state_changed', { from, to, ...(note ? { note } : {}) });
  };
  const ask = async <Q extends 'scan_request' | 'proposal_request' | 'validation_request' | 'implementation_request' | 'test_request', R extends 'scan_result' | 'proposal_generated' | 'validation_result' | 'implementation_result' | 'test_result'>(
    type: Q,
    payload: Request<Q>,
    reply: R,
    recipient: 'scanner' | 'proposer' | 'validator' | 'implementer' | 'test_runner',
  ): Promise<PayloadOf<R>> => {
    const message = await bus.request({ type, payload, sender: 'orchestrator', recipient, correlationId: id } as never, reply);
    return message.payload as PayloadOf<R>;
  };

  let interrupted: InterruptSignal | undefined;
  const previousHandler = setInterruptHandler((signal) => {
    if (interrupted === undefined) process.stderr.write(`\nautonomous: ${signal} received: stopping after the current step and restoring your tree...\n`);
    interrupted ??= signal;
    return true;
  });
  const checkInterrupt = (): void => {
    if (interrupted) throw new Interrupted(interrupted);
  };

  const base = (await git.currentBranch()) ?? (await git.headSha());
  const baseSha = await git.headSha();
  if (!options.resume || continued) {
    workflow.base = base;
    out.line('ORCHESTRATOR', continued ? `Starting workflow: ${id} (continues the proposals awaiting approval in ${continued.workflow_id})` : `Starting workflow: ${id}`);
    record('workflow_started', { request: workflow.user_request, targets: workflow.targets, ...(continued ? { continues: continued.workflow_id } : {}) });
  } else {
    out.line('ORCHESTRATOR', `Resuming workflow: ${id}`);
  }

  try {
    let candidates: Proposal[];
    let deferred: string[] = [];
    if (!options.resume) {
      // 1. Scan.
      move('scanning');
      const stop = out.start('SCANNER', `Scanning ${options.targets.join(', ')}...`);
      const scan = await timeStep(workflow, 'scan', () =>
        ask('scan_request', { targets: options.targets, ...(options.categories ? { categories: options.categories } : {}), ...(options.rules ? { rules: options.rules } : {}), ...(options.enableRules ? { enable_rules: options.enableRules } : {}) }, 'scan_result', 'scanner'),
      ).finally(stop);
      checkInterrupt();
      let findings = scan.report.findings;
      if (options.minSeverity) findings = findings.filter((f) => isAtLeast(f.severity, options.minSeverity!));
      workflow.finding_ids = findings.map((f) => f.finding_id);
      store.save(workflow);
      out.line('SCANNER', `Found ${findings.length} issue${findings.length === 1 ? '' : 's'}${findings.length > 0 ? ':' : ''}`);
      for (const f of [...findings].sort(bySeverity).slice(0, 12)) out.detail(`- ${firstSentence(f.description)} (${f.file_path}:${f.line_number}) [${f.severity.toUpperCase()}]`);
      if (findings.length > 12) out.detail(`... and ${findings.length - 12} more`);
      if (findings.length === 0) {
        move('completed', 'nothing to improve');
        return finish(workflow, ExitCode.ok);
      }

      // 2. Propose.
      move('proposing');
      const selected = selectFindings(findings, options.maxProposals, options.llm !== undefined);
      const stopProposer = out.start('PROPOSER', 'Generating proposals...');
      const generated = await timeStep(workflow, 'propose', () =>
        ask('proposal_request', { finding_ids: selected.map((f) => f.finding_id), findings: selected }, 'proposal_generated', 'proposer'),
      ).finally(stopProposer);
      checkInterrupt();
      candidates = generated.proposal_ids.map((pid) => proposals.load(pid));
      workflow.proposal_ids = candidates.map((p) => p.proposal_id);
      // Findings without a proposal are kept under their finding id, with the reason.
      for (const s of generated.skipped) workflow.outcomes.push({ proposal_id: s.finding_id, outcome: 'skipped', reason: s.reason });
      store.save(workflow);
      out.line('PROPOSER', `Created ${candidates.length} proposal${candidates.length === 1 ? '' : 's'}${candidates.length > 0 ? ':' : ''}`);
      for (const p of candidates) out.detail(`- ${p.proposal_id}: ${p.title} [${p.risk_level.toUpperCase()} RISK]`);
      if (generated.skipped.length > 0) out.detail(`(${generated.skipped.length} finding(s) without a proposal: see \`autonomous status --workflow-id ${id}\`)`);
      if (candidates.length === 0) {
        move('completed', 'no proposals');
        return finish(workflow, ExitCode.ok);
      }

      // 3. Validate.
      move('validating');
      await validateAll(candidates);
      candidates = candidates.map((p) => proposals.load(p.proposal_id));
      move('awaiting_approval');
    } else if (continued) {
      const waiting = continued.outcomes.filter((o) => o.outcome === 'awaiting_approval');
      candidates = waiting.map((o) => proposals.load(o.proposal_id));
      workflow.proposal_ids = candidates.map((p) => p.proposal_id);
      // The earlier workflow hands them over, so they are not continued twice.
      continued.outcomes = continued.outcomes.map((o) => (o.outcome === 'awaiting_approval' ? { ...o, outcome: 'skipped' as const, reason: `continued in ${id}` } : o));
      store.save(continued);
      move('validating', `continues ${continued.workflow_id}`);
      await validateAll(candidates);
      candidates = candidates.map((p) => proposals.load(p.proposal_id));
      move('awaiting_approval');
    } else {
      candidates = workflow.outcomes.filter((o) => o.outcome === 'awaiting_approval').map((o) => proposals.load(o.proposal_id));
      workflow.outcomes = workflow.outcomes.filter((o) => o.outcome !== 'awaiting_approval');
    }

    // 4. Approve.
    const mode: GateMode = {
      autoApproveSafe: options.autoApproveSafe,
      dangerouslySkipPermissions: options.dangerouslySkipPermissions,
      interactive: options.prompter !== undefined,
    };
    if (options.dangerouslySkipPermissions) out.line('APPROVAL', out.chalk.red('--dangerously-skip-permissions: approving every valid proposal without asking (policy rejections still stand)'));
    const approved: Proposal[] = [];
    const decide = (p: Proposal, d: ApprovalDecision): void => {
      workflow.decisions.push(d);
      workflow.outcomes.push({ proposal_id: p.proposal_id, outcome: d.approved ? 'approved' : 'rejected', ...(d.feedback ? { reason: d.feedback } : {}) });
      record('approval_decision', { approved: d.approved, decided_by: d.decided_by, ...(d.feedback ? { feedback: d.feedback } : {}) }, p.proposal_id);
      proposals.save({ ...p, status: d.approved ? 'approved' : 'rejected' });
      if (d.approved) approved.push(p);
    };
    const asking: Proposal[] = [];
    for (const p of candidates) {
      const verdict = gateVerdict(p, validationOf(p), mode);
      if (verdict.kind === 'decided') decide(p, verdict.decision);
      else if (verdict.kind === 'ask') asking.push(p);
      else {
        deferred.push(p.proposal_id);
        workflow.outcomes.push({ proposal_id: p.proposal_id, outcome: 'awaiting_approval', reason: verdict.reason });
      }
    }
    const autoApproved = approved.length;
    if (autoApproved > 0) out.line('APPROVAL', `${autoApproved} proposal(s) approved by policy`);
    if (asking.length > 0 && options.prompter) {
      out.line('APPROVAL', `Requesting human approval for ${asking.length} proposal${asking.length === 1 ? '' : 's'}...`);
      const answers = await options.prompter.review(asking, (p) => validationOf(p));
      for (const a of answers.decided) decide(a.proposal, a.decision);
      for (const p of answers.undecided) {
        deferred.push(p.proposal_id);
        workflow.outcomes.push({ proposal_id: p.proposal_id, outcome: 'awaiting_approval', reason: 'stopped before a decision' });
      }
    }
    store.save(workflow);
    checkInterrupt();
    if (deferred.length > 0) {
      out.line('APPROVAL', `${deferred.length} proposal(s) await a person:`);
      for (const pid of deferred) out.detail(`- ${pid}: ${workflow.outcomes.find((o) => o.proposal_id === pid)?.reason ?? ''}`);
    }
    if (approved.length === 0) {
      if (deferred.length > 0) {
        out.line('ORCHESTRATOR', `Waiting for approval. Review on a terminal with: autonomous improve --resume ${id}`);
        return finish(workflow, ExitCode.failed);
      }
      move('completed', 'nothing approved');
      return summary(options, workflow, base, null, deferred);
    }

    // 5. Implement (one branch for all approved proposals) and 6. test.
    if (options.dryRun) {
      out.line('IMPLEMENTER', `Dry run: ${approved.length} approved proposal(s) would be applied on a new branch; nothing changed.`);
      for (const p of approved) out.raw(p.diff);
      move('implementing', 'dry run');
      move('completed', 'dry run');
      return summary(options, workflow, base, null, deferred);
    }
    const dirty = new Set((await git.statusPorcelain()).map((e) => e.path));
    const applicable = approved.filter((p) => {
      const touched = p.edits.map((e) => e.file_path).filter((f) => dirty.has(f));
      if (touched.length === 0) return true;
      setOutcome(workflow, p.proposal_id, 'skipped', `${touched.join(', ')} has uncommitted changes; commit or stash them and run again`);
      return false;
    });
    // Proposals of one file apply in sequence, each re-located by its old text after the ones before
    // it; one whose code an earlier proposal already changed is skipped with the reason.
    if (applicable.length > 1) {
      const fits: Proposal[] = [];
      for (const p of applicable) {
        const check = await ask('implementation_request', { proposal_ids: [...fits, p].map((x) => x.proposal_id), dry_run: true, allow_dirty: true, allow_relocate: true }, 'implementation_result', 'implementer');
        if (check.success) fits.push(p);
        else setOutcome(workflow, p.proposal_id, 'skipped', `does not apply together with the proposals before it: ${check.error ?? 'conflict'}`);
      }
      applicable.splice(0, applicable.length, ...fits);
    }
    if (applicable.length === 0) {
      move('completed', 'no approved proposal can be applied');
      return summary(options, workflow, base, null, deferred);
    }
    move('implementing');
    let kept = await implementSet(applicable, undefined);
    if (!kept) {
      move('failed', 'implementation failed');
      return finish(workflow, ExitCode.failed);
    }
    if (options.runTests) {
      move('testing');
      const passing = await testCurrent(applicable);
      if (!passing) {
        await leaveAutoBranch(kept.branch, true);
        let good: Proposal[] = [];
        let culprits: Proposal[] = [...applicable];
        if (applicable.length > 1) {
          out.line('ORCHESTRATOR', `Tests regressed: finding which of the ${applicable.length} proposals broke them...`);
          move('implementing', 'bisection');
          let attempt = 0;
          const result = await bisectCulprits(applicable, async (subset) => {
            attempt++;
            const trial = await implementSet(subset, `${kept!.branch}-bisect-${attempt}`, true);
            if (!trial) return false;
            const ok = await testCurrent(subset, true);
            await leaveAutoBranch(trial.branch, true);
            return ok;
          });
          good = result.good;
          culprits = result.culprits;
          move('testing', `bisection: ${culprits.length} culprit(s) in ${result.runs} run(s)`);
        }
        for (const p of culprits) {
          setOutcome(workflow, p.proposal_id, 'rolled_back', 'its change made tests fail that passed before');
          proposals.save({ ...proposals.load(p.proposal_id), status: 'rolled_back' });
        }
        if (good.length === 0) {
          workflow.branch = null;
          move('rolled_back', 'every proposal broke the tests');
          return summary(options, workflow, base, null, deferred);
        }
        move('implementing', `keeping ${good.length} proposal(s)`);
        kept = await implementSet(good, kept.branch);
        if (!kept) {
          move('failed', 'implementation of the proposals that pass failed');
          return finish(workflow, ExitCode.failed);
        }
        move('testing');
        if (!(await testCurrent(good))) {
          await leaveAutoBranch(kept.branch, true);
          for (const p of good) setOutcome(workflow, p.proposal_id, 'rolled_back', 'the tests still fail with the remaining proposals');
          workflow.branch = null;
          move('rolled_back', 'tests still fail');
          return summary(options, workflow, base, null, deferred);
        }
        for (const p of good) setOutcome(workflow, p.proposal_id, 'implemented');
      } else {
        for (const p of applicable) setOutcome(workflow, p.proposal_id, 'implemented');
      }
    } else {
      for (const p of applicable) setOutcome(workflow, p.proposal_id, 'implemented');
    }
    if (!options.stay) await leaveAutoBranch(kept.branch, false);
    if (options.push) {
      const pushed = await git.tryRun(['push', '-q', config.implement.remote, `refs/heads/${kept.branch}:refs/heads/${kept.branch}`]);
      out.line('IMPLEMENTER', pushed === undefined ? out.chalk.red(`Push of ${kept.branch} to ${config.implement.remote} failed; push it yourself.`) : `Pushed ${kept.branch} to ${config.implement.remote}`);
    }
    move('completed');
    return summary(options, workflow, base, kept.branch, deferred);
  } catch (error) {
    // Ctrl-C while the implementer applied: it restored its checkpoint and says so with exit 130.
    const signal = error instanceof Interrupted ? error.signal : isAutonomousError(error) && error.exitCode === ExitCode.interrupted ? (interrupted ?? 'SIGINT') : undefined;
    const reason = signal ? `interrupted by ${signal}` : describeError(error);
    await recover();
    workflow.error = reason;
    if (!isTerminal(workflow.current_state)) move('failed', reason);
    out.line('ORCHESTRATOR', out.chalk.red(`Workflow failed: ${reason}`));
    if (workflow.checkpoint_id) out.detail(`Your tree was restored from checkpoint ${workflow.checkpoint_id}.`);
    if (signal) return finish(workflow, signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated);
    if (error instanceof AutonomousError && error.exitCode === ExitCode.usage) throw error;
    return finish(workflow, ExitCode.failed);
  } finally {
    setInterruptHandler(previousHandler);
    for (const d of detach) d();
  }

  // Helpers that share the run's state.

  async function validateAll(list: readonly Proposal[]): Promise<void> {
    out.line('VALIDATOR', 'Validating proposals...');
    await timeStep(workflow, 'validate', async () => {
      for (const p of list) {
        await ask('validation_request', { proposal_id: p.proposal_id }, 'validation_result', 'validator');
        checkInterrupt();
        const v = validationOf(proposals.load(p.proposal_id));
        const verdict = v.approval_recommendation === 'approve' ? out.chalk.green('APPROVED') : v.approval_recommendation === 'reject' ? out.chalk.red('REJECTED') : out.chalk.yellow('NEEDS REVIEW');
        out.line('VALIDATOR', `${p.proposal_id}: ${verdict} (security: ${v.security_score.toFixed(2)}, quality: ${v.quality_score.toFixed(2)}, risk: ${v.risk_score.toFixed(2)})${v.approval_recommendation === 'approve' ? '' : ` - ${v.decision.reasons[0] ?? v.decision.rule}`}`);
      }
    });
  }

  async function implementSet(set: readonly Proposal[], branch: string | undefined, trial = false): Promise<{ branch: string } | undefined> {
    // Trial runs of the bisection re-apply proposals already applied once: they are approved again.
    for (const p of set) {
      const saved = proposals.load(p.proposal_id);
      if (saved.status === 'implemented' || saved.status === 'rolled_back') proposals.save({ ...saved, status: 'approved' });
    }
    const stop = out.start('IMPLEMENTER', trial ? `Trying ${set.length} proposal(s) on ${branch}...` : `Applying ${set.length} change${set.length === 1 ? '' : 's'}...`);
    const result = await timeStep(workflow, trial ? 'bisect-apply' : 'implement', () =>
      ask(
        'implementation_request',
        { proposal_ids: set.map((p) => p.proposal_id), dry_run: false, stay: true, allow_dirty: true, allow_relocate: true, ...(branch ? { branch } : {}) },
        'implementation_result',
        'implementer',
      ),
    ).finally(stop);
    checkInterrupt();
    if (!result.success || !result.branch) {
      out.line('IMPLEMENTER', out.chalk.red(`Could not apply: ${result.error ?? 'unknown error'}`));
      workflow.error = result.error ?? 'implementation failed';
      return undefined;
    }
    if (!trial) {
      workflow.branch = result.branch;
      workflow.checkpoint_id = result.checkpoint_id ?? null;
      workflow.implementations.push({
        success: true,
        dry_run: false,
        proposal_ids: set.map((p) => p.proposal_id),
        branch: result.branch,
        base: result.base ?? String(base),
        commit: result.commit ?? null,
        files: result.files,
        checkpoint_id: result.checkpoint_id ?? null,
        duration_ms: workflow.steps[workflow.steps.length - 1]?.duration_ms ?? 0,
        rolled_back: false,
      });
      store.save(workflow);
      out.line('IMPLEMENTER', `Created branch: ${result.branch}`);
      const counts = new Map<string, number>();
      for (const p of set) for (const e of p.edits) counts.set(e.file_path, (counts.get(e.file_path) ?? 0) + 1);
      for (const [file, n] of counts) out.detail(`- Modified ${file} (${n} location${n === 1 ? '' : 's'})`);
      const subject = (await git.tryRun(['log', '-1', '--format=%s', result.commit ?? result.branch]))?.trim();
      if (subject) out.line('IMPLEMENTER', `Committed: ${subject}`);
    }
    return { branch: result.branch };
  }

  async function testCurrent(set: readonly Proposal[], trial = false): Promise<boolean> {
    const stop = out.start('TEST_RUNNER', trial ? 'Running tests on the trial...' : 'Running tests...');
    const result = await timeStep(workflow, trial ? 'bisect-test' : 'test', () =>
      ask('test_request', { changed_files: [...new Set(set.flatMap((p) => p.edits.map((e) => e.file_path)))], ...(baseSha ? { baseline_commit: baseSha } : {}) }, 'test_result', 'test_runner'),
    ).finally(stop);
    checkInterrupt();
    if (result.error) {
      out.line('TEST_RUNNER', out.chalk.yellow(`Tests not run: ${result.error}`));
      if (!trial) workflow.test_results.push({ error: result.error });
      store.save(workflow);
      return true;
    }
    const coverage = result.coverage_percent === null || result.coverage_percent === undefined ? '' : ` (coverage: ${result.coverage_percent}%)`;
    const ok = !result.regression_detected;
    const mark = ok ? out.chalk.green('✓') : out.chalk.red('✗');
    out.line('TEST_RUNNER', `${mark} ${result.passed} passed, ${result.failed} failed${coverage}${result.regression_detected ? `, regressions: ${(result.new_failures ?? []).join(', ') || 'suite failed'}` : ''}`);
    if (!trial) {
      workflow.test_results.push({ passed: result.passed, failed: result.failed, regression_detected: result.regression_detected, new_failures: result.new_failures ?? [], log_file: result.log_file ?? null });
      store.save(workflow);
    }
    return ok;
  }

  /** Back to where the person started; `discard` deletes the auto branch too. */
  async function leaveAutoBranch(branch: string, discard: boolean): Promise<void> {
    if ((await git.currentBranch()) === branch) {
      if (workflow.base && (await git.resolve(`refs/heads/${workflow.base}`))) await git.run(['switch', '-q', workflow.base]);
      else if (baseSha) await git.run(['switch', '-q', '--detach', baseSha]);
    }
    if (discard) await git.tryRun(['branch', '-D', branch]);
  }

  /** After a failure or Ctrl-C: back on the base branch with the tree as the checkpoint had it. */
  async function recover(): Promise<void> {
    try {
      const current = await git.currentBranch();
      const onAuto = current !== null && current !== workflow.base && current.startsWith(config.implement.branchPrefix);
      if (onAuto && workflow.checkpoint_id) {
        // Only the files the run wrote: anything else the person created meanwhile is theirs.
        const written = workflow.implementations[workflow.implementations.length - 1]?.files;
        await restoreCheckpoint(root, workflow.checkpoint_id, written ? { paths: written } : {});
      } else if (onAuto) {
        await leaveAutoBranch(current, false);
      }
    } catch (error) {
      out.line('ORCHESTRATOR', out.chalk.red(`Could not restore automatically (${describeError(error)}); run: autonomous rollback --latest`));
    }
  }
}

function finish(workflow: Workflow, exitCode: number): ImproveOutcome {
  return { workflow, exitCode };
}

function summary(options: ImproveOptions, workflow: Workflow, base: string | null, branch: string | null, deferred: string[]): ImproveOutcome {
  const out = options.reporter;
  const count = (outcome: string): number => workflow.outcomes.filter((o) => o.outcome === outcome).length;
  const lastTest = workflow.test_results[workflow.test_results.length - 1];
  const tests = !options.runTests ? 'not run (--no-tests)' : lastTest === undefined ? 'not run' : 'error' in lastTest ? `not run (${String(lastTest.error)})` : lastTest.regression_detected ? 'FAILING' : 'PASSING';
  const rolledBack = workflow.outcomes.filter((o) => o.outcome === 'rolled_back');
  out.raw('');
  out.line('ORCHESTRATOR', `Workflow ${workflow.current_state === 'completed' ? 'complete' : workflow.current_state.replace('_', ' ')}! Summary:`);
  out.detail(`- Found: ${workflow.finding_ids.length} issues`);
  out.detail(`- Proposed: ${workflow.proposal_ids.length} fixes`);
  out.detail(`- Implemented: ${count('implemented')} changes`);
  if (count('rejected') > 0) out.detail(`- Rejected: ${count('rejected')}`);
  if (rolledBack.length > 0) {
    out.detail(`- Rolled back: ${rolledBack.length}`);
    for (const r of rolledBack) out.detail(`    ${r.proposal_id}: ${r.reason ?? ''}`);
  }
  if (deferred.length > 0) out.detail(`- Awaiting approval: ${deferred.length}`);
  out.detail(`- Tests: ${tests}`);
  if (branch) out.detail(`- Branch: ${branch}`);
  if (options.dryRun) out.detail('- Dry run: nothing was changed');
  if (branch || deferred.length > 0) {
    out.raw('\nNext steps:');
    let n = 1;
    if (branch) {
      out.raw(`  ${n++}. Review changes: git diff ${base ?? 'HEAD'}..${branch}`);
      out.raw(`  ${n++}. Merge when happy: git merge ${branch}`);
    }
    if (deferred.length > 0) {
      // A workflow that went on with what was approved has ended; the rest are applied one by one.
      out.raw(`  ${n++}. Decide the proposals awaiting approval on a terminal: autonomous improve --resume ${workflow.workflow_id}`);
    }
  }
  return { workflow, exitCode: deferred.length > 0 ? ExitCode.failed : ExitCode.ok };
}

function resumable(store: WorkflowStore, id: string): Workflow {
  const workflow = store.load(id);
  const waiting = workflow.outcomes.some((o) => o.outcome === 'awaiting_approval');
  if (workflow.current_state !== 'awaiting_approval' && !(isTerminal(workflow.current_state) && waiting)) {
    throw new AutonomousError('E_USAGE', `${id} is ${workflow.current_state} and has no proposals awaiting approval; nothing to resume`, { hint: 'Run `autonomous status` to see the workflows.' });
  }
  return workflow;
}

function validationOf(p: Proposal): ValidationResult {
  const parsed = ValidationResult.safeParse(p.validation);
  if (!parsed.success) throw new AutonomousError('E_STATE', `${p.proposal_id} has no validation result`, { hint: `Run: autonomous validate ${p.proposal_id}` });
  return parsed.data;
}

function setOutcome(workflow: Workflow, proposalId: string, outcome: Workflow['outcomes'][number]['outcome'], reason?: string): void {
  workflow.outcomes = workflow.outcomes.filter((o) => o.proposal_id !== proposalId);
  workflow.outcomes.push({ proposal_id: proposalId, outcome, ...(reason ? { reason } : {}) });
}

function scopeOf(targets: readonly string[]): Workflow['target_scope'] {
  if (targets.length === 0 || targets.includes('.')) return 'codebase';
  return targets.every((t) => /\.[a-z]+$/i.test(t)) ? 'file' : 'directory';
}

/**
 * The findings to propose for, at most `max`: those a source can answer first (a built-in fixer or
 * TypeScript fix, or any with an LLM), then by severity, so a limit is not spent on findings that
 * can only be skipped.
 */
function selectFindings(findings: readonly Finding[], max: number | undefined, llm: boolean): Finding[] {
  const fixable = new Set(allRuleMetas().filter((m) => m.fixable).map((m) => m.id));
  const answerable = (f: Finding): number => (llm || fixable.has(f.rule_id) ? 1 : 0);
  const sorted = [...findings].sort((a, b) => answerable(b) - answerable(a) || bySeverity(a, b));
  return max === undefined ? sorted : sorted.slice(0, max);
}

function bySeverity(a: Finding, b: Finding): number {
  return severityRank[b.severity] - severityRank[a.severity] || a.file_path.localeCompare(b.file_path) || a.line_number - b.line_number;
}

function firstSentence(text: string): string {
  const cut = text.split(/(?<=[.:;])\s/)[0] ?? text;
  return cut.length > 100 ? `${cut.slice(0, 97)}...` : cut;
}
