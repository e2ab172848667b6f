// The secret detectors this project adds to secretlint's recommended preset: a few credential
// formats the preset lacks, and the `.env`-style check for high-entropy values assigned to
// secret-like names. Pure functions over a file's text; they return offsets, never write anything.
import { shannonEntropy } from '../scanner/rules/security/hardcoded-secret.js';

/** One secret found in a file's text: the half-open offset range of the value itself. */
export interface SecretHit {
  start: number;
  end: number;
  /** What it is, for people: "GitHub token", "xAI API key", "high-entropy value of DB_PASSWORD". */
  kind: string;
  detector: 'secretlint' | 'pattern' | 'entropy';
  /** secretlint's rule and message id, or this module's pattern id. */
  source: string;
}

interface KnownFormat {
  id: string;
  kind: string;
  /** The fixed part before the random body. */
  prefix: string;
  pattern: RegExp;
}

/** Formats missing from @secretlint/secretlint-rule-preset-recommend v11. */
export const EXTRA_FORMATS: readonly KnownFormat[] = [
  { id: 'xai-api-key', kind: 'xAI API key', prefix: 'xai-', pattern: /\bxai-[A-Za-z0-9]{40,}\b/g },
  { id: 'stripe-live-key', kind: 'Stripe live secret key', prefix: '_live_', pattern: /\b(?:sk|rk)_live_[A-Za-z0-9]{24,}\b/g },
  { id: 'gitlab-token', kind: 'GitLab personal access token', prefix: 'glpat-', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
];

export function findExtraFormats(content: string): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const format of EXTRA_FORMATS) {
    for (const match of content.matchAll(format.pattern)) {
      const value = match[0];
      // "xai-xxxxxxxx…" in documentation: too few distinct characters to be a real key body
      const body = value.slice(value.indexOf(format.prefix) + format.prefix.length);
      if (new Set(body).size < 10) continue;
      hits.push({ start: match.index, end: match.index + value.length, kind: format.kind, detector: 'pattern', source: format.id });
    }
  }
  return hits;
}

export const MIN_ENTROPY_BITS = 3.5;
export const MIN_ENTROPY_LENGTH = 16;
const MAX_ASSIGNMENT_LINE = 1000;

/** Names that hold credentials: DB_PASSWORD, client_secret, GITHUB_TOKEN, apiKey, PRIVATE_KEY … */
const SECRET_NAME = /pass(?:word|wd|phrase)|pwd|secret|token|api[_.-]?key|private[_.-]?key|access[_.-]?key|auth[_.-]?key|credential|signing[_.-]?key|encryption[_.-]?key/i;
/** … but not names whose value describes a secret rather than being one. */
const NOT_A_SECRET_NAME = /(?:url|uri|path|file|dir|endpoint|host|length|len|ttl|expiry|expires|timeout|type|name|header|field|id)$/i;
/**
 * `NAME=value`, `export NAME="value"`, `name: value`, `"name": "value",` — one assignment per line,
 * the value without spaces. Group 1 is everything before the value, group 3 the name, group 5 the value.
 */
const ASSIGNMENT = /^(\s*(?:export\s+)?(["']?)([A-Za-z_][\w.-]*)\2\s*[:=]\s*(["']?))([^\s"'`]+?)\4\s*[,;]?(?:\s+#.*)?\s*$/;
const PLACEHOLDER = /^(?:changeme|change[_-]me|todo|none|null|nil|undefined|redacted|secret|password)$|^your[_-]|x{3,}|\*{3,}|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|^\$[A-Z_]+$|^%[A-Z_]+%$|example|placeholder|dummy|sample/i;

/** A value written as a stand-in (`<password>`, `${TOKEN}`, `changeme`, `your-key`, AWS's documented `…EXAMPLE`). */
export function isPlaceholderValue(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/** Calls, indexing, object literals and environment lookups: code that fetches a secret, not one. */
const LOOKS_LIKE_CODE = /[()[\]{}]|^(?:process\.env|import\.meta\.env|os\.environ|env)\./;

/** High-entropy values assigned to secret-like names, line by line. */
export function findEntropyAssignments(content: string): SecretHit[] {
  const hits: SecretHit[] = [];
  let lineStart = 0;
  while (lineStart <= content.length) {
    const newline = content.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? content.length : newline;
    const line = content.slice(lineStart, lineEnd).replace(/\r$/, '');
    // an assignment line is short; the cap keeps the regex linear on huge one-line files
    const match = line.length <= MAX_ASSIGNMENT_LINE ? ASSIGNMENT.exec(line) : null;
    if (match) {
      const name = match[3] ?? '';
      const value = match[5] ?? '';
      if (isSecretName(name) && isLikelySecretValue(value)) {
        const start = lineStart + (match[1] ?? '').length;
        hits.push({ start, end: start + value.length, kind: `high-entropy value of ${name}`, detector: 'entropy', source: 'env-entropy' });
      }
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return hits;
}

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_A_SECRET_NAME.test(name);
}

export function isLikelySecretValue(value: string): boolean {
  if (value.length < MIN_ENTROPY_LENGTH || PLACEHOLDER.test(value)) return false;
  if (value.includes('://') || /^\.{0,2}\//.test(value)) return false; // URLs and paths
  if (LOOKS_LIKE_CODE.test(value)) return false;
  return shannonEntropy(value) >= MIN_ENTROPY_BITS;
}
