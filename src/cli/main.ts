// The CLI entry: commander wiring, global options, and the single place where errors become a
// one-line message and an exit code (a stack trace only with --debug).
import { Command, CommanderError } from 'commander';
import { AutonomousError, ExitCode, isAutonomousError } from '../core/errors.js';
import { configureLogger } from '../core/logger.js';
import { findProjectRoot } from '../core/state-store.js';
import { registerAudit } from './commands/audit.js';
import { registerDemo } from './commands/demo.js';
import { registerImprove } from './commands/improve.js';
import { registerInit } from './commands/init.js';
import { registerStatus } from './commands/status.js';
import { registerImplement } from './commands/implement.js';
import { dispatchInterrupt } from '../implementer/signals.js';
import { journalExists } from '../implementer/journal.js';
import { registerAddTypes } from './commands/add-types.js';
import { registerPropose } from './commands/propose.js';
import { registerRollback } from './commands/rollback.js';
import { registerRules } from './commands/rules.js';
import { registerScan } from './commands/scan.js';
import { registerSecurityScan } from './commands/security-scan.js';
import { registerTest } from './commands/test.js';
import { registerValidate } from './commands/validate.js';
import { toolVersion } from './version.js';

export interface GlobalOptions {
  config?: string;
  debug?: boolean;
  recover?: boolean;
}

function buildProgram(): Command {
  const program = new Command();
  program
    .name('autonomous')
    .description('Scans a JS/TS codebase and improves it safely: findings, proposals, layered validation, approval gates, checkpoints and rollback.')
    .version(toolVersion(), '-V, --version')
    .option('--config <file>', 'configuration file (default: autonomous.config.json or the "autonomous" key of package.json)')
    .option('--debug', 'show stack traces of errors')
    .option('--recover', 'if an earlier `implement` was killed part way, restore what it touched before running the command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const root = (): string => findProjectRoot(process.cwd());
  // In the order of the workflow, then the tools around it.
  registerDemo(program);
  registerInit(program, root);
  registerScan(program, globals, root);
  registerSecurityScan(program, globals, root);
  registerPropose(program, globals, root);
  registerAddTypes(program, globals, root);
  registerValidate(program, globals, root);
  registerImplement(program, globals, root);
  registerTest(program, globals, root);
  registerImprove(program, globals, root);
  registerRollback(program, root, globals);
  registerStatus(program, root);
  registerAudit(program, root);
  registerRules(program);
  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: () => {} });
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  // `autonomous scan | head` closes the pipe early: that is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.ok);
      throw error;
    });
  }
  process.on('SIGINT', () => {
    // A command in the middle of changing the repository (implement) finishes its step and restores first.
    if (dispatchInterrupt('SIGINT')) return;
    process.stderr.write('\nautonomous: interrupted\n');
    process.exit(ExitCode.interrupted);
  });
  program.hook('preAction', (command) => {
    configureLogger({ debug: command.optsWithGlobals<GlobalOptions>().debug });
  });
  program.hook('preAction', async (_program, command) => {
    // A journal left by an implement run that was killed: tell the person (rollback handles it itself).
    const root = findProjectRoot(process.cwd());
    const recover = program.opts<GlobalOptions>().recover === true;
    // rollback handles the journal itself, and implement refuses to start with the same message.
    if (command.name() === 'rollback' || (command.name() === 'implement' && !recover) || !journalExists(root)) return;
    const { checkInterruptedRun } = await import('../implementer/recovery.js');
    const check = await checkInterruptedRun(root, { recover });
    if (check.state === 'noticed') process.stderr.write(`autonomous: ${check.notice}\n`);
    if (check.state === 'recovered') {
      const { auditRecorder } = await import('../implementer/audit.js');
      auditRecorder(root)({ type: 'interrupted_run_restored', checkpoint_id: check.journal.checkpoint_id, phase: check.journal.phase, auto_branch: check.journal.auto_branch });
    }
    if (check.state === 'recovered') process.stderr.write(`autonomous: restored what the interrupted run touched (checkpoint ${check.journal.checkpoint_id}) and removed ${check.journal.auto_branch}\n`);
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error, debug);
  }
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    process.stderr.write(`autonomous: ${error.message.replace(/^error: /, '')}\n`);
    process.stderr.write('Run `autonomous --help` for usage.\n');
    return ExitCode.usage;
  }
  if (isAutonomousError(error)) {
    process.stderr.write(`autonomous: ${error.message}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`autonomous: internal error: ${message.split('\n')[0]}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('Run again with --debug for details, and please report it.\n');
  return ExitCode.failed;
}

export { AutonomousError };
await main(process.argv);
