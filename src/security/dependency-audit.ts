// The dependency audit: the versions the npm lockfile installs, checked against the registry's
// advisories (as `npm audit` does), each applicable advisory becoming a `vulnerable-dependency`
// finding at the lockfile entry. When the check cannot run it says so (`ran: false` and a reason),
// so an empty list of findings always means "checked, nothing known".
import semver from 'semver';
import { buildFinding } from '../scanner/finding-builder.js';
import type { Advisory, BulkAdvisoryResponse, DependencyAuditResult } from '../models/advisory.js';
import type { Finding, Severity } from '../models/finding.js';
import { fetchBulkAdvisories, resolveRegistry } from './advisory-registry.js';
import { readLockfile, type Lockfile } from './lockfile.js';

export const VULNERABLE_DEPENDENCY_RULE_ID = 'vulnerable-dependency';

export interface DependencyAuditOptions {
  /** Registry base URL; defaults to the project's .npmrc `registry=`, then the public registry. */
  registry?: string;
  /** Deadline of each request to the registry, in milliseconds. */
  timeoutMs?: number;
  /** Packages (names) per request; the public registry handles a few hundred comfortably. */
  batchSize?: number;
}

export const DEFAULT_AUDIT_TIMEOUT_MS = 15_000;
export const DEFAULT_AUDIT_BATCH_SIZE = 500;

const SEVERITY_OF: Record<Advisory['severity'], Severity> = {
  critical: 'critical',
  high: 'high',
  moderate: 'medium',
  low: 'low',
  info: 'info',
};

export async function auditDependencies(root: string, options: DependencyAuditOptions = {}): Promise<DependencyAuditResult> {
  const read = readLockfile(root);
  if (read.kind === 'missing') {
    const other = read.unsupportedLockfiles.length > 0 ? ` (found ${read.unsupportedLockfiles.join(', ')}: not supported yet)` : '';
    return notRun(`no package-lock.json, pnpm-lock.yaml or yarn.lock${other}`);
  }
  if (read.kind === 'invalid') return notRun(read.reason);

  const { lockfile } = read;
  const notes: string[] = [];
  for (const other of read.otherLockfiles) notes.push(`${other} is also present; only ${lockfile.file} was audited`);
  if (lockfile.skipped.length > 0) {
    notes.push(`${lockfile.skipped.length} lockfile entr${lockfile.skipped.length === 1 ? 'y has' : 'ies have'} no registry version and were not audited: ${lockfile.skipped.slice(0, 5).join(', ')}${lockfile.skipped.length > 5 ? ', …' : ''}`);
  }

  const request = bulkRequestOf(lockfile);
  const packagesChecked = Object.values(request).reduce((sum, versions) => sum + versions.length, 0);
  const base = { lockfile: lockfile.file, packages_checked: packagesChecked, notes };
  if (packagesChecked === 0) return { ran: true, findings: [], ...base };

  const registry = resolveRegistry(root, options.registry);
  const timeoutMs = options.timeoutMs ?? DEFAULT_AUDIT_TIMEOUT_MS;
  const advisories: BulkAdvisoryResponse = {};
  for (const batch of batches(request, options.batchSize ?? DEFAULT_AUDIT_BATCH_SIZE)) {
    const answer = await fetchBulkAdvisories(registry, batch, timeoutMs);
    if (!answer.ok) return { ran: false, reason: answer.reason, findings: [], ...base };
    for (const [name, list] of Object.entries(answer.advisories)) (advisories[name] ??= []).push(...list);
  }
  const { findings, unparsableRanges } = findingsOf(lockfile, advisories);
  for (const range of unparsableRanges) {
    notes.push(`advisory ${range.advisory} for ${range.name} has a version range semver cannot read (${range.range}); check it by hand`);
  }
  return { ran: true, findings, ...base };
}

/** `{ name: [versions] }` as the bulk endpoint expects, names sorted for stable requests. */
export function bulkRequestOf(lockfile: Lockfile): Record<string, string[]> {
  const request: Record<string, string[]> = {};
  for (const name of [...lockfile.packages.keys()].sort()) {
    request[name] = [...lockfile.packages.get(name)!.keys()].sort(semver.compare);
  }
  return request;
}

function* batches(request: Record<string, string[]>, size: number): Generator<Record<string, string[]>> {
  const names = Object.keys(request);
  const step = Math.max(1, size);
  for (let start = 0; start < names.length; start += step) {
    yield Object.fromEntries(names.slice(start, start + step).map((name) => [name, request[name]!]));
  }
}

export interface UnparsableRange {
  name: string;
  advisory: string;
  range: string;
}

