// What `autonomous security-scan` does once its flags are parsed.
import path from 'node:path';
import { loadConfig } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { StateStore, writeFileAtomic } from '../../core/state-store.js';
import { type Finding, SEVERITIES, isAtLeast } from '../../models/finding.js';
import { allRuleMetas } from '../../scanner/rule-config.js';
import { runSecurityScan } from '../../security/security-scan.js';
import type { GlobalOptions } from '../main.js';
import { parseSeverity } from '../options.js';
import { renderSarif } from '../render/sarif.js';
import { summaryLine } from '../render/summary.js';
import { renderText } from '../render/text.js';
import { colorEnabled, makeChalk } from '../terminal.js';
import { toolVersion } from '../version.js';

export interface SecurityScanFlags {
  strict?: boolean;
  severity?: string;
  rule?: string[];
  failOn: string;
  format: string;
  output?: string;
  owasp?: boolean;
  audit: boolean;
  registry?: string;
  secrets: boolean;
  cache: boolean;
  fix?: boolean;
  autoApproveSafe?: boolean;
  dangerouslySkipPermissions?: boolean;
  dryRun?: boolean;
  llm?: string;
  tests?: boolean;
}

export async function runSecurityScanCommand(targets: string[], flags: SecurityScanFlags, globals: GlobalOptions, root: string): Promise<number> {
  if (flags.fix) {
    // The design's example 3: a preset of the improve workflow over the security findings.
    const { runImproveCommand } = await import('./improve-action.js');
    const { SECURITY_SCAN_RULES } = await import('../../security/security-scan.js');
    const paths = targets.filter((t) => t !== '.');
    return runImproveCommand(paths, {
      category: 'security',
      enable: SECURITY_SCAN_RULES,
      ...(flags.severity ? { severity: flags.severity } : {}),
      ...(flags.rule ? { rule: flags.rule.join(',') } : {}),
      autoApproveSafe: flags.autoApproveSafe === true,
      dangerouslySkipPermissions: flags.dangerouslySkipPermissions === true,
      dryRun: flags.dryRun === true,
      ...(flags.llm ? { llm: flags.llm } : {}),
      tests: flags.tests !== false,
    }, globals, root, 'security-scan --fix');
  }
  const format = flags.format.toLowerCase();
  if (!['text', 'json', 'sarif'].includes(format)) throw new AutonomousError('E_USAGE', `--format ${flags.format}: expected text, json or sarif`);
  const failOn = parseSeverity('--fail-on', flags.failOn);
  const minSeverity = flags.severity ? parseSeverity('--severity', flags.severity) : undefined;
  if (flags.registry !== undefined && !/^https?:\/\//.test(flags.registry)) {
    throw new AutonomousError('E_USAGE', `--registry ${flags.registry}: expected an http(s) URL`);
  }
  const { config } = loadConfig(root, globals.config);
  const { report, scan, notes } = await runSecurityScan({
    root,
    targets,
    config,
    toolVersion: toolVersion(),
    minSeverity,
    rules: flags.rule,
    strict: flags.strict,
    useCache: flags.cache,
    audit: flags.audit,
    secrets: flags.secrets,
    registry: flags.registry,
  });
  const store = new StateStore(root);
  store.ensure();
  writeFileAtomic(store.path('scans', 'last.json'), JSON.stringify(report), { durable: false });
  (await import('../../audit/events.js')).recordScanCompleted(root, 'security-scan', report);

  let text: string;
  if (format === 'json') text = `${JSON.stringify(report)}\n`;
  else if (format === 'sarif') text = renderSarif(report, allRuleMetas(), toolVersion()).text;
  else {
    const color = !flags.output && colorEnabled(process.stdout);
    const chalk = makeChalk(color);
    text = renderText(report, { chalk, color, stats: scan.stats });
    if (flags.owasp) text += owaspSummary(report.findings);
    for (const note of notes) text += `${chalk.yellow('note:')} ${note}\n`;
  }
  if (flags.output) {
    writeFileAtomic(path.resolve(flags.output), text);
    const color = colorEnabled(process.stderr);
    process.stderr.write(`${summaryLine(report, { chalk: makeChalk(color), stats: scan.stats })}\n`);
    for (const note of notes) process.stderr.write(`note: ${note}\n`);
    process.stderr.write(`Report written to ${flags.output}\n`);
  } else {
    process.stdout.write(text);
  }
  return SEVERITIES.some((s) => isAtLeast(s, failOn) && report.findings.some((f) => f.severity === s)) ? ExitCode.findings : ExitCode.ok;
}

/** Findings by OWASP Top 10 (2021) category, from each rule's metadata. */
export function owaspSummary(findings: readonly Finding[]): string {
  const owaspOf = new Map(allRuleMetas().map((m) => [m.id, m.owasp ?? []]));
  const counts = new Map<string, number>();
  for (const f of findings) {
    const categories = owaspOf.get(f.rule_id) ?? [];
    for (const category of categories.length > 0 ? categories : ['(no OWASP category)']) counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  if (counts.size === 0) return '\nOWASP Top 10 (2021): nothing found.\n';
  const rows = [...counts].sort((a, b) => a[0].localeCompare(b[0]));
  const width = Math.max(...rows.map(([c]) => c.length));
  return `\nOWASP Top 10 (2021)\n${rows.map(([c, n]) => `  ${c.padEnd(width)}  ${n}`).join('\n')}\n`;
}
