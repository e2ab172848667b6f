// End-to-end: the built binary records scans in .autonomous/audit.jsonl, and `autonomous audit`
// shows, filters and verifies the log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/log.js';
import { AuditEvent } from '../../src/models/audit-event.js';
import { copyFixture, runCli } from '../helpers/cli.js';

function logLines(dir: string): string[] {
  return fs.readFileSync(path.join(dir, '.autonomous', 'audit.jsonl'), 'utf8').split('\n').filter(Boolean);
}

describe('autonomous audit', () => {
  let app: string;
  beforeAll(() => {
    app = copyFixture('scan-app', { git: true });
    expect(runCli(['scan', '.'], app).code).toBe(0);
    expect(runCli(['security-scan', '.', '--no-audit', '--fail-on', 'critical', '--format', 'json'], app).stderr).not.toMatch(/at .*\.js:\d+/);
    // events of a workflow, appended the way the orchestrator does, after the scans
    const log = new AuditLog(app);
    log.append({ event_type: 'workflow_started', workflow_id: 'wf_20261124_100000_aaaa', proposal_id: null, agent: 'orchestrator', details: { targets: ['src'] } });
    log.append({ event_type: 'approval_decision', workflow_id: 'wf_20261124_100000_aaaa', proposal_id: 'prop_20261124_100000_abcd', agent: 'human', details: { approved: true } });
    log.append({ timestamp: '2020-01-01T00:00:00.000Z', event_type: 'workflow_started', workflow_id: 'wf_20200101_000000_bbbb', proposal_id: null, agent: 'orchestrator', details: {} });
    log.close();
  }, 120_000);
  afterAll(() => fs.rmSync(app, { recursive: true, force: true }));

  it('records a scan_completed event for scan and for security-scan, with counts by severity', () => {
    const scans = logLines(app).map((l) => AuditEvent.parse(JSON.parse(l))).filter((e) => e.event_type === 'scan_completed');
    expect(scans.map((e) => e.details['command'])).toEqual(['scan', 'security-scan']);
    for (const event of scans) {
      expect(event.agent).toBe('cli');
      expect(event.details['targets']).toEqual(['.']);
      const bySeverity = event.details['by_severity'] as Record<string, number>;
      expect(Object.values(bySeverity).reduce((a, b) => a + b, 0)).toBe(event.details['findings']);
    }
    expect(scans[0]!.details['findings']).toBeGreaterThan(0);
  });

  it('lists every event as a readable line with time, type, workflow, proposal and agent', () => {
    const result = runCli(['audit'], app);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[3]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s+approval_decision\s+wf_20261124_100000_aaaa\s+prop_20261124_100000_abcd\s+human\s+approved=true$/);
    expect(lines[5]).toBe('5 events');
  });

  it('filters by workflow id, type and time, and prints JSON lines that parse as events', () => {
    const byWorkflow = runCli(['audit', '--workflow-id', 'wf_20261124_100000_aaaa', '--json'], app);
    expect(byWorkflow.code).toBe(0);
    const events = byWorkflow.stdout.trimEnd().split('\n').map((l) => AuditEvent.parse(JSON.parse(l)));
    expect(events.map((e) => e.event_type)).toEqual(['workflow_started', 'approval_decision']);

    const byType = runCli(['audit', '--type', 'workflow_started', '--json'], app);
    expect(byType.stdout.trimEnd().split('\n')).toHaveLength(2);

    const recent = runCli(['audit', '--type', 'workflow_started', '--since', '7d', '--json'], app);
    expect(recent.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as AuditEvent).workflow_id)).toEqual(['wf_20261124_100000_aaaa']);

    const old = runCli(['audit', '--since', '2019-12-31', '--type', 'workflow_started'], app);
    expect(old.stdout).toContain('wf_20200101_000000_bbbb');

    const none = runCli(['audit', '--workflow-id', 'wf_nope'], app);
    expect(none).toMatchObject({ code: 0, stdout: 'no audit events match\n' });
  });

  it('refuses a bad --since or --type with a one-line usage error, exit 2', () => {
    for (const args of [['--since', 'last tuesday'], ['--type', 'nope']]) {
      const result = runCli(['audit', ...args], app);
      expect(result.code).toBe(2);
      expect(result.stderr.trimEnd().split('\n')[0]).toMatch(new RegExp(`^autonomous: ${args[0]} `));
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('--verify says the log is intact (exit 0), then names the tampered line (exit 1)', () => {
    const intact = runCli(['audit', '--verify'], app);
    expect(intact).toMatchObject({ code: 0, stdout: 'audit log intact: 5 events\n' });

    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-audit-tampered-'));
    fs.mkdirSync(path.join(copy, '.autonomous'));
    const lines = logLines(app);
    lines[3] = lines[3]!.replace('"approved":true', '"approved":false');
    fs.writeFileSync(path.join(copy, '.autonomous', 'audit.jsonl'), `${lines.join('\n')}\n`);
    const broken = runCli(['audit', '--verify'], copy);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('audit log broken at line 4: hash does not match the line content (the line was edited)\n');

    const removed = logLines(app);
    removed.splice(1, 1);
    fs.writeFileSync(path.join(copy, '.autonomous', 'audit.jsonl'), `${removed.join('\n')}\n`);
    expect(runCli(['audit', '--verify'], copy)).toMatchObject({ code: 1, stdout: expect.stringMatching(/^audit log broken at line 2: prev_hash/) });
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it('records a tests_completed event with the counts of `autonomous test`', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-audit-tests-'));
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'p', type: 'module', scripts: { test: 'node --test' } }));
    fs.mkdirSync(path.join(project, 'test'));
    fs.writeFileSync(
      path.join(project, 'test', 'math.test.js'),
      "import test from 'node:test';\nimport assert from 'node:assert';\ntest('adds', () => assert.equal(1 + 1, 2));\ntest('breaks', () => assert.equal(1 + 1, 3));\n",
    );
    const run = runCli(['test'], project);
    expect(run.code).toBe(1);
    const events = logLines(project).map((l) => AuditEvent.parse(JSON.parse(l)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event_type: 'tests_completed', agent: 'cli', details: { passed: 1, failed: 1, regression_detected: false } });
    fs.rmSync(project, { recursive: true, force: true });
  }, 60_000);

  it('says there is no audit log yet, exit 0, in a project that never recorded one', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-audit-empty-'));
    fs.writeFileSync(path.join(empty, 'package.json'), '{"name":"empty"}\n');
    expect(runCli(['audit'], empty)).toMatchObject({ code: 0, stdout: 'no audit log yet\n' });
    expect(runCli(['audit', '--verify'], empty)).toMatchObject({ code: 0, stdout: 'no audit log yet\n' });
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
