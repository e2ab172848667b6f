// End-to-end: the built binary scans copies of fixtures/scan-app in temp folders.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { Finding, ScanReport } from '../../src/models/finding.js';
import { copyFixture, runCli, writeFile } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
// The official SARIF 2.1.0 JSON schema (draft-04), as shipped in Microsoft's @microsoft/jest-sarif.
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const Ajv = require('ajv') as new (options: object) => { addMetaSchema(schema: object): void; compile(schema: object): Validate };
const ajv = new Ajv({ schemaId: 'auto', validateSchema: false, allErrors: true });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
const validateSarif = ajv.compile(sarifSchema);

function scanJson(dir: string, extra: string[] = []): { code: number; report: ScanReport; stderr: string } {
  const result = runCli(['scan', '.', '--format', 'json', ...extra], dir);
  expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // no stack traces
  return { code: result.code, report: ScanReport.parse(JSON.parse(result.stdout)), stderr: result.stderr };
}

const ids = (report: ScanReport): string[] => report.findings.map((f) => `${f.rule_id}@${f.file_path}:${f.line_number}`);

describe('autonomous scan', () => {
  let app: string;
  beforeAll(() => {
    app = copyFixture('scan-app', { git: true });
    // Files that must never be scanned: ignored by .gitignore, dependencies, build output.
    writeFile(app, 'ignored/skipped.js', "require('child_process').exec(process.argv[2]);\n");
    writeFile(app, 'node_modules/pkg/index.js', "require('child_process').exec(process.argv[2]);\n");
    writeFile(app, 'dist/bundle.js', "require('child_process').exec(process.argv[2]);\n");
  });

  it('reports findings as Finding objects, with imports and aliases resolved', () => {
    const { code, report } = scanJson(app);
    expect(code).toBe(0);
    for (const finding of report.findings) expect(() => Finding.parse(finding)).not.toThrow();
    const found = ids(report);
    expect(found).toContain('command-injection@src/server.js:6');
    expect(found).toContain('loose-equality@src/lib/util.ts:2');
    // `run('git rev-parse HEAD')` is a constant command: not reported.
    expect(found.filter((f) => f.startsWith('command-injection'))).toEqual(['command-injection@src/server.js:6']);
    // `value == null` is the accepted idiom.
    expect(found).not.toContain('loose-equality@src/lib/util.ts:6');
    const injection = report.findings.find((f) => f.rule_id === 'command-injection')!;
    expect(injection.severity).toBe('high');
    expect(injection.cwe).toEqual(['CWE-78']);
    expect(injection.confidence).toBeGreaterThanOrEqual(0.9);
    expect(injection.description).toContain('req.query.dir');
  });

  it('skips .gitignored files, node_modules and build output', () => {
    const { report } = scanJson(app);
    const files = new Set(report.findings.map((f) => f.file_path));
    expect([...files].some((f) => f.startsWith('ignored/') || f.startsWith('node_modules/') || f.startsWith('dist/'))).toBe(false);
  });

  it('reports a file that does not parse as one parse-error finding and goes on', () => {
    const { report } = scanJson(app);
    const parseErrors = report.findings.filter((f) => f.rule_id === 'parse-error');
    expect(parseErrors.map((f) => f.file_path)).toEqual(['src/broken.ts']);
    expect(parseErrors[0]!.severity).toBe('info');
    expect(report.findings.some((f) => f.file_path === 'src/server.js')).toBe(true);
  });

  it('honours inline suppressions and counts them', () => {
    const { report } = scanJson(app);
    expect(report.findings.filter((f) => f.file_path === 'src/lib/quiet.ts' && f.rule_id === 'loose-equality')).toEqual([]);
    expect(report.suppressed).toBe(2);
  });

  it('finds the import cycle between project modules', () => {
    const { report } = scanJson(app);
    const cycles = report.findings.filter((f) => f.rule_id === 'import-cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.description).toContain('src/lib/a.ts -> src/lib/b.ts -> src/lib/a.ts');
  });

  it('sets the exit code from --fail-on', () => {
    expect(runCli(['scan', '.', '--fail-on', 'high', '--format', 'json'], app).code).toBe(1);
    expect(runCli(['scan', 'src/lib', '--fail-on', 'high', '--format', 'json'], app).code).toBe(0);
    expect(runCli(['scan', 'src/lib', '--fail-on', 'low', '--format', 'json'], app).code).toBe(1);
  });

  it('filters by category, minimum severity and rule', () => {
    expect(new Set(scanJson(app, ['--category', 'security']).report.findings.map((f) => f.category))).toEqual(new Set(['security']));
    expect(scanJson(app, ['--severity', 'high']).report.findings.every((f) => ['high', 'critical'].includes(f.severity))).toBe(true);
    expect(new Set(scanJson(app, ['--rule', 'loose-equality']).report.findings.map((f) => f.rule_id))).toEqual(new Set(['loose-equality']));
  });

  it('writes SARIF 2.1.0 that validates against the official schema', () => {
    const out = path.join(app, 'results.sarif');
    const result = runCli(['scan', '.', '--format', 'sarif', '--output', out], app);
    expect(result.code).toBe(0);
    const log = JSON.parse(fs.readFileSync(out, 'utf8'));
    const valid = validateSarif(log);
    expect(validateSarif.errors ?? [], JSON.stringify(validateSarif.errors)).toEqual([]);
    expect(valid).toBe(true);
    const run = log.runs[0];
    expect(log.version).toBe('2.1.0');
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const r of run.results) {
      expect(ruleIds[r.ruleIndex]).toBe(r.ruleId);
      expect(r.partialFingerprints['autonomousFingerprint/v1']).toMatch(/^[0-9a-f]{32}$/);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/^\//);
    }
    const injection = run.tool.driver.rules.find((r: { id: string }) => r.id === 'command-injection');
    expect(injection.properties.tags).toEqual(expect.arrayContaining(['security', 'external/cwe/cwe-78']));
    expect(injection.properties['security-severity']).toBe('8.0');
    fs.rmSync(out);
  });

  it('saves the last scan under .autonomous/ and keeps it out of git', () => {
    scanJson(app);
    const saved = ScanReport.parse(JSON.parse(fs.readFileSync(path.join(app, '.autonomous', 'scans', 'last.json'), 'utf8')));
    expect(saved.findings.length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(app, '.git', 'info', 'exclude'), 'utf8')).toContain('/.autonomous/');
  });
});

