// The CLI entry: commander wiring, global options, and the single place where errors become a
// one-line message and an exit code (a stack trace only with --debug).
import { Command, CommanderError } from 'commander';
import { AutonomousError, ExitCode, isAutonomousError } from '../core/errors.js';
import { configureLogger } from '../core/logger.js';
import { findProjectRoot } from '../core/state-store.js';
import { registerPlanned } from './commands/planned.js';
import { registerRollback } from './commands/rollback.js';
import { registerRules } from './commands/rules.js';
import { registerScan } from './commands/scan.js';
import { registerSecurityScan } from './commands/security-scan.js';
import { registerTest } from './commands/test.js';
import { toolVersion } from './version.js';

export interface GlobalOptions {
  config?: string;
  debug?: boolean;
}

function buildProgram(): Command {
  const program = new Command();
  program
    .name('autonomous')
    .description('Scans a JS/TS codebase and improves it safely: findings, proposals, layered validation, approval gates, checkpoints and rollback.')
    .version(toolVersion(), '-V, --version')
    .option('--config <file>', 'configuration file (default: autonomous.config.json or the "autonomous" key of package.json)')
    .option('--debug', 'show stack traces of errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const root = (): string => findProjectRoot(process.cwd());
  registerScan(program, globals, root);
  registerSecurityScan(program, globals, root);
  registerRules(program);
  registerTest(program, globals, root);
  registerRollback(program, root);
  registerPlanned(program);
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
    process.stderr.write('\nautonomous: interrupted\n');
    process.exit(ExitCode.interrupted);
  });
  program.hook('preAction', (command) => {
    configureLogger({ debug: command.optsWithGlobals<GlobalOptions>().debug });
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
