// What `autonomous audit` does once its flags are parsed: read the log line by line, keep the
// events that match the filters, and render them; or verify the chain and decide the exit code.
import fs from 'node:fs';
import readline from 'node:readline';
import { auditLogPath } from '../../audit/location.js';
import { verifyAuditLog } from '../../audit/verify.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { AUDIT_EVENT_TYPES, AuditEvent, AuditEventType } from '../../models/audit-event.js';
import { colorEnabled, makeChalk } from '../terminal.js';

export interface AuditFlags {
  workflowId?: string;
  since?: string;
  type?: string;
  json?: boolean;
  verify?: boolean;
}

export interface AuditFilter {
  workflowId?: string;
  since?: Date;
  type?: AuditEventType;
}

export async function runAuditCommand(flags: AuditFlags, root: string, now = new Date()): Promise<number> {
  const filter = parseFilter(flags, now);
  const file = auditLogPath(root);
  if (!(await fs.promises.stat(file).then(() => true, () => false))) {
    process.stdout.write('no audit log yet\n');
    return ExitCode.ok;
  }
  if (flags.verify) {
    const result = await verifyAuditLog(file);
    if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else if (result.ok) process.stdout.write(`audit log intact: ${result.lines} events\n`);
    else process.stdout.write(`audit log broken at line ${result.line}: ${result.reason}\n`);
    return result.ok ? ExitCode.ok : ExitCode.findings;
  }
  const { events, unreadable } = await readAuditEvents(file, filter);
  if (flags.json) {
    for (const event of events) process.stdout.write(`${JSON.stringify(event)}\n`);
  } else {
    process.stdout.write(renderAuditEvents(events));
  }
  if (unreadable > 0) {
    process.stderr.write(`autonomous: ${unreadable} line(s) of ${file} are not audit events and were skipped; run \`autonomous audit --verify\`\n`);
  }
  return ExitCode.ok;
}

export function parseFilter(flags: AuditFlags, now: Date): AuditFilter {
  const filter: AuditFilter = {};
  if (flags.workflowId !== undefined) filter.workflowId = flags.workflowId;
  if (flags.since !== undefined) filter.since = parseSince(flags.since, now);
  if (flags.type !== undefined) {
    const parsed = AuditEventType.safeParse(flags.type);
    if (!parsed.success) throw new AutonomousError('E_USAGE', `--type ${flags.type}: expected one of ${AUDIT_EVENT_TYPES.join(', ')}`);
    filter.type = parsed.data;
  }
  return filter;
}

const AGE = /^(\d+)\s*([mhdw])$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO date or time, or an age back from `now` (30m, 24h, 7d, 2w). */
export function parseSince(value: string, now: Date): Date {
  const text = value.trim();
  const age = AGE.exec(text);
  if (age) return new Date(now.getTime() - Number(age[1]) * UNIT_MS[age[2]!.toLowerCase()]!);
  const time = ISO_DATE.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new AutonomousError('E_USAGE', `--since ${value}: expected an ISO date (2026-11-24, 2026-11-24T10:00Z) or an age (30m, 24h, 7d, 2w)`);
  }
  return new Date(time);
}

export function matchesFilter(event: AuditEvent, filter: AuditFilter): boolean {
  if (filter.workflowId !== undefined && event.workflow_id !== filter.workflowId) return false;
  if (filter.type !== undefined && event.event_type !== filter.type) return false;
  if (filter.since !== undefined && Date.parse(event.timestamp) < filter.since.getTime()) return false;
  return true;
}

/** The matching events, read line by line; lines that are not events are counted, not fatal. */
export async function readAuditEvents(file: string, filter: AuditFilter): Promise<{ events: AuditEvent[]; unreadable: number }> {
  const events: AuditEvent[] = [];
  let unreadable = 0;
  const input = fs.createReadStream(file);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let parsed: ReturnType<typeof AuditEvent.safeParse>;
      try {
        parsed = AuditEvent.safeParse(JSON.parse(line));
      } catch {
        unreadable++;
        continue;
      }
      if (!parsed.success) unreadable++;
      else if (matchesFilter(parsed.data, filter)) events.push(parsed.data);
    }
  } finally {
    lines.close();
    input.destroy();
  }
  return { events, unreadable };
}

const MAX_DETAILS_TEXT = 100;

export function renderAuditEvents(events: AuditEvent[]): string {
  if (events.length === 0) return 'no audit events match\n';
  const chalk = makeChalk(colorEnabled(process.stdout));
  const rows = events.map((event) => [
    event.timestamp.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
    event.event_type,
    event.workflow_id ?? '-',
    event.proposal_id ?? '-',
    event.agent,
    shortDetails(event.details),
  ]);
  const widths = [0, 1, 2, 3, 4].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) =>
    [chalk.dim(row[0]!.padEnd(widths[0]!)), row[1]!.padEnd(widths[1]!), row[2]!.padEnd(widths[2]!), row[3]!.padEnd(widths[3]!), row[4]!.padEnd(widths[4]!), chalk.dim(row[5]!)].join('  ').trimEnd(),
  );
  return `${lines.join('\n')}\n${events.length} event${events.length === 1 ? '' : 's'}\n`;
}

/** `key=value` pairs of the top-level details, cut to one short line. */
export function shortDetails(details: Record<string, unknown>): string {
  const text = Object.entries(details)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return text.length > MAX_DETAILS_TEXT ? `${text.slice(0, MAX_DETAILS_TEXT - 1)}…` : text;
}
