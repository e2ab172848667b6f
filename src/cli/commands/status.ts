// `autonomous status`: the workflows of this project, their state, step durations and proposal
// outcomes; for a workflow a killed process left implementing or testing, the command that
// restores the person's tree.
import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import type { Workflow } from '../../models/workflow.js';
import { needsRecovery } from '../../orchestrator/state-machine.js';
import { WorkflowStore } from '../../orchestrator/workflow-store.js';
import { colorEnabled, makeChalk } from '../terminal.js';

const chalk = makeChalk(colorEnabled(process.stdout));

interface StatusOptions {
  workflowId?: string;
  json?: boolean;
}

/** Whether the process that ran the workflow is still alive (a live run is not "interrupted"). */
function isAlive(pid: number | null): boolean {
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface WorkflowStatus {
  workflow: Workflow;
  interrupted: boolean;
  /** The command that restores the tree of an interrupted workflow. */
  restore: string | null;
  outcomes: Record<string, number>;
  duration_ms: number;
}

export function describeWorkflow(workflow: Workflow, alive = isAlive(workflow.pid)): WorkflowStatus {
  const interrupted = needsRecovery(workflow.current_state) && !alive;
  const outcomes: Record<string, number> = {};
  for (const o of workflow.outcomes) outcomes[o.outcome] = (outcomes[o.outcome] ?? 0) + 1;
  const restore = interrupted ? (workflow.checkpoint_id ? `autonomous rollback --checkpoint ${workflow.checkpoint_id}` : 'autonomous rollback --latest') : null;
  return { workflow, interrupted, restore, outcomes, duration_ms: workflow.steps.reduce((sum, s) => sum + s.duration_ms, 0) };
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function stateLabel(status: WorkflowStatus): string {
  const state = status.workflow.current_state;
  if (status.interrupted) return chalk.red(`${state} (interrupted)`);
  if (state === 'completed') return chalk.green(state);
  if (state === 'failed' || state === 'rolled_back') return chalk.red(state);
  if (state === 'awaiting_approval') return chalk.yellow(state);
  return state;
}

function outcomeText(outcomes: Record<string, number>): string {
  const parts = Object.entries(outcomes).map(([k, v]) => `${v} ${k.replace('_', ' ')}`);
  return parts.length > 0 ? parts.join(', ') : 'no proposals';
}

export function renderStatusList(statuses: readonly WorkflowStatus[]): string {
  if (statuses.length === 0) return 'No workflows yet. Start one with `autonomous improve <target>`.\n';
  const lines: string[] = [];
  for (const s of statuses) {
    const w = s.workflow;
    lines.push(`${chalk.bold(w.workflow_id)}  ${stateLabel(s)}  ${w.created_at.replace('T', ' ').slice(0, 19)}  ${seconds(s.duration_ms)}  ${outcomeText(s.outcomes)}${w.branch ? `  ${w.branch}` : ''}`);
    if (s.restore) lines.push(`  ${chalk.yellow('!')} a killed run left changes behind; restore with: ${s.restore}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderStatusDetail(s: WorkflowStatus): string {
  const w = s.workflow;
  const lines = [
    `${chalk.bold(w.workflow_id)}  ${stateLabel(s)}`,
    `  request: ${w.user_request}`,
    `  targets: ${w.targets.join(', ') || '.'}`,
  ];
  if (w.base) lines.push(`  base: ${w.base}`);
  if (w.branch) lines.push(`  branch: ${w.branch}`);
  if (w.checkpoint_id) lines.push(`  checkpoint: ${w.checkpoint_id}`);
  if (w.error) lines.push(`  error: ${w.error}`);
  lines.push('  states:');
  for (const h of w.history) lines.push(`    ${h.at.replace('T', ' ').slice(0, 23)}  ${h.to}${h.note ? `  (${h.note})` : ''}`);
  if (w.steps.length > 0) {
    lines.push('  steps:');
    for (const step of w.steps) lines.push(`    ${step.step.padEnd(12)} ${seconds(step.duration_ms)}`);
  }
  const proposals = w.outcomes.filter((o) => o.proposal_id.startsWith('prop_'));
  const unanswered = w.outcomes.filter((o) => !o.proposal_id.startsWith('prop_'));
  if (proposals.length > 0) {
    lines.push('  proposals:');
    for (const o of proposals) lines.push(`    ${o.proposal_id}  ${o.outcome}${o.reason ? `: ${o.reason}` : ''}`);
  }
  if (unanswered.length > 0) {
    lines.push('  findings without a proposal:');
    for (const o of unanswered) lines.push(`    ${o.proposal_id}  ${o.reason ?? ''}`);
  }
  for (const t of w.test_results) lines.push(`  tests: ${JSON.stringify(t)}`);
  if (s.restore) lines.push(`  ${chalk.yellow('!')} a killed run left changes behind; restore with: ${s.restore}`);
  return `${lines.join('\n')}\n`;
}

export function registerStatus(program: Command, root: () => string): void {
  program
    .command('status')
    .description('Show workflows: state, step durations, proposals by outcome, branch, and how to restore an interrupted one.')
    .option('--workflow-id <id>', 'show one workflow in detail')
    .option('--json', 'print JSON')
    .action((options: StatusOptions) => {
      const store = new WorkflowStore(root());
      if (options.workflowId) {
        const status = describeWorkflow(store.load(options.workflowId));
        process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : renderStatusDetail(status));
      } else {
        const statuses = store.list().map((w) => describeWorkflow(w));
        process.stdout.write(options.json ? `${JSON.stringify(statuses, null, 2)}\n` : renderStatusList(statuses));
      }
      process.exitCode = ExitCode.ok;
    });
}
