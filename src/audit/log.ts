// Appends events to the audit trail, .autonomous/audit.jsonl: one JSON line per event, each line
// carrying the hash of the line before it, so that an edited, deleted or reordered line breaks the
// chain (see chain.ts and verify.ts). Several processes may append to one log: each append reads the
// tail and writes under an exclusive lock file, so the chain stays linear.
//
// Written through pino's destination (sonic-boom: synchronous, O_APPEND, fsync after each write),
// but serialized by us, not by the pino logger: pino 10 always emits its level key (an empty
// `formatters.level` produces `{,"timestamp":…`, measured), and a line must be exactly the event.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { AutonomousError } from '../core/errors.js';
import { AuditEvent, GENESIS_HASH, type AuditEventInput } from '../models/audit-event.js';
import { eventHash, lineHash, serializeEvent } from './chain.js';
import { AUDIT_LOCK, auditLogPath } from './location.js';
import { redactDetails } from './redact.js';

export { AUDIT_FILE, AUDIT_LOCK, auditLogPath } from './location.js';

/** How long an append waits for another process's lock before giving up. */
const LOCK_TIMEOUT_MS = 10_000;
/** A lock file without a readable pid that is older than this was left by a crash mid-create. */
const UNREADABLE_LOCK_STALE_MS = 5_000;
const TAIL_CHUNK = 64 * 1024;

/** An open audit log: open once per process, append many times. */
export class AuditLog {
  readonly file: string;
  private readonly lockFile: string;
  private readonly destination: ReturnType<typeof pino.destination>;
  /** The size of the file after our last append and the hash of its last line, to skip re-reading the tail. */
  private known: { size: number; lastHash: string; endsWithNewline: boolean } | undefined;

  constructor(root: string) {
    this.file = auditLogPath(root);
    this.lockFile = path.join(path.dirname(this.file), AUDIT_LOCK);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.destination = pino.destination({ dest: this.file, sync: true, append: true, mkdir: true, fsync: true });
  }

  /** Redacts, chains and appends one event; returns the event as written. */
  append(input: AuditEventInput): AuditEvent {
    return withLock(this.lockFile, () => {
      const tail = this.readTail();
      const unsigned = {
        timestamp: input.timestamp ?? new Date().toISOString(),
        event_type: input.event_type,
        workflow_id: input.workflow_id,
        proposal_id: input.proposal_id,
        agent: input.agent,
        details: redactDetails(input.details),
        prev_hash: tail.lastHash,
      };
      const event = AuditEvent.parse({ ...unsigned, hash: eventHash(unsigned) });
      const line = serializeEvent(event);
      // a torn last line (a crash mid-write) stays a line of its own, so verify names it
      const text = `${tail.endsWithNewline ? '' : '\n'}${line}\n`;
      this.destination.write(text);
      this.known = { size: tail.size + Buffer.byteLength(text), lastHash: lineHash(line), endsWithNewline: true };
      return event;
    });
  }

  close(): void {
    this.destination.end();
  }

  /** The last line's hash, read from the end of the file (never the whole file). */
  private readTail(): { size: number; lastHash: string; endsWithNewline: boolean } {
    const size = fileSize(this.file);
    if (this.known && this.known.size === size) return this.known;
    if (size === 0) return { size, lastHash: GENESIS_HASH, endsWithNewline: true };
    const fd = fs.openSync(this.file, 'r');
    try {
      let chunk = Math.min(TAIL_CHUNK, size);
      for (;;) {
        const buffer = Buffer.alloc(chunk);
        fs.readSync(fd, buffer, 0, chunk, size - chunk);
        const endsWithNewline = buffer[chunk - 1] === 0x0a;
        const end = endsWithNewline ? chunk - 1 : chunk;
        const start = buffer.lastIndexOf(0x0a, end - 1) + 1;
        if (start > 0 || chunk === size) {
          return { size, lastHash: lineHash(buffer.subarray(start, end)), endsWithNewline };
        }
        chunk = Math.min(chunk * 2, size);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

const openLogs = new Map<string, AuditLog>();

/**
 * Records one event in the audit log of the project at `root`, opening the log on first use in
 * this process. For commands that record a few events; a workflow keeps its own AuditLog.
 */
export function recordAuditEvent(root: string, input: AuditEventInput): AuditEvent {
  const file = auditLogPath(root);
  let log = openLogs.get(file);
  if (!log) {
    log = new AuditLog(root);
    openLogs.set(file, log);
  }
  return log.append(input);
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** Runs `action` holding the lock file (created with O_EXCL, holding our pid). */
function withLock<T>(lockFile: string, action: () => T): T {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStaleLock(lockFile)) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new AutonomousError('E_IO', `could not lock the audit log: ${lockFile} is held by another process`, {
          hint: 'If no other autonomous process is running, delete the lock file.',
        });
      }
      sleepSync(5);
    }
  }
  try {
    return action();
  } finally {
    releaseLock(lockFile);
  }
}

function isStaleLock(lockFile: string): boolean {
  let content: string;
  let mtimeMs: number;
  try {
    content = fs.readFileSync(lockFile, 'utf8').trim();
    mtimeMs = fs.statSync(lockFile).mtimeMs;
  } catch {
    return false; // gone already: the next attempt creates it
  }
  const pid = Number(content);
  if (!Number.isInteger(pid) || pid <= 0) return Date.now() - mtimeMs > UNREADABLE_LOCK_STALE_MS;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function releaseLock(lockFile: string): void {
  try {
    if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.rmSync(lockFile, { force: true });
  } catch {
    // already removed
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
