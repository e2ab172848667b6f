// Secret detection over every text file of a repository (.env, JSON, YAML, config files, keys):
// secretlint's recommended preset for the known credential formats, plus this project's extra
// formats and the entropy check for `.env`-style assignments. The matched value is masked in
// everything this module returns: descriptions, snippets, metadata and fingerprints.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { Finding } from '../models/finding.js';
import { buildFinding } from '../scanner/finding-builder.js';
import { findEntropyAssignments, findExtraFormats, type SecretHit, isPlaceholderValue } from './secret-patterns.js';
import { listTextFiles, readTextFile } from './text-files.js';

export const SECRET_RULE_ID = 'secret-in-file';

export interface SecretScanOptions {
  /** Scan JS/TS source files too (default false: the scanner's hardcoded-secret rule covers them). */
  includeSource?: boolean;
}

export interface SecretScanResult {
  findings: Finding[];
  files_scanned: number;
}

type SecretLintCoreConfig = Parameters<typeof lintSource>[0]['options']['config'];
type SecretLintMessage = Awaited<ReturnType<typeof lintSource>>['messages'][number];

const PRESET_ID = '@secretlint/secretlint-rule-preset-recommend';
const SECRETLINT_CONFIG: SecretLintCoreConfig = {
  rules: [
    {
      id: PRESET_ID,
      rule: recommendedPreset,
      // Access key IDs (AKIA…) are off by default in the preset; a committed one is worth reporting.
      rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }],
    },
  ],
};

/**
 * AWS account IDs are identifiers, not credentials (AWS says so), and the pattern matches any
 * `account_id: 1234-5678-9012`: reporting them as critical secrets would be noise.
 */
const IGNORED_MESSAGE_IDS = new Set(['AWSAccountID']);

const KIND_BY_MESSAGE_ID: Record<string, string> = {
  AWSAccessKeyID: 'AWS access key ID',
  AWSSecretAccessKey: 'AWS secret access key',
  PrivateKey: 'private key',
  PrivateKeyJSON: 'GCP service account key (JSON)',
  PrivateKeyP12: 'GCP service account key (p12)',
  BasicAuth: 'credentials in a URL',
};
const KIND_BY_RULE: Record<string, string> = {
  '1password': '1Password service account token',
  anthropic: 'Anthropic API key',
  azure: 'Azure credential',
  basicauth: 'credentials in a URL',
  'database-connection-string': 'database connection string with a password',
  gcp: 'GCP credential',
  github: 'GitHub token',
  linear: 'Linear API key',
  npm: 'npm token',
  openai: 'OpenAI API key',
  privatekey: 'private key',
  sendgrid: 'SendGrid API key',
  shopify: 'Shopify token',
  slack: 'Slack token',
};

const RECOMMENDATION =
  'Treat the secret as leaked: revoke or rotate it, remove it from the file (and from git history if it was committed), ' +
  'and load it at run time from the environment or a secret manager. Keep files such as .env out of git with .gitignore.';

/** Scans the repository's text files under root (respecting .gitignore) for secrets. */
export async function scanSecrets(root: string, options: SecretScanOptions = {}): Promise<SecretScanResult> {
  const absoluteRoot = path.resolve(root);
  const files = await listTextFiles(absoluteRoot, { includeSource: options.includeSource ?? false });
  const findings: Finding[] = [];
  let filesScanned = 0;
  for (const file of files) {
    const content = readTextFile(file.absolute, file.relative);
    if (content === undefined) continue;
    filesScanned++;
    const hits = await findSecrets(file.absolute, content);
    findings.push(...secretFindings(file.relative, content, hits));
  }
  return { findings, files_scanned: filesScanned };
}

/** Every secret in one file's text, without overlaps: a known format wins over the entropy check. */
export async function findSecrets(filePath: string, content: string): Promise<SecretHit[]> {
  const result = await lintSource({
    source: { filePath, content, contentType: 'text' },
    options: { config: SECRETLINT_CONFIG },
  });
  const known = result.messages
    .filter((message) => !IGNORED_MESSAGE_IDS.has(message.messageId))
    .map((message) => secretlintHit(content, message))
    // secretlint reports `postgres://app:<password>@host` too: a documented stand-in is no secret.
    .filter((hit) => !isPlaceholderValue(content.slice(hit.start, hit.end)));
  return withoutOverlaps([...known, ...findExtraFormats(content), ...findEntropyAssignments(content)]);
}

const DETECTOR_PRIORITY: Record<SecretHit['detector'], number> = { secretlint: 0, pattern: 1, entropy: 2 };

