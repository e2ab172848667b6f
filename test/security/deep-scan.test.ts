// The deep scan of one change: only what the new text adds counts, matched across line shifts.
import { describe, expect, it } from 'vitest';
import { dangerousPatterns, deepScan, securityScore } from '../../src/security/deep-scan.js';

const vulnerable = "import { exec } from 'node:child_process';\nexport function run(cmd: string) {\n  exec(`ls ${cmd}`);\n}\n";

describe('deepScan', () => {
  it('scores a change that removes a vulnerability 1.0 and lists what it removed', async () => {
    const fixed = "import { execFile } from 'node:child_process';\nexport function run(cmd: string) {\n  execFile('ls', [cmd]);\n}\n";
    const result = await deepScan('src/run.ts', vulnerable, fixed);
    expect(result.introduced).toEqual([]);
    expect(result.removed.length).toBeGreaterThan(0);
    expect(result.score).toBe(1);
  });

  it('ignores an existing finding that only moved down', async () => {
    const result = await deepScan('src/run.ts', vulnerable, `// header\n// more\n${vulnerable}`);
    expect(result.introduced).toEqual([]);
    expect(result.dangerous).toEqual([]);
    expect(result.score).toBe(1);
  });

  it('reports what a change introduces and lowers the score', async () => {
    const result = await deepScan('src/run.ts', 'export const x = 1;\n', vulnerable);
    expect(result.introduced.some((f) => f.rule_id === 'command-injection')).toBe(true);
    expect(result.score).toBeLessThan(1);
    expect(result.dangerous.map((d) => d.kind)).toContain('exec-computed-command');
  });

  it('finds a hardcoded secret added by the change', async () => {
    const token = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');
    const result = await deepScan('src/config.ts', 'export const a = 1;\n', `export const a = 1;\nexport const token = '${token}';\n`);
    expect(result.introduced.length).toBeGreaterThan(0);
    expect(result.score).toBeLessThan(1);
  });
});

describe('dangerousPatterns', () => {
  it.each([
    ['eval', 'eval(code);'],
    ['new-function', "const f = new Function('a', body);"],
    ['shell-true', "spawn('ls', [], { shell: true });"],
    ['tls-disabled', "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';"],
    ['tls-disabled', 'https.request({ rejectUnauthorized: false });'],
    ['unsafe-deserialization', "import v8 from 'node:v8';\nv8.deserialize(buf);"],
    ['unsafe-deserialization', "import yaml from 'js-yaml';\nyaml.load(text);"],
    ['unsafe-deserialization', "import s from 'node-serialize';\ns.unserialize(data);"],
  ])('finds %s in %s', (kind, code) => {
    expect(dangerousPatterns('a.ts', code).map((d) => d.kind)).toContain(kind);
  });

  it.each([
    "import { exec } from 'node:child_process';\nexec('ls -la');",
    "import yaml from 'js-yaml';\nyaml.load(text, { schema: yaml.JSON_SCHEMA });",
    "spawn('ls', [], { shell: false });",
    'const evaluate = (x: number) => x;',
  ])('leaves safe code alone: %s', (code) => {
    expect(dangerousPatterns('a.ts', code)).toEqual([]);
  });
});

describe('securityScore', () => {
  it('takes weights off by severity with a floor of 0', () => {
    expect(securityScore([])).toBe(1);
    expect(securityScore([{ severity: 'high' }])).toBe(0.6);
    expect(securityScore([{ severity: 'medium' }, { severity: 'low' }])).toBe(0.8);
    expect(securityScore([{ severity: 'critical' }, { severity: 'critical' }])).toBe(0);
  });
});
