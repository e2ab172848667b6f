// Talks to an npm registry's bulk advisory endpoint, the one `npm audit` uses:
// POST <registry>/-/npm/v1/security/advisories/bulk with `{ name: [versions] }`, gzip-encoded as
// npm sends it. Every failure becomes a one-line reason, never an empty answer.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BulkAdvisoryResponse } from '../models/advisory.js';

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org';
export const BULK_ADVISORY_PATH = '/-/npm/v1/security/advisories/bulk';

export type BulkAdvisoryResult = { ok: true; advisories: BulkAdvisoryResponse } | { ok: false; reason: string };

/** The option if given, else the `registry=` line of the project's .npmrc, else the public registry. */
export function resolveRegistry(root: string, option: string | undefined): string {
  if (option) return option;
  let npmrc: string;
  try {
    npmrc = fs.readFileSync(path.join(root, '.npmrc'), 'utf8');
  } catch {
    return DEFAULT_REGISTRY;
  }
  for (const rawLine of npmrc.split(/\r?\n/)) {
    // Trim first and match without nested optional whitespace: no backtracking on long lines.
    const match = /^registry\s*=(.*)$/.exec(rawLine.trim());
    if (!match) continue;
    // npm expands ${VAR} in .npmrc values; an unset variable leaves the value unusable.
    const value = match[1]!.trim().replace(/^["']|["']$/g, '').replace(/\$\{([^}]+)\}/g, (_, name: string) => process.env[name] ?? '');
    if (value) return value;
  }
  return DEFAULT_REGISTRY;
}

/** The endpoint URL under the registry (which may itself have a path, e.g. an Artifactory repo). */
export function bulkAdvisoryUrl(registry: string): URL {
  const base = new URL(registry);
  base.pathname = `${base.pathname.replace(/\/+$/, '')}${BULK_ADVISORY_PATH}`;
  return base;
}

/** The registry as it may be shown to a person: no credentials, no query. */
export function displayRegistry(registry: string): string {
  try {
    const url = new URL(registry);
    url.username = '';
    url.password = '';
    url.search = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return registry;
  }
}

export async function fetchBulkAdvisories(
  registry: string,
  request: Record<string, string[]>,
  timeoutMs: number,
): Promise<BulkAdvisoryResult> {
  const shown = displayRegistry(registry);
  let url: URL;
  try {
    url = bulkAdvisoryUrl(registry);
  } catch {
    return { ok: false, reason: `registry ${shown} is not a valid URL` };
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-encoding': 'gzip',
    accept: 'application/json',
  };
  // fetch refuses URLs with credentials; `https://user:pass@host` means basic auth, as for npm.
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const signal = AbortSignal.timeout(timeoutMs);
  let text: string;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: gzipSync(JSON.stringify(request)),
      signal,
    });
    // Read the body under the same deadline: a server may send headers and then stall.
    text = await response.text();
    if (!response.ok) {
      const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      return { ok: false, reason: `registry ${shown} answered HTTP ${status} to the advisory request` };
    }
  } catch (error) {
    return { ok: false, reason: `registry ${shown}: ${describeFetchFailure(error, timeoutMs)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: `registry ${shown} sent an advisory response that is not valid JSON` };
  }
  const parsed = BulkAdvisoryResponse.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, reason: `registry ${shown} sent an unexpected advisory response${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, advisories: parsed.data };
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed (offline?)',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable (offline?)',
  UND_ERR_SOCKET: 'connection closed by the server',
};

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  // undici wraps the socket error: TypeError('fetch failed', { cause }), sometimes nested twice.
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause; depth++) {
    const code = (cause as { code?: string }).code;
    if (code) return `${NETWORK_CODES[code] ?? 'request failed'} (${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return `request failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
}
