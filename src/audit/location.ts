// Where a project's audit log lives: kept apart from the writer so that reading commands
// (`autonomous audit`) do not load pino and the secret detectors.
import path from 'node:path';
import { STATE_DIR } from '../core/state-store.js';

export const AUDIT_FILE = 'audit.jsonl';
export const AUDIT_LOCK = 'audit.lock';

export function auditLogPath(root: string): string {
  return path.join(root, STATE_DIR, AUDIT_FILE);
}
