// Identifiers in the design's forms: wf_YYYYMMDD_HHMMSS for workflows, and the same stamp for
// scans, made unique with a short random suffix.
import { randomBytes } from 'node:crypto';

export function timestampId(prefix: string, date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}_${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
  return `${prefix}_${stamp}_${randomBytes(2).toString('hex')}`;
}
