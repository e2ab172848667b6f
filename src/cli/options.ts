// Parsers for option values: a bad value is a one-line usage error naming the option.
import { AutonomousError } from '../core/errors.js';
import { CATEGORIES, type Category, SEVERITIES, type Severity } from '../models/finding.js';

export function parseSeverity(flag: string, value: string): Severity {
  const lower = value.toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(lower)) return lower as Severity;
  throw new AutonomousError('E_USAGE', `${flag} ${value}: expected one of ${SEVERITIES.join(', ')}`);
}

export function parseCategories(flag: string, value: string): Category[] {
  return splitList(value).map((item) => {
    const normal = item.toLowerCase().replace(/-/g, '_');
    if ((CATEGORIES as readonly string[]).includes(normal)) return normal as Category;
    throw new AutonomousError('E_USAGE', `${flag} ${item}: expected one of ${CATEGORIES.join(', ')}`);
  });
}

export function parseInteger(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AutonomousError('E_USAGE', `${flag} ${value}: expected a whole number from ${min} to ${max}`);
  }
  return n;
}

export function parseFraction(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new AutonomousError('E_USAGE', `${flag} ${value}: expected a number from 0 to 1`);
  return n;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Accumulates a repeatable, comma-separated option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...splitList(value)];
}
