// Workflows under `.autonomous/workflows/<id>.json`. Every state change is written (atomically and
// durably) before the next step starts, so a killed process leaves a workflow whose state says
// exactly what was under way and what to undo.
import fs from 'node:fs';
import { AutonomousError } from '../core/errors.js';
import { StateStore } from '../core/state-store.js';
import { Workflow, WorkflowId, type WorkflowState } from '../models/workflow.js';
import { assertTransition } from './state-machine.js';

const DIR = 'workflows';

function stamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}_${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}

export type NewWorkflow = Omit<Workflow, 'workflow_id' | 'created_at' | 'updated_at' | 'current_state' | 'history' | 'steps' | 'finding_ids' | 'proposal_ids' | 'approved_proposals' | 'decisions' | 'outcomes' | 'implementations' | 'test_results' | 'checkpoint_id' | 'branch' | 'base' | 'error' | 'pid'> &
  Partial<Pick<Workflow, 'pid'>>;

export class WorkflowStore {
  private readonly store: StateStore;

  constructor(root: string) {
    this.store = new StateStore(root);
  }

  private file(id: string): string {
    return `${DIR}/${id}.json`;
  }

  /** Creates a workflow in state `pending` with an id in the design's form, unique in this project. */
  create(init: NewWorkflow, now = new Date()): Workflow {
    this.store.ensure();
    fs.mkdirSync(this.store.path(DIR), { recursive: true });
    const base = `wf_${stamp(now)}`;
    let id = base;
    for (let n = 2; ; n++) {
      // O_EXCL claims the id, so two runs started in the same second get different ones.
      try {
        fs.closeSync(fs.openSync(this.store.path(this.file(id)), 'wx'));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        id = `${base}_${n}`;
      }
    }
    const at = now.toISOString();
    const workflow = Workflow.parse({
      ...init,
      workflow_id: id,
      created_at: at,
      updated_at: at,
      current_state: 'pending',
      history: [{ from: null, to: 'pending', at }],
      pid: init.pid ?? process.pid,
    });
    this.save(workflow);
    return workflow;
  }

  save(workflow: Workflow): void {
    workflow.updated_at = new Date().toISOString();
    this.store.writeJson(this.file(workflow.workflow_id), Workflow.parse(workflow));
  }

  /** Moves the workflow to `to` (a legal transition only) and saves it before returning. */
  transition(workflow: Workflow, to: WorkflowState, note?: string): void {
    assertTransition(workflow.current_state, to);
    workflow.history.push({ from: workflow.current_state, to, at: new Date().toISOString(), ...(note ? { note } : {}) });
    workflow.current_state = to;
    this.save(workflow);
  }

  load(id: string): Workflow {
    if (!WorkflowId.safeParse(id).success) {
      throw new AutonomousError('E_USAGE', `${id}: not a workflow id (expected wf_YYYYMMDD_HHMMSS)`, { hint: 'Run `autonomous status` to list workflows.' });
    }
    const workflow = this.store.readJson(this.file(id), Workflow);
    if (!workflow) throw new AutonomousError('E_USAGE', `${id}: no such workflow`, { hint: 'Run `autonomous status` to list workflows.' });
    return workflow;
  }

  /** All workflows, oldest first; files that are not workflows are ignored. */
  list(): Workflow[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.store.path(DIR));
    } catch {
      return [];
    }
    const out: Workflow[] = [];
    for (const name of names.sort()) {
      const id = name.replace(/\.json$/, '');
      if (!name.endsWith('.json') || !WorkflowId.safeParse(id).success) continue;
      try {
        const workflow = this.store.readJson(this.file(id), Workflow);
        if (workflow) out.push(workflow);
      } catch {
        // A file claimed by a run killed before its first save: nothing to list.
      }
    }
    return out;
  }
}

/** Runs one step, recording when it started and how long it took on the workflow. */
export async function timeStep<T>(workflow: Workflow, step: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } finally {
    workflow.steps.push({ step, started_at: new Date(started).toISOString(), duration_ms: Date.now() - started });
  }
}
