// The test runner as an agent on the bus: answers TEST_REQUEST with TEST_RESULT. Regressions are
// measured against the outcome of the commit before the change (`baseline_commit`): the cached
// baseline of that commit and test configuration, or one made now in a clean worktree of it, so
// the person's tree is never touched to make it.
import type { MessageBus } from '../core/bus.js';
import { testCommandOf, type Config } from '../core/config.js';
import { describeError, isAutonomousError } from '../core/errors.js';
import type { PayloadOf } from '../models/bus-message.js';
import { inCleanWorktree } from './baseline.js';
import { loadTestBaseline, projectBaselineKey, saveTestBaseline } from './baseline-store.js';
import { configuredStages, runConfiguredTests, type TestOutcome } from './stages.js';

export interface TestRunnerAgentOptions {
  root: string;
  config: Config;
}

export function registerTestRunnerAgent(bus: MessageBus, options: TestRunnerAgentOptions): () => void {
  const { root, config } = options;
  return bus.subscribe('test_request', async (message) => {
    const request = message.payload;
    const stages = configuredStages(config).filter((s) => request.stages === undefined || request.stages.includes(s.name));
    const command = testCommandOf(config);
    const base = { root, timeoutMs: config.test.timeoutMinutes * 60_000, command, stages };
    let payload: PayloadOf<'test_result'>;
    try {
      let baseline: TestOutcome | undefined;
      if (request.baseline_commit) {
        const key = projectBaselineKey(root, request.baseline_commit, command, stages);
        baseline = loadTestBaseline(root, key);
        if (baseline === undefined) {
          baseline = await inCleanWorktree(root, request.baseline_commit, async (dir) => (await runConfiguredTests({ ...base, root: dir, logRoot: root })).outcome);
          saveTestBaseline(root, key, baseline);
        }
      }
      const { result } = await runConfiguredTests({ ...base, baseline, changedFiles: request.changed_files });
      const suspects: Record<string, string[]> = {};
      for (const f of result.failures) if (f.suspects && f.suspects.length > 0) suspects[f.test_id] = f.suspects;
      payload = {
        passed: result.passed,
        failed: result.failed,
        skipped: result.skipped,
        total: result.total,
        regression_detected: baseline === undefined ? result.failed > result.flaky.length || result.timed_out : result.regression_detected,
        recommendation: result.recommendation,
        coverage_percent: result.coverage_percent,
        new_failures: result.new_failures,
        suspects,
        log_file: result.log_file,
      };
    } catch (error) {
      if (!isAutonomousError(error)) throw error;
      payload = { passed: 0, failed: 0, skipped: 0, total: 0, regression_detected: false, recommendation: 'needs_fix', error: describeError(error) };
    }
    await bus.publish({ type: 'test_result', payload, sender: 'test_runner', recipient: message.sender, correlationId: message.correlation_id, priority: message.priority });
  });
}
