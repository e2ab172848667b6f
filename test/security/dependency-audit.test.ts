import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Finding } from '../../src/models/finding.js';
import { fingerprintOf } from '../../src/scanner/finding-builder.js';
import { auditDependencies, findingsOf, firstUnaffectedAbove } from '../../src/security/dependency-audit.js';
import { objectKeyLines, parseNpmLockfile } from '../../src/security/lockfile.js';
import { nameAndVersionOfKey, parsePnpmLockfile } from '../../src/security/pnpm-lockfile.js';
import { parseYarnLockfile } from '../../src/security/yarn-lockfile.js';

const BULK_PATH = '/-/npm/v1/security/advisories/bulk';

/** What the fake registry knows; it answers with every advisory of each package asked about, like a lazy registry would. */
const ADVISORY_DB: Record<string, unknown[]> = {
  lodash: [
    {
      id: 1106913,
      url: 'https://github.com/advisories/GHSA-p6mc-m468-83gw',
      title: 'Prototype Pollution in lodash',
      severity: 'high',
      vulnerable_versions: '<4.17.21',
      cwe: ['CWE-1321'],
      cvss: { score: 7.4, vectorString: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' },
    },
  ],
  minimist: [
    {
      id: 1097677,
      url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h',
      title: 'Prototype Pollution in minimist',
      severity: 'moderate',
      vulnerable_versions: '<0.2.4 || >=1.0.0 <1.2.6',
      cwe: ['CWE-1321'],
      cvss: { score: 9.8, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    },
  ],
};

type Mode = 'ok' | 'status500' | 'hang' | 'malformed' | 'wrongShape';

interface ReceivedRequest {
  method: string;
  url: string;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  authorization: string | undefined;
  body: Record<string, string[]>;
}

interface FakeRegistry {
  url: string;
  requests: ReceivedRequest[];
  server: http.Server;
}

const servers: http.Server[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function startRegistry(mode: Mode, prefix = ''): Promise<FakeRegistry> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== `${prefix}${BULK_PATH}` || req.headers['content-type'] !== 'application/json') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      const raw = Buffer.concat(chunks);
      const decoded = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const body = JSON.parse(decoded.toString('utf8')) as Record<string, string[]>;
      requests.push({
        method: req.method,
        url: req.url,
        contentType: req.headers['content-type'],
        contentEncoding: req.headers['content-encoding'],
        authorization: req.headers.authorization,
        body,
      });
      if (mode === 'hang') return;
      if (mode === 'status500') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
        return;
      }
      if (mode === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"lodash": [ {"id": 1,');
        return;
      }
      if (mode === 'wrongShape') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ lodash: [{ id: 1, title: 'x' }] }));
        return;
      }
      const answer: Record<string, unknown[]> = {};
      for (const name of Object.keys(body)) if (ADVISORY_DB[name]) answer[name] = ADVISORY_DB[name];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${prefix}`, requests, server };
}

const LOCKFILE_V3 = {
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { lodash: '^4.17.0', 'left-pad': '^1.3.0', 'some-lib': '^2.0.0' } },
    'node_modules/left-pad': { version: '1.3.0' },
    'node_modules/lodash': { version: '4.17.15' },
    'node_modules/minimist': { version: '1.2.0', dev: true },
    'node_modules/mkdirp': { version: '0.5.6', dev: true },
    'node_modules/mkdirp/node_modules/minimist': { version: '1.2.8', dev: true },
    'node_modules/other-lib': { version: '1.0.0' },
    'node_modules/other-lib/node_modules/lodash': { version: '4.17.21' },
    'node_modules/some-lib': { version: '2.0.0' },
    'node_modules/some-lib/node_modules/lodash': { version: '4.17.15' },
    'node_modules/@scope/tool': { version: '3.1.0', dev: true },
    'node_modules/ws-local': { resolved: 'packages/ws-local', link: true },
    'packages/ws-local': { name: 'ws-local', version: '0.0.1' },
  },
};

function makeProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-dep-audit-'));
  tempDirs.push(root);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  return root;
}

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} not in text`);
  return index + 1;
}

