// What `autonomous add-types` does once its flags are parsed: find the files under the target,
// ask the TypeScript language service for their annotations, turn each file's candidate into a
// saved proposal, and render the result (text or JSON from the same data).
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import type { Proposal } from '../../models/proposal.js';
import { buildProposal } from '../../proposer/build.js';
import { ProposalStore } from '../../proposer/store.js';
import { createTypeFixService, typeCandidates } from '../../proposer/typescript/candidates.js';
import { annotationKind } from '../../proposer/typescript/return-types.js';
import { walkTargets } from '../../scanner/walk.js';
import type { GlobalOptions } from '../main.js';
import { renderDiff } from '../render/diff.js';
import { colorEnabled, makeChalk } from '../terminal.js';

export interface AddTypesFlags {
  autoApproveSafe?: boolean;
  unusedImports?: boolean;
  params?: boolean;
  format: string;
}

export interface AddTypesReport {
  target: string;
  /** Root-relative config file the service used, or null for the default options. */
  config_file: string | null;
  files_examined: number;
  annotations: number;
  /** Parameters annotated by the (unsafe) parameter-type proposals, with --params (always set by addTypes). */
  parameter_annotations?: number;
  proposals: Array<Pick<Proposal, 'proposal_id' | 'file_path' | 'title' | 'risk_level' | 'safety' | 'diff' | 'risks'>>;
  skipped: Array<{ file: string; name: string; line: number; reason: string }>;
  service_build_ms: number;
}

/** The target as a root-relative path; a missing target or one outside the repository is a usage error. */
export function resolveTarget(root: string, target: string, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, target);
  if (!fs.existsSync(absolute)) throw new AutonomousError('E_TARGET_NOT_FOUND', `${target}: no such file or folder`);
  const realRoot = fs.realpathSync(root);
  const relative = path.relative(realRoot, fs.realpathSync(absolute));
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new AutonomousError('E_USAGE', `${target}: outside the repository (${realRoot})`, { hint: 'Run add-types from inside the repository it should change.' });
  }
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}

/** Finds the files, builds the candidates and saves one proposal per file. */
export function addTypes(root: string, target: string, options: { configPath?: string; unusedImports?: boolean; params?: boolean }): AddTypesReport {
  const { config } = loadConfig(root, options.configPath);
  const relativeTarget = resolveTarget(root, target);
  const walked = walkTargets({
    root,
    targets: [path.join(root, relativeTarget)],
    include: config.include,
    exclude: config.exclude,
    skipBuildOutput: config.scan.skipBuildOutput,
  });
  const started = performance.now();
  const service = createTypeFixService(root, { params: options.params });
  service.program();
  const buildMs = Math.round(performance.now() - started);
  try {
    const files = walked
      .map((f) => f.relative)
      .filter((file) => {
        const text = service.getFileText(file);
        return text !== undefined && annotationKind(service, file, text) !== null;
      });
    const results = typeCandidates(root, files, { service, unusedImports: options.unusedImports, params: options.params });
    const store = new ProposalStore(root);
    const report: AddTypesReport = { target: relativeTarget, config_file: service.configFile, files_examined: files.length, annotations: 0, parameter_annotations: 0, proposals: [], skipped: [], service_build_ms: buildMs };
    for (const result of results) {
      for (const s of result.skipped) report.skipped.push({ file: result.file, ...s });
      const parameters = (result.paramAnnotations ?? []).flatMap((a) => a.params.map((p) => ({ function: a.name, line: a.line, parameter: p.name, type: p.type })));
      const annotations = result.annotations.map((a) => ({ name: a.name, line: a.line, type: a.type, via_code_fix: a.viaCodeFix }));
      const candidates = [
        { candidate: result.candidate, metadata: { annotations }, count: () => (report.annotations += annotations.length) },
        { candidate: result.importsCandidate, metadata: { annotations: [] }, count: () => undefined },
        // Parameter types are a separate, unsafe proposal: a person decides whether callers may be narrowed.
        { candidate: result.paramsCandidate, metadata: { parameters }, count: () => (report.parameter_annotations = (report.parameter_annotations ?? 0) + parameters.length) },
      ];
      for (const { candidate, metadata, count } of candidates) {
        if (!candidate) continue;
        const built = buildProposal({ root, finding: null, candidate, source: 'typescript:add-types', metadata });
        if ('error' in built) {
          report.skipped.push({ file: result.file, name: candidate.title, line: 1, reason: built.error });
          continue;
        }
        store.save(built.proposal);
        count();
        const p = built.proposal;
        report.proposals.push({ proposal_id: p.proposal_id, file_path: p.file_path, title: p.title, risk_level: p.risk_level, safety: p.safety, diff: p.diff, risks: p.risks });
      }
    }
    return report;
  } finally {
    service.dispose();
  }
}

export function runAddTypes(target: string, flags: AddTypesFlags, globals: GlobalOptions, root: string): number {
  const format = flags.format.toLowerCase();
  if (format !== 'text' && format !== 'json') throw new AutonomousError('E_USAGE', `--format ${flags.format}: expected text or json`);
  const report = addTypes(root, target, { configPath: globals.config, unusedImports: flags.unusedImports, params: flags.params });
  if (format === 'json') process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(renderAddTypes(report, { color: colorEnabled(process.stdout), autoApproveSafe: flags.autoApproveSafe === true }));
  return ExitCode.ok;
}

export function renderAddTypes(report: AddTypesReport, context: { color: boolean; autoApproveSafe: boolean }): string {
  const chalk = makeChalk(context.color);
  const lines: string[] = [];
  for (const p of report.proposals) {
    lines.push(chalk.bold(`${p.proposal_id}  ${p.title}`));
    lines.push(`  file: ${p.file_path} · risk: ${p.risk_level} · ${p.safety}`);
    for (const risk of p.risks) lines.push(chalk.dim(`  risk: ${risk}`));
    lines.push(renderDiff(p.diff.replace(/\n$/, ''), context.color));
    lines.push('');
  }
  if (report.skipped.length > 0) {
    lines.push(chalk.yellow(`Skipped (${report.skipped.length}):`));
    for (const s of report.skipped) lines.push(`  ${s.file}:${s.line} ${s.name}: ${s.reason}`);
  }
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(report.files_examined, 'file')} examined (${report.config_file ?? 'default compiler options'}), ${plural(report.proposals.length, 'proposal')}, ${plural(report.annotations, 'annotation')}${report.parameter_annotations ? ` (+ ${plural(report.parameter_annotations, 'parameter type')}, unsafe: review them)` : ''}, ${report.skipped.length} skipped.`,
  );
  if (report.proposals.length > 0) {
    const ids = report.proposals.map((p) => p.proposal_id).join(' ');
    lines.push(`Proposals saved under .autonomous/proposals/. Apply them with \`autonomous implement ${ids}\`, or run \`autonomous add-types <target> --auto-approve-safe\` to validate, apply and test the safe ones.`);
  } else lines.push('Nothing to do: every exported function under the target already has a return type (or was skipped).');
  return `${lines.join('\n')}\n`;
}
