// `autonomous test`: runs the project's own tests the way its maintainers do, with per-test
// results where the framework reports them, a timeout that kills the whole process tree, and
// regressions measured against the baseline stored for the current commit.
import type { Command } from 'commander';
import type { GlobalOptions } from '../main.js';
import type { TestFlags } from './test-action.js';

export function registerTest(program: Command, globals: () => GlobalOptions, root: () => string): void {
  program
    .command('test')
    .description("Run the project's tests and report failures and regressions against the current commit's baseline.")
    .option('--baseline', 'make the baseline of HEAD first when none is cached (on a clean worktree of HEAD when the tree has uncommitted changes)')
    .option('--stage <name>', 'run only this stage of test.stages')
    .option('--timeout <minutes>', 'kill the whole test process tree after this many minutes (default from config, 10; overrides the stages\' own timeouts too)')
    .option('--coverage-threshold <percent>', 'fail when line coverage (read from coverage/coverage-summary.json or coverage-final.json; coverage.xml or coverage.json for pytest) is below this percentage')
    .option('--lint', 'also run tsc, eslint and prettier where the project configures them and has them in node_modules/.bin')
    .option('-f, --format <format>', 'output format: text or json', 'text')
    .addHelpText(
      'after',
      `
With test.stages configured, the stages run in order and the run stops at the first failing stage.

Baselines are cached per commit and test configuration in .autonomous/test-baselines/; a run uses the
cached baseline of HEAD, when there is one, to tell regressions from failures that were already there.
Each new failure lists the uncommitted files it points at (in its message, stack or test imports).
Logs of the last 20 runs are kept in .autonomous/test-runs/.

Exit codes: 0 tests pass (or only failures that the baseline already had), 1 failures, regressions,
coverage below --coverage-threshold or a failing --lint check, 2 no test command found, no coverage
report for a threshold, or bad usage, 3 the test command could not be started.

A test that newly fails is re-run alone once (at most 5 such re-runs); if it then passes it is
reported as flaky, not as a regression.

The command comes from the project's "test" script (vitest, jest, mocha, ava and node --test are run
with their machine-readable reporters), pytest with its junit XML for a Python project, or from
"test.command" in autonomous.config.json.`,
    )
    .action(async (flags: TestFlags) => {
      // Loaded on use: the test runner (execa, git) is not needed by the other commands.
      const { runTestCommand } = await import('./test-action.js');
      process.exitCode = await runTestCommand(flags, globals(), root());
    });
}

