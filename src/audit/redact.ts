// Keeps secrets out of the audit trail: every `details` object is passed through here before it
// is written. Keys named like secrets lose their value; string values are searched for credentials
// (this project's known formats, `NAME=value` assignments of secret-like names, and high-entropy
// tokens) and each one is masked the way findings mask them. Pure: data in, data out.
import { findEntropyAssignments, findExtraFormats, isLikelySecretValue, isSecretName } from '../security/secret-patterns.js';
import { maskKnown } from '../security/secrets.js';

export const REDACTED = '[redacted]';
/** Audit details summarise; a longer string (command output, file text) is cut. */
export const MAX_DETAIL_STRING = 2000;
const MAX_DEPTH = 12;

/**
 * Credential formats that secretlint knows but this module cannot ask it about: secretlint's API is
 * async and an audit record is written synchronously, in order. Kept short on purpose; the entropy
 * check below catches most other random tokens.
 */
const KNOWN_TOKENS: readonly RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{40,}\b/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/** Candidate tokens for the entropy check: runs of characters that are not separators. */
const TOKEN = /[^\s"'`,;=:()<>[\]{}]+/g;
/** Our own identifiers and digests (wf_…, prop_…, cp_…, commit ids, sha256, uuids): high entropy, no secret. */
const TIMESTAMP_ID = /^[a-z]+_\d{8}_\d{6}(?:_[0-9a-f]+)?$/;
const HEX_ID = /^(?:[a-z]+_)?[0-9a-f]+(?:-[0-9a-f]+)*$/i;
/** A relative or absolute path to a file with an extension: `src/core/hash.ts`. */
const FILE_PATH = /^[\w.@~-]*(?:\/[\w.@~-]+)+\.[A-Za-z][A-Za-z0-9]{0,5}$/;

export function redactDetails(details: Record<string, unknown>): Record<string, unknown> {
  return redactValue(details, 0) as Record<string, unknown>;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretName(key) && item !== null && item !== undefined && item !== '' ? REDACTED : redactValue(item, depth + 1);
  }
  return out;
}

/** The text with every credential in it masked (first four characters and the length). */
export function redactText(text: string): string {
  const ranges: Array<[number, number]> = [];
  for (const hit of [...findExtraFormats(text), ...findEntropyAssignments(text)]) ranges.push([hit.start, hit.end]);
  for (const pattern of KNOWN_TOKENS) {
    for (const match of text.matchAll(pattern)) ranges.push([match.index, match.index + match[0].length]);
  }
  for (const match of text.matchAll(TOKEN)) {
    if (looksLikeSecretToken(match[0])) ranges.push([match.index, match.index + match[0].length]);
  }
  let out = text;
  for (const [start, end] of mergeRanges(ranges).reverse()) {
    out = `${out.slice(0, start)}${maskKnown(text.slice(start, end))}${out.slice(end)}`;
  }
  return out.length > MAX_DETAIL_STRING ? `${out.slice(0, MAX_DETAIL_STRING)}… (${out.length} chars)` : out;
}

function looksLikeSecretToken(token: string): boolean {
  // real keys mix letters and digits; long words and kebab-case names do not
  if (!/\d/.test(token) || !/[A-Za-z]/.test(token)) return false;
  if (TIMESTAMP_ID.test(token) || HEX_ID.test(token) || FILE_PATH.test(token)) return false;
  return isLikelySecretValue(token);
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
