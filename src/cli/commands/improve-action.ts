// What `autonomous improve` (and its presets: `security-scan --fix`, `add-types
// --auto-approve-safe`, `demo`) does once its flags are parsed: build the workflow's options,
// decide whether a person can be asked, run it, and turn its end into an exit code.
import path from 'node:path';
import { loadConfig } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { CATEGORIES, Severity, type Category } from '../../models/finding.js';
import { terminalPrompter } from '../../orchestrator/prompt.js';
import { createReporter } from '../../orchestrator/reporter.js';
import { runImprove } from '../../orchestrator/workflow.js';
import { resolveLlmSettings } from '../../proposer/llm/index.js';
import { colorEnabled, interactive } from '../terminal.js';
import { toolVersion } from '../version.js';
import type { GlobalOptions } from '../main.js';

export interface ImproveFlags {
  category?: string;
  severity?: string;
  rule?: string;
  autoApproveSafe?: boolean;
  dangerouslySkipPermissions?: boolean;
  dryRun?: boolean;
  maxProposals?: string;
  llm?: string;
  tests?: boolean;
  push?: boolean;
  stay?: boolean;
  resume?: string;
  /** Rules that are off by default to turn on (presets). */
  enable?: string[];
}

function parseCategories(value: string | undefined): Category[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((c) => c.trim().toLowerCase().replace(/-/g, '_')).filter(Boolean);
  for (const name of names) {
    if (!(CATEGORIES as readonly string[]).includes(name)) throw new AutonomousError('E_USAGE', `--category ${name}: expected one of ${CATEGORIES.join(', ')}`);
  }
  return names as Category[];
}

function parseMax(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new AutonomousError('E_USAGE', `--max-proposals ${value}: expected a whole number of at least 1`);
  return n;
}

export async function runImproveCommand(targets: string[], flags: ImproveFlags, globals: GlobalOptions, root: string, command: string): Promise<number> {
  const { config } = loadConfig(root, globals.config);
  let minSeverity: Severity | undefined;
  if (flags.severity !== undefined) {
    const parsed = Severity.safeParse(flags.severity.toLowerCase());
    if (!parsed.success) throw new AutonomousError('E_USAGE', `--severity ${flags.severity}: expected critical, high, medium, low or info`);
    minSeverity = parsed.data;
  }
  const categories = parseCategories(flags.category);
  const maxProposals = parseMax(flags.maxProposals);
  const resolvedTargets = (targets.length > 0 ? targets : ['.']).map((t) => path.relative(root, path.resolve(t)) || '.');
  const llm = resolveLlmSettings(config.llm, flags.llm, process.env);
  const color = colorEnabled(process.stdout);
  const reporter = createReporter(process.stdout, { color, spinners: interactive(process.stderr) });
  const canAsk = process.stdin.isTTY === true && process.stdout.isTTY === true && !process.env.CI;
  const request = [command, ...targets, ...process.argv.slice(3).filter((a) => a.startsWith('--'))].join(' ');
  const { workflow, exitCode } = await runImprove({
    root,
    config,
    toolVersion: toolVersion(),
    userRequest: request,
    targets: resolvedTargets,
    ...(categories ? { categories } : {}),
    ...(minSeverity ? { minSeverity } : {}),
    ...(flags.rule ? { rules: flags.rule.split(',').map((r) => r.trim()).filter(Boolean) } : {}),
    ...(flags.enable ? { enableRules: flags.enable } : {}),
    ...(maxProposals ? { maxProposals } : {}),
    autoApproveSafe: flags.autoApproveSafe === true,
    dangerouslySkipPermissions: flags.dangerouslySkipPermissions === true,
    dryRun: flags.dryRun === true,
    runTests: flags.tests !== false,
    push: flags.push === true,
    stay: flags.stay === true,
    llm,
    reporter,
    prompter: canAsk ? terminalPrompter({ root, config, llm, reporter, color }) : undefined,
    ...(flags.resume ? { resume: flags.resume } : {}),
  });
  if (workflow.current_state === 'rolled_back') return ExitCode.findings;
  return exitCode;
}
