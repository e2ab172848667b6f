// End-to-end: `autonomous security-scan` with a real HTTP server on 127.0.0.1 that speaks the
// registry's bulk advisory protocol (POST /-/npm/v1/security/advisories/bulk, gzip JSON body).
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanReport } from '../../src/models/finding.js';
import { copyFixture, runCliAsync, writeFile } from '../helpers/cli.js';

const advisories = {
  lodash: [
    {
      id: 1106913,
      url: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm',
      title: 'Command Injection in lodash',
      severity: 'high',
      vulnerable_versions: '<4.17.21',
      cwe: ['CWE-77', 'CWE-94'],
      cvss: { score: 7.2, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' },
    },
  ],
};

let server: http.Server;
let registry: string;
const requests: Array<Record<string, string[]>> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/-/npm/v1/security/advisories/bulk') {
        res.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw;
      const asked = JSON.parse(body.toString('utf8')) as Record<string, string[]>;
      requests.push(asked);
      const answer = Object.fromEntries(Object.keys(asked).filter((n) => n in advisories).map((n) => [n, advisories[n as keyof typeof advisories]]));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function appWithDependencies(): string {
  const app = copyFixture('scan-app', { git: true });
  const lock = {
    name: 'scan-app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'scan-app', version: '1.0.0', dependencies: { lodash: '^4.17.15', ms: '^2.1.3' } },
      'node_modules/lodash': { version: '4.17.15', resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz' },
      'node_modules/ms': { version: '2.1.3', resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz' },
    },
  };
  writeFile(app, 'package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
  // A committed .env with a credential; built from pieces so this test file holds no full token.
  writeFile(app, '.env', `GITHUB_TOKEN=${['ghp', 'R8mK2vQ9xL4nT7wZ1pY6sB3dF5hJ0cG8aE2u'].join('_')}\n`);
  return app;
}

describe('autonomous security-scan', () => {
  it('reports code, secrets and vulnerable dependencies in one report, secrets masked', async () => {
    const app = appWithDependencies();
    const result = await runCliAsync(['security-scan', '.', '--registry', registry, '--format', 'json'], app);
    expect(result.code).toBe(1);
    const report = ScanReport.parse(JSON.parse(result.stdout));
    const rules = report.findings.map((f) => `${f.rule_id}@${f.file_path}`);
    expect(rules).toContain('command-injection@src/server.js');
    expect(rules).toContain('secret-in-file@.env');
    expect(rules).toContain('vulnerable-dependency@package-lock.json');
    expect(report.findings.every((f) => f.category === 'security')).toBe(true);
    const dependency = report.findings.find((f) => f.rule_id === 'vulnerable-dependency')!;
    expect(dependency.severity).toBe('high');
    expect(dependency.cwe).toEqual(['CWE-77', 'CWE-94']);
    expect(dependency.description).toContain('lodash@4.17.15');
    expect(report.notes ?? []).toEqual([]);
    expect(result.stdout).not.toContain('R8mK2vQ9xL4nT7wZ1pY6');
    expect(requests.at(-1)).toEqual({ lodash: ['4.17.15'], ms: ['2.1.3'] });
  });

  it('says the audit could not run when the registry is unreachable, and still reports the rest', async () => {
    const app = appWithDependencies();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await runCliAsync(['security-scan', '.', '--registry', `http://127.0.0.1:${port}`, '--format', 'json'], app);
    const report = ScanReport.parse(JSON.parse(result.stdout));
    expect(report.notes?.[0]).toMatch(/^dependency audit could not run: .*127\.0\.0\.1/);
    expect(report.findings.some((f) => f.rule_id === 'vulnerable-dependency')).toBe(false);
    expect(report.findings.some((f) => f.rule_id === 'command-injection')).toBe(true);
    const text = await runCliAsync(['security-scan', '.', '--registry', `http://127.0.0.1:${port}`, '--owasp'], app);
    expect(text.stdout).toContain('note: dependency audit could not run');
    expect(text.stdout).toContain('A03:2021-Injection');
  });

  it('checks regexes for ReDoS, which plain scan leaves to the security scan', async () => {
    const app = copyFixture('scan-app');
    writeFile(app, 'src/validate.js', 'exports.isWord = (s) => /^(\\w+\\s?)*$/.test(s);\n');
    const deep = ScanReport.parse(JSON.parse((await runCliAsync(['security-scan', 'src', '--no-audit', '--format', 'json'], app)).stdout));
    const redos = deep.findings.find((f) => f.rule_id === 'redos');
    expect(redos?.file_path).toBe('src/validate.js');
    expect(String(redos?.metadata.attack ?? '')).not.toBe('');
    const plain = ScanReport.parse(JSON.parse((await runCliAsync(['scan', 'src', '--format', 'json'], app)).stdout));
    expect(plain.findings.some((f) => f.rule_id === 'redos')).toBe(false);
  });

  it('exits 0 when nothing reaches --fail-on', async () => {
    const app = copyFixture('scan-app');
    const quiet = await runCliAsync(['security-scan', 'src/lib', '--no-audit', '--fail-on', 'critical'], app);
    expect(quiet.code).toBe(0);
  });

  it('with --fix --dry-run proposes and validates fixes but changes nothing', async () => {
    const app = copyFixture('scan-app', { git: true });
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: app, encoding: 'utf8' });
    const fix = await runCliAsync(['security-scan', 'src', '--fix', '--dry-run', '--dangerously-skip-permissions', '--no-tests'], app);
    expect(fix.stdout).toMatch(/\[PROPOSER\] Created \d+ proposals?/);
    expect(fix.stdout).toMatch(/Dry run: \d+ approved proposal\(s\) would be applied/);
    expect(fix.code).toBe(0);
    expect(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: app, encoding: 'utf8' })).toBe(head);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: app, encoding: 'utf8' })).toBe('');
    expect(execFileSync('git', ['branch', '--list', 'auto/*'], { cwd: app, encoding: 'utf8' })).toBe('');
  }, 120_000);
});
