// Writes the implementer's events (checkpoints, implementations, rollbacks) to the audit log as
// the CLI's own events. The implementer functions only call an `onEvent` callback; this is the
// callback the commands pass, so the functions stay usable without an audit log (tests, workflows
// that keep their own AuditLog).
import { recordCliEvent } from '../audit/events.js';
import type { AuditEventType } from '../models/audit-event.js';
import type { ImplementerEvent } from './implement.js';

const TYPE_OF: Record<string, AuditEventType> = {
  checkpoint_created: 'checkpoint_created',
  implementation_committed: 'implementation_completed',
  implementation_rolled_back: 'implementation_completed',
  branch_pushed: 'implementation_completed',
  checkpoint_restored: 'rollback',
  interrupted_run_restored: 'rollback',
  branch_moved_back: 'rollback',
  checkpoints_pruned: 'rollback',
};

/** An onEvent callback recording each event in `root`'s audit log (failures only warn). */
export function auditRecorder(root: string): (event: ImplementerEvent) => void {
  return (event) => {
    const { type, ...rest } = event;
    recordCliEvent(root, { event_type: TYPE_OF[type] ?? 'rollback', details: { action: type, ...rest } });
  };
}