/** Pure: which installed versions each advisory applies to, as findings. */
export function findingsOf(
  lockfile: Lockfile,
  advisories: BulkAdvisoryResponse,
): { findings: Finding[]; unparsableRanges: UnparsableRange[] } {
  const findings: Finding[] = [];
  const unparsableRanges: UnparsableRange[] = [];
  const seen = new Set<string>();
  for (const [name, list] of Object.entries(advisories)) {
    const installed = lockfile.packages.get(name);
    if (!installed) continue;
    for (const advisory of list) {
      if (semver.validRange(advisory.vulnerable_versions, { includePrerelease: true }) === null) {
        unparsableRanges.push({ name, advisory: String(advisory.id), range: advisory.vulnerable_versions });
        continue;
      }
      for (const [version, where] of installed) {
        if (!semver.satisfies(version, advisory.vulnerable_versions, { includePrerelease: true })) continue;
        const fingerprintText = `${name}@${version}#${advisory.id}`;
        if (seen.has(fingerprintText)) continue;
        seen.add(fingerprintText);
        findings.push(findingOf(lockfile, name, version, where, advisory, fingerprintText));
      }
    }
  }
  findings.sort((a, b) => a.line_number - b.line_number || a.fingerprint.localeCompare(b.fingerprint));
  return { findings, unparsableRanges };
}

function findingOf(
  lockfile: Lockfile,
  name: string,
  version: string,
  where: { line: number; dev: boolean; paths: string[] },
  advisory: Advisory,
  fingerprintText: string,
): Finding {
  const range = advisory.vulnerable_versions;
  const firstUnaffected = firstUnaffectedAbove(version, range);
  const upgrade = firstUnaffected
    ? `Upgrade ${name} to ${firstUnaffected} or a later version outside the vulnerable range "${range}"`
    : `Upgrade ${name} to a version outside the vulnerable range "${range}"`;
  const via = where.paths.some((p) => p.split('node_modules/').length > 2)
    ? ' If it is only pulled in by another package, upgrade that package or add an npm `overrides` entry.'
    : '';
  const seeAlso = advisory.url ? ` Details: ${advisory.url}` : '';
  const snippet = `${name}@${version}`;
  return buildFinding({
    filePath: lockfile.file,
    ruleId: VULNERABLE_DEPENDENCY_RULE_ID,
    category: 'security',
    severity: SEVERITY_OF[advisory.severity],
    loc: { start: { line: where.line, column: 0 }, end: { line: where.line, column: snippet.length } },
    description: `${name}@${version}${where.dev ? ' (dev dependency)' : ''} is affected by "${advisory.title}" (vulnerable versions: ${range}).`,
    snippet,
    recommendation: `${upgrade}.${via}${seeAlso}`,
    confidence: 1,
    cwe: (advisory.cwe ?? []).filter((cwe) => /^CWE-\d+$/.test(cwe)),
    fingerprintText,
    occurrence: 0,
    metadata: {
      package: name,
      version,
      advisory_id: advisory.id,
      title: advisory.title,
      url: advisory.url,
      vulnerable_versions: range,
      first_unaffected_version: firstUnaffected,
      advisory_severity: advisory.severity,
      cvss_score: advisory.cvss?.score ?? undefined,
      cvss_vector: advisory.cvss?.vectorString ?? undefined,
      dev: where.dev,
      paths: where.paths,
    },
  });
}

/**
 * The lowest version above `version` that is outside `range`, when a strict upper bound of the
 * comparator set that matched says so (`<4.17.21` -> 4.17.21). Undefined when it cannot be told
 * without the package's list of published versions (`<=1.2.3`, no upper bound).
 */
export function firstUnaffectedAbove(version: string, range: string): string | undefined {
  const options = { includePrerelease: true };
  const sets = new semver.Range(range, options).set;
  // Follow upper bounds: `<2.0.0 || >=2.0.0 <3.0.0` from 1.5.0 leads to 2.0.0, still inside, then 3.0.0.
  let current = version;
  for (let step = 0; step < sets.length + 1; step++) {
    let lowest: string | undefined;
    for (const comparators of sets) {
      if (!comparators.every((comparator) => comparator.test(current))) continue;
      for (const comparator of comparators) {
        const bound = comparator.semver.version;
        if (comparator.operator !== '<' || !bound || !semver.gt(bound, current)) continue;
        if (lowest === undefined || semver.lt(bound, lowest)) lowest = bound;
      }
    }
    if (lowest === undefined) return undefined;
    if (!semver.satisfies(lowest, range, options)) return lowest;
    current = lowest;
  }
  return undefined;
}

function notRun(reason: string): DependencyAuditResult {
  return { ran: false, reason, findings: [], packages_checked: 0, notes: [] };
}