describe('autonomous scan with a baseline', () => {
  it('reports only new findings, across moved lines and renamed files', () => {
    const app = copyFixture('scan-app', { git: true });
    const baseline = path.join(app, 'baseline.json');
    const update = runCli(['scan', 'src', '--baseline', baseline, '--update-baseline', '--format', 'json'], app);
    expect(update.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(baseline, 'utf8')).findings.length).toBeGreaterThan(0);

    const clean = runCli(['scan', 'src', '--baseline', baseline, '--fail-on', 'low', '--format', 'json'], app);
    expect(clean.code).toBe(0);
    expect(ScanReport.parse(JSON.parse(clean.stdout)).findings).toEqual([]);

    // Shift every line of server.js, rename util.ts, and add one new problem.
    const server = path.join(app, 'src', 'server.js');
    fs.writeFileSync(server, `// a new header line\n\n${fs.readFileSync(server, 'utf8')}`);
    fs.renameSync(path.join(app, 'src', 'lib', 'util.ts'), path.join(app, 'src', 'lib', 'helpers.ts'));
    writeFile(app, 'src/lib/new.ts', 'export function eq(a: unknown, b: unknown): boolean {\n  return a != b;\n}\n');
    const after = runCli(['scan', 'src', '--baseline', baseline, '--format', 'json'], app);
    const report = ScanReport.parse(JSON.parse(after.stdout));
    expect(ids(report).filter((id) => !id.startsWith('missing-test'))).toEqual(['loose-equality@src/lib/new.ts:2']);
    expect(report.baseline_matched).toBeGreaterThan(0);
  });

  it('rejects a missing baseline file with exit code 2', () => {
    const app = copyFixture('scan-app');
    const result = runCli(['scan', 'src', '--baseline', 'nope.json'], app);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nope.json');
    expect(result.stderr.trim().split('\n')[0]).toMatch(/^autonomous: --baseline .*nope\.json: file not found$/);
  });
});

