// Checks the audit log's hash chain, streaming it line by line: every line parses as an audit
// event, carries the hash of the line before it, and its own hash matches its content. The first
// line that does not is named, 1-based, so an edited, deleted, inserted or reordered line is found.
import fs from 'node:fs';
import readline from 'node:readline';
import { AuditEvent, GENESIS_HASH } from '../models/audit-event.js';
import { eventHash, lineHash } from './chain.js';

export type AuditVerification = { ok: true; lines: number } | { ok: false; line: number; reason: string };

/** Verifies `file`; a missing file is an intact, empty log. */
export async function verifyAuditLog(file: string): Promise<AuditVerification> {
  if (!(await fileExists(file))) return { ok: true, lines: 0 };
  const verifier = new ChainVerifier();
  const input = fs.createReadStream(file);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const failure = verifier.next(line);
      if (failure) return failure;
    }
  } finally {
    lines.close();
    input.destroy();
  }
  return { ok: true, lines: verifier.count };
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.promises.access(file);
    return true;
  } catch {
    return false;
  }
}

/** The pure part: fed one line at a time, says whether the chain still holds. */
export class ChainVerifier {
  count = 0;
  private previous = GENESIS_HASH;

  next(line: string): { ok: false; line: number; reason: string } | undefined {
    const number = ++this.count;
    const fail = (reason: string): { ok: false; line: number; reason: string } => ({ ok: false, line: number, reason });
    if (line.trim() === '') return fail('empty line');
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return fail('not valid JSON');
    }
    const parsed = AuditEvent.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(`not an audit event: ${issue?.path.join('.') || '(line)'}: ${issue?.message ?? 'invalid'}`);
    }
    const event = parsed.data;
    if (event.prev_hash !== this.previous) {
      return fail(number === 1 ? 'the first line does not start the chain (a line before it was removed)' : 'prev_hash does not match the previous line (a line was removed, inserted, reordered or edited before it)');
    }
    // hash over the parsed JSON, not the zod output: a field zod would strip must still count
    if (eventHash(value as AuditEvent) !== event.hash) return fail('hash does not match the line content (the line was edited)');
    this.previous = lineHash(line);
    return undefined;
  }
}
