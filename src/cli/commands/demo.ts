// `autonomous demo`: the first thing to run after installing. Copies the bundled sample project
// (a small weather service with a passing test suite and real problems) into a throw-away git
// repository, runs `improve --auto-approve-safe` on it non-interactively with no network, and
// says where to look. Nothing outside that temporary folder is touched.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { defaultConfig } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { createReporter } from '../../orchestrator/reporter.js';
import { runImprove } from '../../orchestrator/workflow.js';
import { colorEnabled, interactive } from '../terminal.js';
import { toolVersion } from '../version.js';

/** The sample project shipped with the package. */
export const DEMO_FIXTURE = path.resolve(import.meta.dirname, '../../../fixtures/demo');

/** Creates the throw-away repository: the sample project, committed by a demo identity. */
export function createDemoRepository(parent = os.tmpdir()): string {
  if (!fs.existsSync(DEMO_FIXTURE)) throw new AutonomousError('E_STATE', `the sample project is missing from this installation (${DEMO_FIXTURE})`);
  const dir = fs.mkdtempSync(path.join(parent, 'autonomous-demo-'));
  fs.cpSync(DEMO_FIXTURE, dir, { recursive: true });
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  };
  git('init', '-q', '-b', 'main');
  // The demo repository gets its own identity so commits work on machines without one.
  git('config', 'user.name', 'autonomous demo');
  git('config', 'user.email', 'demo@autonomous.invalid');
  git('add', '-A');
  git('commit', '-q', '-m', 'Weather service: first version');
  return dir;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Run the whole workflow on a bundled sample project in a throw-away repository (no network, nothing of yours touched).')
    .action(async () => {
      const dir = createDemoRepository();
      const color = colorEnabled(process.stdout);
      const reporter = createReporter(process.stdout, { color, spinners: interactive(process.stderr) });
      reporter.raw(`Sample project copied to ${dir} (a git repository on branch main).\n`);
      const { workflow } = await runImprove({
        root: dir,
        config: defaultConfig(),
        toolVersion: toolVersion(),
        userRequest: 'demo: improve src --auto-approve-safe',
        targets: ['src'],
        autoApproveSafe: true,
        dangerouslySkipPermissions: false,
        dryRun: false,
        runTests: true,
        push: false,
        stay: false,
        llm: undefined,
        reporter,
      });
      const pending = workflow.outcomes.filter((o) => o.outcome === 'awaiting_approval').map((o) => o.proposal_id);
      reporter.raw(
        [
          '',
          'What happened: only the changes the validator policy marks safe were applied (on their own branch,',
          'with the tests run after); the rest wait for a person, because they may change behaviour.',
          '',
          'Look around:',
          `  cd ${dir}`,
          workflow.branch ? `  git log --oneline --stat main..${workflow.branch}` : '  git log --oneline',
          `  autonomous status --workflow-id ${workflow.workflow_id}`,
          ...(pending.length > 0 ? [`  autonomous validate ${pending[0]}      # what a person is asked to decide`] : []),
          '  autonomous audit --verify',
          '',
          'On your own project: autonomous init, then autonomous scan src/',
          '',
        ].join('\n'),
      );
      process.exitCode = workflow.current_state === 'failed' ? ExitCode.failed : ExitCode.ok;
    });
}