describe('autonomous scan cache', () => {
  it('reuses unchanged files and re-scans exactly the changed one', () => {
    const app = copyFixture('scan-app');
    const first = runCli(['scan', 'src', '--no-frames'], app);
    expect(first.stdout).not.toContain('from cache');
    const cold = runCli(['scan', 'src', '--format', 'json', '--no-cache'], app);
    const second = runCli(['scan', 'src', '--no-frames'], app);
    const files = fs.readdirSync(path.join(app, 'src'), { recursive: true }).filter((f) => /\.(ts|js)$/.test(String(f))).length;
    expect(second.stdout).toContain(`${files}/${files} from cache`);
    const warm = runCli(['scan', 'src', '--format', 'json'], app);
    const findingIds = (stdout: string): string[] => ScanReport.parse(JSON.parse(stdout)).findings.map((f) => f.finding_id);
    expect(findingIds(warm.stdout)).toEqual(findingIds(cold.stdout));
    fs.appendFileSync(path.join(app, 'src', 'lib', 'util.ts'), '\nexport const x = (v: unknown): boolean => v == 2;\n');
    const third = runCli(['scan', 'src', '--format', 'json'], app);
    expect(ScanReport.parse(JSON.parse(third.stdout)).findings.some((f) => f.file_path === 'src/lib/util.ts' && f.line_number === 9)).toBe(true);
    const fourth = runCli(['scan', 'src', '--no-frames'], app);
    expect(fourth.stdout).toContain(`${files}/${files} from cache`);
  });

  it('serves a repeated scan of an unchanged tree whole, and notices added, removed and touched files', () => {
    const app = copyFixture('scan-app');
    const scan = (): ScanReport => ScanReport.parse(JSON.parse(runCli(['scan', 'src', '--format', 'json'], app).stdout));
    const first = scan();
    const again = scan();
    expect(again.findings).toEqual(first.findings);
    expect(again.scan_id).not.toBe(first.scan_id);
    expect(fs.existsSync(path.join(app, '.autonomous', 'cache', 'last-run.json'))).toBe(true);

    fs.rmSync(path.join(app, 'src', 'server.js'));
    const removed = scan();
    expect(removed.files_scanned).toBe(first.files_scanned - 1);
    expect(removed.findings.some((f) => f.file_path === 'src/server.js')).toBe(false);

    writeFile(app, 'src/extra.ts', 'export const same = (a: unknown, b: unknown): boolean => a != b;\n');
    expect(scan().findings.some((f) => f.file_path === 'src/extra.ts' && f.rule_id === 'loose-equality')).toBe(true);

    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(app, 'src', 'extra.ts'), later, later);
    const touched = runCli(['scan', 'src', '--no-frames'], app);
    expect(touched.stdout).toMatch(/from cache/);
    expect(scan().findings.some((f) => f.file_path === 'src/extra.ts')).toBe(true);
  });

  it('starts a fresh cache when the rule configuration changes', () => {
    const app = copyFixture('scan-app');
    runCli(['scan', 'src', '--no-frames'], app);
    writeFile(app, 'autonomous.config.json', JSON.stringify({ rules: { 'loose-equality': 'off' } }));
    const result = runCli(['scan', 'src', '--format', 'json'], app);
    expect(ScanReport.parse(JSON.parse(result.stdout)).findings.some((f) => f.rule_id === 'loose-equality')).toBe(false);
    const again = runCli(['scan', 'src', '--no-frames'], app);
    expect(again.stdout).toContain('from cache');
  });
});

