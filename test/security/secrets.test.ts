import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Finding } from '../../src/models/finding.js';
import { findEntropyAssignments, findExtraFormats, isLikelySecretValue } from '../../src/security/secret-patterns.js';
import { findSecrets, scanSecrets } from '../../src/security/secrets.js';
import { writeFile } from '../helpers/cli.js';

// Every secret is assembled at run time so this file never carries a full token literal.
const secrets = {
  awsKeyId: 'AKIA' + 'QYLPMN5HHHFPZAM2',
  awsSecret: 'Zk3nR8pQ2vX7mL4tY9wB' + '1cD6fH0jK5sAe2Gu8Iy3',
  dbPassword: 'Tr0ub4dor' + '-3xKq9vPz7wM',
  github: 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0' + 'K1l2M3n4O5p6Q7r8',
  slack: 'xoxb-' + '123456789012-1234567890123-' + 'AbCdEfGhIjKlMnOpQrStUvWx',
  xai: 'xai-' + 'Qw3rTy8uIo1pAs5dFg7hJk2lZx' + '9cVb4nMm6QaWsEdRfTgYhUjIkOlP',
  ignoredGithub: 'ghp_' + 'Z9y8X7w6V5u4T3s2R1q0' + 'P9o8N7m6L5k4J3i2',
  binaryGithub: 'ghp_' + 'B1n4ryB1n4ryB1n4ryB1' + 'n4ryB1n4ryB1n4Xy',
  lockToken: 'Lk9' + 'xQ2mZ7vB4nW8pR3tY6sD1f',
  sourceToken: 'ghp_' + 'S0urc3S0urc3S0urc3S0' + 'urc3S0urc3S0ur3A',
};
const privateKey = generateKeyPairSync('rsa', {
  modulusLength: 1024,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Autonomous Tests',
  GIT_AUTHOR_EMAIL: 'tests@example.invalid',
  GIT_COMMITTER_NAME: 'Autonomous Tests',
  GIT_COMMITTER_EMAIL: 'tests@example.invalid',
};

function makeRepo(options: { git: boolean }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-secrets-'));
  writeFile(dir, '.gitignore', '.env.local\n');
  writeFile(
    dir,
    '.env',
    [
      `AWS_ACCESS_KEY_ID=${secrets.awsKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${secrets.awsSecret}`,
      `DB_PASSWORD=${secrets.dbPassword}`,
      'API_KEY=changeme',
      'SECRET_TOKEN=${SECRET_TOKEN}',
      'ADMIN_PASSWORD=<your-admin-password>',
      'AUTH_TOKEN=your-token-goes-here-0123456789',
      'CLIENT_SECRET=xxxxxxxxxxxxxxxxxxxxxxxx',
      'PASSWORD_MIN_LENGTH=16',
      '',
    ].join('\n'),
  );
  writeFile(dir, 'config/config.yaml', `service:\n  name: api\n  github_token: "${secrets.github}"\n`);
  writeFile(dir, 'settings.json', `{\n  "notify": { "slack": "${secrets.slack}" }\n}\n`);
  writeFile(dir, 'keys/id_rsa', privateKey);
  writeFile(dir, 'docs/notes.md', `Set the key:\n\n    XAI=${secrets.xai}\n`);
  writeFile(dir, '.env.local', `GITHUB_TOKEN=${secrets.ignoredGithub}\n`);
  fs.writeFileSync(path.join(dir, 'blob.bin'), Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`token=${secrets.binaryGithub}`)]));
  writeFile(dir, 'package-lock.json', `{ "token": "${secrets.lockToken}" }\n`);
  writeFile(dir, 'src/client.ts', `export const token = '${secrets.sourceToken}';\n`);
  if (options.git) {
    const git = (...args: string[]): void => {
      execFileSync('git', args, { cwd: dir, env: gitEnv, stdio: 'ignore' });
    };
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'fixture');
  }
  return dir;
}