function withoutOverlaps(hits: SecretHit[]): SecretHit[] {
  const ordered = [...hits].sort((a, b) => DETECTOR_PRIORITY[a.detector] - DETECTOR_PRIORITY[b.detector] || a.start - b.start);
  const kept: SecretHit[] = [];
  for (const hit of ordered) {
    if (hit.end <= hit.start) continue;
    if (kept.some((other) => hit.start < other.end && other.start < hit.end)) continue;
    kept.push(hit);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * secretlint's range does not always cover the value itself (the AWS secret-key rule reports the
 * range of the whole `AWS_SECRET_ACCESS_KEY=…` match with the value's length), so the value from
 * the message data is looked up near the range; the range stands when it cannot be found.
 */
function secretlintHit(content: string, message: SecretLintMessage): SecretHit {
  const [rangeStart, rangeEnd] = message.range;
  const data = (message.data ?? {}) as Record<string, unknown>;
  const value = Object.entries(data)
    .filter(([key, v]) => typeof v === 'string' && key !== 'typeName' && key !== 'FILE_NAME')
    .map(([, v]) => v as string)
    .sort((a, b) => b.length - a.length)[0];
  let start = rangeStart;
  let end = rangeEnd;
  if (value) {
    const slack = 256;
    const after = content.indexOf(value, Math.max(0, rangeStart - slack));
    if (after !== -1 && after <= rangeEnd + slack) {
      start = after;
      end = after + value.length;
    }
  }
  const rule = (message.ruleId.split('/').pop() ?? message.ruleId).replace(/^secretlint-rule-/, '');
  const typeName = typeof data['typeName'] === 'string' ? data['typeName'] : undefined;
  const kind = KIND_BY_MESSAGE_ID[message.messageId] ?? (KIND_BY_RULE[rule] ? `${KIND_BY_RULE[rule]}${typeName ? ` (${typeName})` : ''}` : rule);
  return { start, end, kind, detector: 'secretlint', source: `${message.ruleId}#${message.messageId}` };
}

/** The findings for one file's hits; the raw values never leave this function. */
export function secretFindings(relativePath: string, content: string, hits: SecretHit[]): Finding[] {
  const lines = new LineIndex(content);
  const occurrences = new Map<string, number>();
  return hits.map((hit) => {
    const value = content.slice(hit.start, hit.end);
    const length = value.length;
    const known = hit.detector !== 'entropy';
    const fingerprintText = `${hit.kind}:${createHash('sha256').update(value).digest('hex')}`;
    const occurrence = occurrences.get(fingerprintText) ?? 0;
    occurrences.set(fingerprintText, occurrence + 1);
    return buildFinding({
      filePath: relativePath,
      ruleId: SECRET_RULE_ID,
      category: 'security',
      severity: known ? 'critical' : 'high',
      loc: { start: lines.position(hit.start), end: lines.position(hit.end) },
      description: known
        ? `${capitalize(hit.kind)} written in this file: ${maskKnown(value)}.`
        : `Secret-looking ${hit.kind} (${length} chars) written in this file.`,
      snippet: redactedSnippet(content, hit, hits, lines),
      recommendation: RECOMMENDATION,
      confidence: known ? 0.95 : 0.7,
      cwe: ['CWE-798'],
      fingerprintText,
      occurrence,
      metadata: { kind: hit.kind, detector: hit.detector, source: hit.source, secret_length: length },
    });
  });
}

/** First four characters and the length: enough to find the value, not enough to use it. */
export function maskKnown(value: string): string {
  return `${value.slice(0, 4)}… (${value.length} chars)`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function redactionMarker(length: number): string {
  return `<redacted ${length} chars>`;
}

const SNIPPET_CONTEXT = 160;

/**
 * The line(s) the hit is on, with this hit and every other hit touching them replaced by a marker,
 * cut to some context either side on long lines.
 */
function redactedSnippet(content: string, hit: SecretHit, all: SecretHit[], lines: LineIndex): string {
  const windowStart = lines.lineStart(hit.start);
  const windowEnd = lines.lineEnd(hit.end);
  let before = redactRange(content, windowStart, hit.start, all);
  let after = redactRange(content, hit.end, windowEnd, all);
  if (before.length > SNIPPET_CONTEXT) before = `…${before.slice(-SNIPPET_CONTEXT)}`;
  if (after.length > SNIPPET_CONTEXT) after = `${after.slice(0, SNIPPET_CONTEXT)}…`;
  return `${before}${redactionMarker(hit.end - hit.start)}${after}`;
}

function redactRange(content: string, from: number, to: number, hits: SecretHit[]): string {
  let out = '';
  let cursor = from;
  for (const hit of hits) {
    if (hit.end <= from || hit.start >= to) continue;
    const start = Math.max(hit.start, cursor);
    out += content.slice(cursor, start) + redactionMarker(hit.end - hit.start);
    cursor = Math.min(to, Math.max(cursor, hit.end));
  }
  return (out + content.slice(cursor, Math.max(cursor, to))).replace(/\r/g, '');
}

/** Offset to 1-based line and 0-based column. */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly content: string) {
    for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  private lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  position(offset: number): { line: number; column: number } {
    const index = this.lineOf(offset);
    return { line: index + 1, column: offset - this.starts[index]! };
  }

  lineStart(offset: number): number {
    return this.starts[this.lineOf(offset)]!;
  }

  /** The end of the line holding offset, before its line break. */
  lineEnd(offset: number): number {
    const newline = this.content.indexOf('\n', offset);
    return newline === -1 ? this.content.length : newline;
  }
}