describe('autonomous scan on bad input', () => {
  it('reports a bad config value with the file, the key and exit code 2', () => {
    const app = copyFixture('scan-app');
    writeFile(app, 'autonomous.config.json', JSON.stringify({ scan: { maxFileSizeKb: 'big' } }));
    const result = runCli(['scan', 'src'], app);
    expect(result.code).toBe(2);
    const first = result.stderr.split('\n')[0]!;
    expect(first).toContain('autonomous.config.json');
    expect(first).toContain('scan.maxFileSizeKb');
    expect(first).toMatch(/expected number/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a bad "autonomous" key in package.json', () => {
    const app = copyFixture('scan-app');
    writeFile(app, 'package.json', JSON.stringify({ name: 'x', autonomous: { rules: { 'no-such-rule': 'off' } } }));
    const result = runCli(['scan', 'src'], app);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('rules.no-such-rule');
  });

  it('rejects unknown options, bad option values and missing targets with exit code 2', () => {
    const app = copyFixture('scan-app');
    expect(runCli(['scan', '--frobnicate'], app).code).toBe(2);
    const severity = runCli(['scan', '--severity', 'urgent'], app);
    expect(severity.code).toBe(2);
    expect(severity.stderr).toContain('--severity urgent');
    const missing = runCli(['scan', 'no/such/dir'], app);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/dir');
  });

  it('reports an oversized file instead of scanning it', () => {
    const app = copyFixture('scan-app');
    writeFile(app, 'autonomous.config.json', JSON.stringify({ scan: { maxFileSizeKb: 1 } }));
    writeFile(app, 'src/huge.ts', `export const data = [\n${'  1,\n'.repeat(600)}];\n`);
    const { report } = scanJson(app);
    expect(report.findings.filter((f) => f.rule_id === 'file-too-large').map((f) => f.file_path)).toEqual(['src/huge.ts']);
  });

  it('still reports when .autonomous/ cannot be written, with a warning', () => {
    const app = copyFixture('scan-app');
    writeFile(app, '.autonomous', 'not a folder\n'); // as unwritable as it gets when tests run as root
    const result = runCli(['scan', 'src', '--format', 'json'], app);
    expect(result.code).toBe(0);
    expect(ScanReport.parse(JSON.parse(result.stdout)).findings.length).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/^autonomous: warning: cannot save the scan under .*\.autonomous/m);
  });

  it('treats an unknown command as a usage error with a suggestion, exit code 2', () => {
    const app = copyFixture('scan-app');
    const result = runCli(['sacn', 'src'], app);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'sacn'/);
    expect(result.stderr).toMatch(/scan/);
  });
});

describe('autonomous scan with worker threads', () => {
  it('finds the same findings with --jobs 2 as with one thread', () => {
    const app = copyFixture('scan-app');
    for (let i = 0; i < 320; i++) {
      writeFile(app, `gen/m${i}.js`, `const cp = require('child_process');\nexports.f${i} = (req) => cp.exec('ls ' + req.query.p${i});\nexports.g = (a, b) => a == b;\n`);
    }
    const one = scanJson(app, ['--jobs', '1', '--no-cache']).report;
    const two = scanJson(app, ['--jobs', '2', '--no-cache']).report;
    expect(two.findings.map((f) => f.finding_id)).toEqual(one.findings.map((f) => f.finding_id));
    expect(one.findings.filter((f) => f.rule_id === 'command-injection')).toHaveLength(321);
  });
});

describe('autonomous scan and secrets', () => {
  it('never prints or stores a found secret, in any format', () => {
    const app = copyFixture('scan-app');
    const secret = ['sk-ant-api03', 'Xq7Zp2Lm9Rt4Vb8Nw1Kd5Hs3Jf6Gy0Tc2Ue4Ia7Ob9Pq1Wr3Es5Dt7Fu9Gv1Hw3Jx5Ky7Lz9Ma1'].join('-');
    writeFile(app, 'src/config.ts', `export const config = {\n  apiKey: '${secret}',\n};\n`);
    const text = runCli(['scan', 'src'], app);
    expect(text.stdout).toContain('hardcoded-secret');
    expect(text.stdout).toContain('<redacted');
    const json = runCli(['scan', 'src', '--format', 'json'], app);
    const sarif = runCli(['scan', 'src', '--format', 'sarif'], app);
    const finding = ScanReport.parse(JSON.parse(json.stdout)).findings.find((f) => f.rule_id === 'hardcoded-secret');
    expect(finding?.severity).toBe('critical');
    const stored = fs
      .readdirSync(path.join(app, '.autonomous'), { recursive: true })
      .map((f) => path.join(app, '.autonomous', String(f)))
      .filter((f) => fs.statSync(f).isFile())
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    for (const output of [text.stdout, text.stderr, json.stdout, sarif.stdout, stored]) {
      expect(output).not.toContain(secret.slice(8, 30));
    }
  });
});