const dirs: string[] = [];
let gitRepo: string;
beforeAll(() => {
  gitRepo = makeRepo({ git: true });
  dirs.push(gitRepo);
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function summary(findings: Finding[]): string[] {
  return findings
    .map((f) => `${f.file_path}:${f.line_number}:${f.column} ${f.severity} ${String(f.metadata['kind'])}`)
    .sort();
}

const expectedDefault = [
  '.env:1:19 critical AWS access key ID',
  '.env:2:23 critical AWS secret access key',
  '.env:3:13 high high-entropy value of DB_PASSWORD',
  'config/config.yaml:3:18 critical GitHub token (GitHub personal access tokens)',
  'docs/notes.md:3:9 critical xAI API key',
  'keys/id_rsa:1:1 critical private key',
  'settings.json:2:25 critical Slack token',
];

describe('scanSecrets in a git repository', () => {
  it('reports each seeded secret once, at the value, and nothing from ignored, binary, lock or source files', async () => {
    const result = await scanSecrets(gitRepo);
    expect(summary(result.findings)).toEqual(expectedDefault);
    // .gitignore, .env, config.yaml, settings.json, id_rsa, notes.md; not blob.bin, the lockfile, .env.local or client.ts
    expect(result.files_scanned).toBe(6);
    for (const finding of result.findings) {
      expect(Finding.parse(finding)).toEqual(finding);
      expect(finding.rule_id).toBe('secret-in-file');
      expect(finding.category).toBe('security');
      expect(finding.cwe).toEqual(['CWE-798']);
    }
  });

  it('never lets a raw secret into the findings, and masks as documented', async () => {
    const { findings } = await scanSecrets(gitRepo, { includeSource: true });
    const json = JSON.stringify(findings);
    const rawValues = [...Object.values(secrets), privateKey.split('\n')[1]!];
    for (const raw of rawValues) {
      expect(json).not.toContain(raw);
      expect(json).not.toContain(raw.slice(4, 24)); // nor a recognisable piece of the body
    }
    const byKind = new Map(findings.map((f) => [String(f.metadata['kind']), f]));
    const aws = byKind.get('AWS secret access key')!;
    expect(aws.description).toBe(`AWS secret access key written in this file: ${secrets.awsSecret.slice(0, 4)}… (40 chars).`);
    expect(aws.code_snippet).toBe('AWS_SECRET_ACCESS_KEY=<redacted 40 chars>');
    const password = byKind.get('high-entropy value of DB_PASSWORD')!;
    expect(password.description).toBe('Secret-looking high-entropy value of DB_PASSWORD (21 chars) written in this file.');
    expect(password.description).not.toContain(secrets.dbPassword.slice(0, 4));
    expect(password.code_snippet).toBe('DB_PASSWORD=<redacted 21 chars>');
    expect(byKind.get('Slack token')!.code_snippet).toBe(`  "notify": { "slack": "<redacted ${secrets.slack.length} chars>" }`);
    expect(byKind.get('private key')!.code_snippet).toMatch(/^<redacted \d+ chars>$/);
    expect(byKind.get('private key')!.end_line).toBeGreaterThan(10);
  });

  it('scans JS/TS source files only when includeSource is set', async () => {
    const withSource = await scanSecrets(gitRepo, { includeSource: true });
    const extra = withSource.findings.filter((f) => f.file_path === 'src/client.ts');
    expect(extra.map((f) => [f.line_number, f.column, f.severity])).toEqual([[1, 23, 'critical']]);
    expect(withSource.files_scanned).toBe(7);
  });

  it('gives the same fingerprints when the secret moves to another line', async () => {
    const dir = makeRepo({ git: true });
    dirs.push(dir);
    const before = (await scanSecrets(dir)).findings.find((f) => f.file_path === 'config/config.yaml')!;
    writeFile(dir, 'config/config.yaml', `# moved\n\nservice:\n  name: api\n  github_token: "${secrets.github}"\n`);
    const after = (await scanSecrets(dir)).findings.find((f) => f.file_path === 'config/config.yaml')!;
    expect(after.line_number).toBe(before.line_number + 2);
    expect(after.fingerprint).toBe(before.fingerprint);
  });
});

describe('scanSecrets outside git', () => {
  it('walks the folder and still honours .gitignore', async () => {
    const dir = makeRepo({ git: false });
    dirs.push(dir);
    const result = await scanSecrets(dir);
    expect(summary(result.findings)).toEqual(expectedDefault);
    expect(result.files_scanned).toBe(6);
  });
});

describe('secret patterns', () => {
  it('detects the tokens of the ignored and binary files when they stand in a plain text file', async () => {
    // so the repository test above proves that .gitignore and the binary check hide them
    for (const token of [secrets.ignoredGithub, secrets.binaryGithub, secrets.sourceToken]) {
      const hits = await findSecrets('plain.txt', `token=${token}\n`);
      expect(hits.map((h) => [h.start, h.end, h.kind])).toEqual([[6, 46, 'GitHub token (GitHub personal access tokens)']]);
    }
  });


  it.each([
    ['changeme-changeme-1', false],
    ['${DATABASE_PASSWORD_VALUE}', false],
    ['<put-the-password-here>', false],
    ['your-api-key-goes-here-please', false],
    ['xxxxxxxxxxxxxxxxxxxxxxxx', false],
    ['https://vault.internal/secret/path', false],
    ['aaaaaaaaaaaaaaaaaaaaaaaa', false],
    ['short' + 'Pw9!', false],
    ['process.env.AXIOM_TOKEN_VALUE', false],
    ['z.string().min(6).max(128)', false],
    ['Tr0ub4dor' + '-3xKq9vPz7wM', true],
  ])('isLikelySecretValue(%j) is %s', (value, expected) => {
    expect(isLikelySecretValue(value)).toBe(expected);
  });

  it('finds entropy values in YAML and JSON assignments but not under names that describe a secret', () => {
    const value = 'Tr0ub4dor' + '-3xKq9vPz7wM';
    const text = [`password: ${value}`, `"client_secret": "${value}",`, `TOKEN_URL=${value}`, `export API_KEY='${value}'`,
      `  token: ${value}, # trailing comma and comment`, `SECRET=${value}#part-of-value`].join('\n');
    const hits = findEntropyAssignments(text);
    expect(hits.map((h) => [text.slice(h.start, h.end), h.kind])).toEqual([
      [value, 'high-entropy value of password'],
      [value, 'high-entropy value of client_secret'],
      [value, 'high-entropy value of API_KEY'],
      [value, 'high-entropy value of token'],
      [`${value}#part-of-value`, 'high-entropy value of SECRET'],
    ]);
  });

  it('finds xAI, Stripe and GitLab keys but not their documentation placeholders', () => {
    const stripe = 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc';
    const gitlab = 'glpat-' + 'x7Kp2QmZ9vB4nW8rT3sD';
    const text = `a=${secrets.xai}\nb=${stripe}\nc=${gitlab}\nd=xai-${'x'.repeat(48)}\ne=sk_live_${'0'.repeat(24)}`;
    expect(findExtraFormats(text).map((h) => [text.slice(h.start, h.end), h.source])).toEqual([
      [secrets.xai, 'xai-api-key'],
      [stripe, 'stripe-live-key'],
      [gitlab, 'gitlab-token'],
    ]);
  });
});