const lockText = JSON.stringify(LOCKFILE_V3, null, 2);

describe('auditDependencies against a registry that answers', () => {
  it('sends every installed name@version once, gzip-encoded JSON, to the bulk endpoint', async () => {
    const registry = await startRegistry('ok');
    const root = makeProject({ 'package-lock.json': lockText });
    const result = await auditDependencies(root, { registry: registry.url });
    expect(result.ran).toBe(true);
    expect(registry.requests).toHaveLength(1);
    const [request] = registry.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(BULK_PATH);
    expect(request?.contentType).toBe('application/json');
    expect(request?.contentEncoding).toBe('gzip');
    expect(request?.body).toEqual({
      '@scope/tool': ['3.1.0'],
      'left-pad': ['1.3.0'],
      lodash: ['4.17.15', '4.17.21'],
      minimist: ['1.2.0', '1.2.8'],
      mkdirp: ['0.5.6'],
      'other-lib': ['1.0.0'],
      'some-lib': ['2.0.0'],
    });
    expect(result.packages_checked).toBe(9);
  });

  it('reports vulnerable versions with mapped severity, CWE, location and metadata', async () => {
    const registry = await startRegistry('ok');
    const root = makeProject({ 'package-lock.json': lockText });
    const result = await auditDependencies(root, { registry: registry.url });
    expect(result.ran).toBe(true);
    expect(result.reason).toBeUndefined();
    expect(result.findings.map((f) => `${String(f.metadata.package)}@${String(f.metadata.version)}`)).toEqual([
      'lodash@4.17.15',
      'minimist@1.2.0',
    ]);
    const [lodash, minimist] = result.findings as [Finding, Finding];
    for (const finding of result.findings) expect(() => Finding.parse(finding)).not.toThrow();

    expect(lodash.rule_id).toBe('vulnerable-dependency');
    expect(lodash.category).toBe('security');
    expect(lodash.severity).toBe('high');
    expect(lodash.cwe).toEqual(['CWE-1321']);
    expect(lodash.file_path).toBe('package-lock.json');
    expect(lodash.line_number).toBe(lineOf(lockText, '"node_modules/lodash": {'));
    expect(lodash.description).toContain('lodash@4.17.15');
    expect(lodash.description).toContain('Prototype Pollution in lodash');
    expect(lodash.description).toContain('<4.17.21');
    expect(lodash.recommendation).toContain('Upgrade lodash to 4.17.21 or a later version');
    expect(lodash.fingerprint).toBe(fingerprintOf('vulnerable-dependency', 'lodash@4.17.15#1106913', 0));
    expect(lodash.metadata).toMatchObject({
      package: 'lodash',
      version: '4.17.15',
      advisory_id: 1106913,
      url: 'https://github.com/advisories/GHSA-p6mc-m468-83gw',
      vulnerable_versions: '<4.17.21',
      first_unaffected_version: '4.17.21',
      dev: false,
      cvss_score: 7.4,
    });

    expect(minimist.severity).toBe('medium');
    expect(minimist.line_number).toBe(lineOf(lockText, '"node_modules/minimist": {'));
    expect(minimist.metadata).toMatchObject({ package: 'minimist', version: '1.2.0', advisory_id: 1097677, dev: true, first_unaffected_version: '1.2.6' });
    expect(minimist.description).toContain('(dev dependency)');
  });

  it('does not report installed versions outside the vulnerable range', async () => {
    const registry = await startRegistry('ok');
    const root = makeProject({ 'package-lock.json': lockText });
    const result = await auditDependencies(root, { registry: registry.url });
    const reported = result.findings.map((f) => String(f.metadata.version));
    expect(reported).not.toContain('4.17.21');
    expect(reported).not.toContain('1.2.8');
    expect(result.findings.some((f) => f.metadata.package === 'left-pad')).toBe(false);
  });

  it('reports a version installed twice (top level and nested) once, listing both locations', async () => {
    const registry = await startRegistry('ok');
    const root = makeProject({ 'package-lock.json': lockText });
    const result = await auditDependencies(root, { registry: registry.url });
    const lodash = result.findings.filter((f) => f.metadata.package === 'lodash');
    expect(lodash).toHaveLength(1);
    expect(lodash[0]?.metadata.paths).toEqual(['node_modules/lodash', 'node_modules/some-lib/node_modules/lodash']);
    expect(lodash[0]?.recommendation).toContain('overrides');
  });

  it('splits large requests into batches and merges the answers', async () => {
    const registry = await startRegistry('ok');
    const root = makeProject({ 'package-lock.json': lockText });
    const result = await auditDependencies(root, { registry: registry.url, batchSize: 2 });
    expect(registry.requests).toHaveLength(4);
    expect(registry.requests.map((r) => Object.keys(r.body).length)).toEqual([2, 2, 2, 1]);
    expect(result.findings).toHaveLength(2);
  });

  it('takes the registry from the project .npmrc, keeping a path prefix', async () => {
    const registry = await startRegistry('ok', '/npm/public');
    const root = makeProject({ 'package-lock.json': lockText, '.npmrc': `; comment\n@corp:registry=http://127.0.0.1:1/\nregistry=${registry.url}/\n` });
    const result = await auditDependencies(root);
    expect(result.ran).toBe(true);
    expect(registry.requests[0]?.url).toBe(`/npm/public${BULK_PATH}`);
    expect(result.findings).toHaveLength(2);
  });

  it('reads a lockfileVersion 1 dependency tree with nested entries, aliases and dev flags', async () => {
    const v1 = {
      name: 'old-app',
      lockfileVersion: 1,
      dependencies: {
        lodash: { version: '4.17.15' },
        mkdirp: {
          version: '0.5.1',
          dev: true,
          requires: { minimist: '0.0.8' },
          dependencies: { minimist: { version: '1.2.0', dev: true } },
        },
        'my-lodash': { version: 'npm:lodash@4.17.20' },
        'git-dep': { version: 'github:someone/git-dep#abc123' },
      },
    };
    const text = JSON.stringify(v1, null, 2);
    const registry = await startRegistry('ok');
    const root = makeProject({ 'package-lock.json': text });
    const result = await auditDependencies(root, { registry: registry.url });
    expect(result.ran).toBe(true);
    expect(registry.requests[0]?.body).toEqual({ lodash: ['4.17.15', '4.17.20'], minimist: ['1.2.0'], mkdirp: ['0.5.1'] });
    const byKey = new Map(result.findings.map((f) => [`${String(f.metadata.package)}@${String(f.metadata.version)}`, f]));
    expect([...byKey.keys()].sort()).toEqual(['lodash@4.17.15', 'lodash@4.17.20', 'minimist@1.2.0']);
    const nested = byKey.get('minimist@1.2.0');
    expect(nested?.metadata.paths).toEqual(['node_modules/mkdirp/node_modules/minimist']);
    expect(nested?.metadata.dev).toBe(true);
    // The nested "minimist" key, not some other line.
    const lines = text.split('\n');
    expect(lines[(nested?.line_number ?? 0) - 1]).toMatch(/^\s+"minimist": \{$/);
    expect(nested?.line_number).toBeGreaterThan(lineOf(text, '"mkdirp": {'));
    expect(byKey.get('lodash@4.17.20')?.line_number).toBe(lineOf(text, '"my-lodash": {'));
    expect(result.notes.join('\n')).toContain('github:someone/git-dep#abc123');
  });
});

describe('auditDependencies with pnpm and yarn lockfiles', () => {
  const PNPM_V6 = [
    "lockfileVersion: '6.0'",
    '',
    'dependencies:',
    '  lodash:',
    '    specifier: ^4.17.0',
    '    version: 4.17.15',
    '',
    'packages:',
    '',
    '  /lodash@4.17.15:',
    "    resolution: {integrity: sha512-x}",
    '    dev: false',
    '',
    '  /minimist@1.2.0:',
    "    resolution: {integrity: sha512-y}",
    '    dev: true',
    '',
    "  '@scope/tool@3.1.0(react@18.2.0)':",
    "    resolution: {integrity: sha512-z}",
    '    dev: true',
    '',
  ].join('\n');

  it('audits the packages of pnpm-lock.yaml with their lines and dev flags', async () => {
    const registry = await startRegistry('ok');
    const root = makeProject({ 'pnpm-lock.yaml': PNPM_V6, 'yarn.lock': '' });
    const result = await auditDependencies(root, { registry: registry.url });
    expect(result.ran).toBe(true);
    expect(result.lockfile).toBe('pnpm-lock.yaml');
    expect(registry.requests[0]?.body).toEqual({ '@scope/tool': ['3.1.0'], lodash: ['4.17.15'], minimist: ['1.2.0'] });
    expect(result.findings.map((f) => [f.file_path, f.line_number, f.metadata.package, f.metadata.dev])).toEqual([
      ['pnpm-lock.yaml', 10, 'lodash', false],
      ['pnpm-lock.yaml', 14, 'minimist', true],
    ]);
    expect(result.notes).toEqual(['yarn.lock is also present; only pnpm-lock.yaml was audited']);
  });

  it('reads yarn 1 entries, with several descriptors and aliases', () => {
    const text = [
      '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.',
      '# yarn lockfile v1',
      '',
      '',
      '"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":',
      '  version "7.12.13"',
      '  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.12.13.tgz"',
      '  dependencies:',
      '    "@babel/highlight" "^7.12.13"',
      '',
      'lodash@^4.17.15, lodash@^4.17.4:',
      '  version "4.17.15"',
      '',
      '"my-lodash@npm:lodash@^4.17.20":',
      '  version "4.17.20"',
      '',
      'git-dep@github:someone/git-dep:',
      '  version "0.0.0-git"',
      '  resolved "https://codeload.github.com/someone/git-dep/tar.gz/abc"',
    ].join('\n');
    const parsed = parseYarnLockfile(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const summary = [...parsed.lockfile.packages].map(([name, versions]) => [name, [...versions].map(([v, where]) => [v, where.line])]);
    expect(summary).toEqual([
      ['@babel/code-frame', [['7.12.13', 5]]],
      ['lodash', [['4.17.15', 11], ['4.17.20', 14]]],
      ['git-dep', [['0.0.0-git', 17]]],
    ]);
  });

  it('reads yarn berry entries and skips workspaces and patches', async () => {
    const text = [
      '__metadata:',
      '  version: 6',
      '  cacheKey: 8',
      '',
      '"lodash@npm:^4.17.0":',
      '  version: 4.17.15',
      '  resolution: "lodash@npm:4.17.15"',
      '  checksum: abc',
      '  languageName: node',
      '  linkType: hard',
      '',
      '"my-app@workspace:.":',
      '  version: 0.0.0-use.local',
      '  resolution: "my-app@workspace:."',
      '',
      '"resolve@patch:resolve@npm%3A^1.20.0#~builtin<compat/resolve>":',
      '  version: 1.22.1',
      '  resolution: "resolve@patch:resolve@npm%3A1.22.1#~builtin<compat/resolve>::version=1.22.1&hash=07638b"',
    ].join('\n');
    const registry = await startRegistry('ok');
    const root = makeProject({ 'yarn.lock': text });
    const result = await auditDependencies(root, { registry: registry.url });
    expect(result.ran).toBe(true);
    expect(registry.requests[0]?.body).toEqual({ lodash: ['4.17.15'] });
    expect(result.findings.map((f) => [f.file_path, f.line_number, f.metadata.package])).toEqual([['yarn.lock', 5, 'lodash']]);
    expect(result.notes.join('\n')).toContain('my-app@workspace:.');
  });

  it.each([
    ['/lodash/4.17.15', 'lodash', '4.17.15'],
    ['/lodash/4.17.15_react@18.0.0', 'lodash', '4.17.15'],
    ['/@babel/core/7.0.0_supports-color@5.5.0', '@babel/core', '7.0.0'],
    ['/string_decoder/1.3.0', 'string_decoder', '1.3.0'],
    ['/@scope/name@1.0.0(react@18.0.0)', '@scope/name', '1.0.0'],
    ['/foo@1.0.0-beta.1(bar@2.0.0)(baz@3.0.0)', 'foo', '1.0.0-beta.1'],
    ['lodash@4.17.15', 'lodash', '4.17.15'],
    ['@scope/name@1.0.0', '@scope/name', '1.0.0'],
  ])('reads the pnpm key %s as %s@%s', (key, name, version) => {
    expect(nameAndVersionOfKey(key)).toEqual({ name, version });
  });

  it('reads pnpm 9 keys and records tarball entries as skipped', () => {
    const parsed = parsePnpmLockfile(
      ["lockfileVersion: '9.0'", '', 'packages:', '', '  lodash@4.17.15:', '    resolution: {integrity: x}', '', "  'tar@https://example.com/tar.tgz':", '    resolution: {tarball: x}', '', 'snapshots:', '', '  lodash@4.17.15: {}'].join('\n'),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.lockfile.lockfileVersion).toBe(9);
    expect([...parsed.lockfile.packages.keys()]).toEqual(['lodash']);
    expect(parsed.lockfile.packages.get('lodash')?.get('4.17.15')).toEqual({ line: 5, dev: false, paths: ['lodash@4.17.15'] });
    expect(parsed.lockfile.skipped).toEqual(['tar@https://example.com/tar.tgz (https://example.com/tar.tgz)']);
  });
});

describe('auditDependencies when the check cannot run', () => {
  it('says the registry failed when it answers HTTP 500', async () => {
    const registry = await startRegistry('status500');
    const root = makeProject({ 'package-lock.json': lockText });
    const result = await auditDependencies(root, { registry: registry.url });
    expect(result.ran).toBe(false);
    expect(result.findings).toEqual([]);
    expect(result.reason).toContain(registry.url);
    expect(result.reason).toContain('HTTP 500');
  });

  it('gives up after the timeout when the registry never answers', async () => {
    const registry = await startRegistry('hang');
    const root = makeProject({ 'package-lock.json': lockText });
    const started = Date.now();
    const result = await auditDependencies(root, { registry: registry.url, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(registry.requests).toHaveLength(1);
    expect(result.ran).toBe(false);
    expect(result.findings).toEqual([]);
    expect(result.reason).toBe(`registry ${registry.url}: no answer within 300 ms`);
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    const registry = await startRegistry('ok');
    await new Promise((resolve) => registry.server.close(resolve));
    const root = makeProject({ 'package-lock.json': lockText });
    const result = await auditDependencies(root, { registry: registry.url });
    expect(result.ran).toBe(false);
    expect(result.reason).toBe(`registry ${registry.url}: connection refused (ECONNREFUSED)`);
  });

  it('says the answer was not JSON when the registry sends malformed JSON', async () => {
    const registry = await startRegistry('malformed');
    const root = makeProject({ 'package-lock.json': lockText });
    const result = await auditDependencies(root, { registry: registry.url });
    expect(result.ran).toBe(false);
    expect(result.findings).toEqual([]);
    expect(result.reason).toMatch(/not valid JSON/);
  });

  it('refuses an answer whose advisories lack the fields it needs', async () => {
    const registry = await startRegistry('wrongShape');
    const root = makeProject({ 'package-lock.json': lockText });
    const result = await auditDependencies(root, { registry: registry.url });
    expect(result.ran).toBe(false);
    expect(result.reason).toMatch(/unexpected advisory response at lodash\.0/);
  });

  it('sends credentials of the registry URL as basic auth and keeps them out of the reason', async () => {
    const registry = await startRegistry('status500');
    const root = makeProject({ 'package-lock.json': lockText });
    const withAuth = registry.url.replace('http://', 'http://user:s3cret@');
    const result = await auditDependencies(root, { registry: withAuth });
    expect(result.ran).toBe(false);
    expect(registry.requests[0]?.authorization).toBe(`Basic ${Buffer.from('user:s3cret').toString('base64')}`);
    expect(result.reason).toBe(`registry ${registry.url} answered HTTP 500 Internal Server Error to the advisory request`);
    expect(result.reason).not.toContain('s3cret');
  });

  it('says there is no package-lock.json when the project has none', async () => {
    const root = makeProject({ 'package.json': '{"name":"x"}' });
    const result = await auditDependencies(root, { registry: 'http://127.0.0.1:1' });
    expect(result).toMatchObject({ ran: false, reason: 'no package-lock.json, pnpm-lock.yaml or yarn.lock', findings: [], packages_checked: 0 });
  });

  it('names a bun lockfile as not supported yet', async () => {
    const root = makeProject({ 'bun.lockb': 'binary' });
    const result = await auditDependencies(root, { registry: 'http://127.0.0.1:1' });
    expect(result.ran).toBe(false);
    expect(result.reason).toBe('no package-lock.json, pnpm-lock.yaml or yarn.lock (found bun.lockb: not supported yet)');
  });

  it('says the lockfile is broken rather than that nothing is vulnerable', async () => {
    const root = makeProject({ 'package-lock.json': '{"lockfileVersion": 3, "packages": {' });
    const result = await auditDependencies(root, { registry: 'http://127.0.0.1:1' });
    expect(result.ran).toBe(false);
    expect(result.reason).toMatch(/^package-lock.json is not valid JSON/);
  });

  it('runs without asking the registry when nothing is installed', async () => {
    const root = makeProject({ 'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'x' } } }) });
    const result = await auditDependencies(root, { registry: 'http://127.0.0.1:1' });
    expect(result).toMatchObject({ ran: true, findings: [], packages_checked: 0 });
  });
});

describe('findingsOf', () => {
  it('sets aside an advisory whose range semver cannot read instead of calling the version safe', () => {
    const parsed = parseNpmLockfile(lockText);
    if (!parsed.ok) throw new Error(parsed.reason);
    const result = findingsOf(parsed.lockfile, {
      lodash: [{ id: 7, title: 'Odd range', severity: 'low', vulnerable_versions: 'not a range!!' }],
    });
    expect(result.findings).toEqual([]);
    expect(result.unparsableRanges).toEqual([{ name: 'lodash', advisory: '7', range: 'not a range!!' }]);
  });
});

describe('firstUnaffectedAbove', () => {
  it.each([
    ['4.17.15', '<4.17.21', '4.17.21'],
    ['1.2.0', '<0.2.4 || >=1.0.0 <1.2.6', '1.2.6'],
    ['0.1.0', '<0.2.4 || >=1.0.0 <1.2.6', '0.2.4'],
    ['1.5.0', '<2.0.0 || >=2.0.0 <3.0.0', '3.0.0'],
    ['1.0.0', '<=1.2.3', undefined],
    ['5.0.0', '>=5.0.0', undefined],
  ])('for %s in %s is %s', (version, range, expected) => {
    expect(firstUnaffectedAbove(version, range)).toBe(expected);
  });
});

describe('lockfile reading', () => {
  it('finds the line of each object-valued key by its path', () => {
    const text = '{\n  "a": {\n    "b\\"x": { "c": [ {"d": {}} ] },\n    "e": "{"\n  },\n  "f": {}\n}';
    const lines = objectKeyLines(text);
    expect(lines.get('a')).toBe(2);
    expect(lines.get('a\u0000b"x')).toBe(3);
    expect(lines.get('f')).toBe(6);
    expect(lines.has('a\u0000e')).toBe(false);
  });

  it('ignores workspace folders and links, and uses an entry name that differs from its folder', () => {
    const parsed = parseNpmLockfile(
      JSON.stringify({
        lockfileVersion: 2,
        packages: {
          '': { version: '1.0.0' },
          'packages/a': { version: '1.0.0' },
          'node_modules/a': { link: true, resolved: 'packages/a' },
          'node_modules/aliased': { name: 'real-pkg', version: '2.0.0' },
        },
        dependencies: { ignored: { version: '9.9.9' } },
      }),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect([...parsed.lockfile.packages.keys()]).toEqual(['real-pkg']);
  });
});
