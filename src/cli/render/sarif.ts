// SARIF 2.1.0 output for GitHub code scanning and other SARIF consumers: rule metadata with CWE
// tags and security-severity, results with regions and partialFingerprints, and GitHub's upload
// limit of 25,000 results per run (the lowest severities are dropped first, with a notification).
import type { Location, Log, ReportingDescriptor, Result, Run } from 'sarif';
import type { Finding, ScanReport, Severity } from '../../models/finding.js';
import { severityRank } from '../../models/finding.js';
import type { RuleMeta } from '../../scanner/rule.js';
import type { FlowStep } from '../../scanner/rules/security/taint-flow.js';

export const SARIF_MAX_RESULTS = 25_000;
const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/autonomous';

const LEVEL: Record<Severity, Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub's security-severity scale: critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

export interface SarifOutput {
  text: string;
  dropped: number;
}

export function renderSarif(report: ScanReport, metas: readonly RuleMeta[], toolVersion: string, maxResults = SARIF_MAX_RESULTS): SarifOutput {
  const { kept, dropped } = limitResults(report.findings, maxResults);
  const usedRuleIds = [...new Set(kept.map((f) => f.rule_id))].sort();
  const metaById = new Map(metas.map((m) => [m.id, m]));
  const rules: ReportingDescriptor[] = usedRuleIds.map((id) => ruleDescriptor(id, metaById.get(id)));
  const ruleIndex = new Map(usedRuleIds.map((id, i) => [id, i]));
  const results: Result[] = kept.map((f) => toResult(f, ruleIndex.get(f.rule_id) ?? 0));
  const run: Run = {
    tool: { driver: { name: 'autonomous', version: toolVersion, semanticVersion: toolVersion, informationUri: INFORMATION_URI, rules } },
    originalUriBaseIds: { '%SRCROOT%': { uri: toFileUri(report.root) } },
    columnKind: 'utf16CodeUnits',
    results,
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          ...(dropped > 0
            ? [{ level: 'warning' as const, message: { text: `${dropped} lower-severity results were left out to stay within ${maxResults} results per run.` } }]
            : []),
          ...(report.notes ?? []).map((text) => ({ level: 'warning' as const, message: { text } })),
        ],
      },
    ],
    automationDetails: { id: `autonomous/${report.scan_id}` },
  };
  const log: Log = { $schema: SCHEMA, version: '2.1.0', runs: [run] };
  return { text: `${JSON.stringify(log, null, 2)}\n`, dropped };
}

/** Keeps the most severe findings when there are more than the limit. */
export function limitResults(findings: readonly Finding[], max: number): { kept: Finding[]; dropped: number } {
  if (findings.length <= max) return { kept: [...findings], dropped: 0 };
  const ranked = findings.map((f, i) => ({ f, i })).sort((a, b) => severityRank[b.f.severity] - severityRank[a.f.severity] || b.f.confidence - a.f.confidence || a.i - b.i);
  const kept = ranked.slice(0, max).sort((a, b) => a.i - b.i).map((x) => x.f);
  return { kept, dropped: findings.length - max };
}

function ruleDescriptor(id: string, meta: RuleMeta | undefined): ReportingDescriptor {
  const cwe = meta?.cwe ?? [];
  const owasp = (meta?.owasp ?? []).map((o) => `external/owasp/${o.split('-')[0]!.toLowerCase()}`);
  const tags = [meta?.category ?? 'quality', ...cwe.map((c) => `external/cwe/${c.toLowerCase()}`), ...owasp];
  if (meta?.category === 'security') tags.unshift('security');
  const properties: Record<string, unknown> = { tags: [...new Set(tags)].slice(0, 20), precision: precisionOf(meta?.confidence) };
  if (meta?.category === 'security') properties['security-severity'] = SECURITY_SEVERITY[meta.severity];
  const description = meta?.description ?? id;
  return {
    id,
    name: camelName(id),
    shortDescription: { text: description },
    fullDescription: { text: description },
    help: {
      text: meta?.recommendation ?? description,
      markdown: `${description}\n\n**How to fix:** ${meta?.recommendation ?? ''}\n\nSee docs/rules/${id}.md.`,
    },
    defaultConfiguration: { level: LEVEL[meta?.severity ?? 'info'] },
    properties,
  };
}

function toResult(finding: Finding, ruleIndex: number): Result {
  return {
    ruleId: finding.rule_id,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.description },
    locations: [
      {
        physicalLocation: physicalLocation(
          encodePath(finding.file_path),
          { line: finding.line_number, column: finding.column, end_line: finding.end_line, end_column: finding.end_column },
          finding.code_snippet,
        ),
      },
    ],
    ...codeFlowsOf(finding),
    partialFingerprints: { 'autonomousFingerprint/v1': finding.fingerprint },
    properties: {
      finding_id: finding.finding_id,
      severity: finding.severity,
      category: finding.category,
      confidence: finding.confidence,
      ...(finding.cwe.length > 0 ? { cwe: finding.cwe } : {}),
    },
  };
}

interface Span {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
}

/**
 * A location in a repository file. SARIF wants a non-empty region on one line, so an end column
 * at or before the start is moved just past it.
 */
function physicalLocation(uri: string, span: Span, snippet?: string): NonNullable<Location['physicalLocation']> {
  return {
    artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
    region: {
      startLine: span.line,
      startColumn: span.column,
      endLine: span.end_line,
      endColumn: Math.max(span.end_column, span.end_line === span.line ? span.column + 1 : 1),
      ...(snippet === undefined ? {} : { snippet: { text: snippet } }),
    },
  };
}

/** SARIF codeFlows from a taint finding's `metadata.flow` (source first), so viewers can step through the path. */
function codeFlowsOf(finding: Finding): Pick<Result, 'codeFlows'> {
  const flow = finding.metadata.flow;
  if (!Array.isArray(flow)) return {};
  const steps = flow.filter(isFlowStep);
  if (steps.length === 0) return {};
  const uri = encodePath(finding.file_path);
  return {
    codeFlows: [
      {
        threadFlows: [
          {
            locations: steps.map((step) => ({
              location: {
                physicalLocation: physicalLocation(uri, step),
                message: { text: step.text },
              },
            })),
          },
        ],
      },
    ],
  };
}

function isFlowStep(value: unknown): value is FlowStep {
  if (typeof value !== 'object' || value === null) return false;
  const step = value as Record<string, unknown>;
  return (
    Number.isInteger(step.line) && (step.line as number) >= 1 && Number.isInteger(step.column) && (step.column as number) >= 1 &&
    Number.isInteger(step.end_line) && Number.isInteger(step.end_column) && typeof step.text === 'string'
  );
}

function precisionOf(confidence: number | undefined): string {
  const c = confidence ?? 0.8;
  return c >= 0.9 ? 'very-high' : c >= 0.75 ? 'high' : c >= 0.5 ? 'medium' : 'low';
}

function camelName(id: string): string {
  return id.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

function encodePath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

function toFileUri(absolute: string): string {
  const posix = absolute.replace(/\\/g, '/');
  return `file://${posix.startsWith('/') ? '' : '/'}${encodePath(posix)}${posix.endsWith('/') ? '' : '/'}`;
}
