import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventHash, lineHash, serializeEvent } from '../../src/audit/chain.js';
import { AuditLog, auditLogPath, recordAuditEvent } from '../../src/audit/log.js';
import { verifyAuditLog } from '../../src/audit/verify.js';
import { AuditEvent, GENESIS_HASH } from '../../src/models/audit-event.js';
import { projectRoot } from '../helpers/cli.js';

const dirs: string[] = [];
function tempRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-audit-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function lines(root: string): string[] {
  return fs.readFileSync(auditLogPath(root), 'utf8').split('\n').filter((l) => l !== '');
}

function writeMany(root: string, count: number): void {
  const log = new AuditLog(root);
  for (let i = 0; i < count; i++) {
    log.append({ event_type: 'bus_message', workflow_id: 'wf_20261124_100000_aaaa', proposal_id: null, agent: 'orchestrator', details: { n: i } });
  }
  log.close();
}

describe('AuditLog.append', () => {
  it('writes each event as exactly one JSON line holding the event and nothing else', () => {
    const root = tempRoot();
    const log = new AuditLog(root);
    const event = log.append({
      timestamp: '2026-11-24T10:00:00.000Z',
      event_type: 'scan_completed',
      workflow_id: null,
      proposal_id: null,
      agent: 'cli',
      details: { findings: 2, by_severity: { high: 2 } },
    });
    log.close();
    const text = fs.readFileSync(auditLogPath(root), 'utf8');
    expect(text).toBe(`${serializeEvent(event)}\n`);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['timestamp', 'event_type', 'workflow_id', 'proposal_id', 'agent', 'details', 'prev_hash', 'hash']);
    expect(parsed['prev_hash']).toBe(GENESIS_HASH);
    expect(parsed['hash']).toBe(eventHash(event));
  });

  it("chains each line to the previous line's bytes, across separately opened logs", () => {
    const root = tempRoot();
    writeMany(root, 3);
    recordAuditEvent(root, { event_type: 'rollback', workflow_id: null, proposal_id: null, agent: 'cli', details: {} });
    const all = lines(root);
    expect(all).toHaveLength(4);
    for (let i = 1; i < all.length; i++) {
      expect(AuditEvent.parse(JSON.parse(all[i]!)).prev_hash).toBe(lineHash(all[i - 1]!));
    }
  });

  it('keeps a chain of many events verifiable', async () => {
    const root = tempRoot();
    writeMany(root, 500);
    expect(await verifyAuditLog(auditLogPath(root))).toEqual({ ok: true, lines: 500 });
  });

  it('finds the last line from the tail when that line is longer than one read chunk', async () => {
    const root = tempRoot();
    const log = new AuditLog(root);
    // each string is under the detail cap; 100 of them make one line of ~150 KB, over the 64 KiB chunk
    const big = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'word '.repeat(300)]));
    for (let i = 0; i < 3; i++) log.append({ event_type: 'bus_message', workflow_id: null, proposal_id: null, agent: 'cli', details: { ...big, i } });
    log.close();
    expect(fs.statSync(auditLogPath(root)).size).toBeGreaterThan(3 * 128 * 1024);
    // a fresh log has no cached tail: it must read it from the file
    recordAuditEvent(root, { event_type: 'bus_message', workflow_id: null, proposal_id: null, agent: 'cli', details: { last: true } });
    expect(await verifyAuditLog(auditLogPath(root))).toEqual({ ok: true, lines: 4 });
  });

  it('never writes a secret from the details to the file', () => {
    const root = tempRoot();
    const token = ['ghp', '_', 'R8fK2mQ9xL4vT7nB1cZ6wY3hJ5pD0sA2eG8u'].join('');
    const password = ['Zk9', 'Xq2Lm7Vb4Nw8Rt1Yp5Hs3Jd6'].join('');
    recordAuditEvent(root, {
      event_type: 'implementation_completed',
      workflow_id: null,
      proposal_id: null,
      agent: 'implementer',
      details: { output: `remote: using ${token}`, config: { db_password: password }, env: `API_KEY=${password}` },
    });
    const raw = fs.readFileSync(auditLogPath(root), 'utf8');
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(password);
    expect(raw).toContain('[redacted]');
  });

  it('starts its line on a new line after a torn last line, so verify names the torn one', async () => {
    const root = tempRoot();
    writeMany(root, 2);
    fs.appendFileSync(auditLogPath(root), '{"timestamp":"2026-');
    writeMany(root, 1);
    expect(lines(root)).toHaveLength(4);
    expect(await verifyAuditLog(auditLogPath(root))).toEqual({ ok: false, line: 3, reason: 'not valid JSON' });
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, '.autonomous'), { recursive: true });
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = dead.pid!;
    return new Promise<void>((resolve) => dead.on('exit', () => resolve())).then(() => {
      fs.writeFileSync(path.join(root, '.autonomous', 'audit.lock'), String(deadPid));
      writeMany(root, 1);
      expect(lines(root)).toHaveLength(1);
      expect(fs.existsSync(path.join(root, '.autonomous', 'audit.lock'))).toBe(false);
    });
  });
});

describe('concurrent writers', () => {
  it('keep the chain valid when two processes append 50 events each', async () => {
    const root = tempRoot();
    const logModule = path.join(projectRoot, 'dist', 'audit', 'log.js');
    const script = `
      const { AuditLog } = await import(${JSON.stringify(logModule)});
      const log = new AuditLog(process.argv[1]);
      for (let i = 0; i < 50; i++) {
        log.append({ event_type: 'bus_message', workflow_id: 'wf_' + process.pid, proposal_id: null, agent: 'cli', details: { i } });
      }
      log.close();
    `;
    const run = (): Promise<number | null> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, root], { stdio: ['ignore', 'ignore', 'inherit'] });
        child.on('error', reject);
        child.on('exit', (code) => resolve(code));
      });
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    const all = lines(root);
    expect(all).toHaveLength(100);
    // both really wrote: two workflow ids, 50 lines each
    const writers = new Set(all.map((l) => (JSON.parse(l) as { workflow_id: string }).workflow_id));
    expect(writers.size).toBe(2);
    expect(await verifyAuditLog(auditLogPath(root))).toEqual({ ok: true, lines: 100 });
  }, 60_000);
});
