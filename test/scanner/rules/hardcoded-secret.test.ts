import rule from '../../../src/scanner/rules/security/hardcoded-secret.js';
import { runRule, testRule } from '../../helpers/rule-tester.js';
import { describe, expect, it } from 'vitest';

// Random values in real credential formats, made for this test; none of them is a live credential.
const AWS = 'AKIAUJZDE8GXD6NCF10E';
const GITHUB = 'ghp_pfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0Rlg';
const OPENAI = 'sk-proj-4vUCsMehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8rESQedUS';
const ANTHROPIC = 'sk-ant-api03-tPKR0CsTy4Qwb8DwkNhFdnXsiVpzz63FfkCzJr4i';
const GOOGLE = 'AIza0B3JrTAwR4y9ojfljoQoaF1LlqsajAIxNKu';
const SLACK = 'xoxb-28907866661-760313721590-gaKjIg8xNbe3nNyjOq9wMxEh';
const STRIPE = 'sk_live_h2FDEEtfjgVvVqE1SkHbn88H';
const RANDOM = 'xjSI6bWHtP3fS2qHx6kwXoIIXGvOoNZY';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAyEZDzTddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zkuvqdt7s8\\n-----END RSA PRIVATE KEY-----';

testRule(rule, {
  valid: [
    { name: 'environment read', code: `export const apiKey = process.env.API_KEY ?? '';\nexport const token = process.env['GITHUB_TOKEN'];` },
    { name: 'placeholders', code: `export const config = {\n  apiKey: 'your-api-key-here-0123456789',\n  password: 'changeme',\n  secret: 'xxxxxxxxxxxxxxxxxxxxxxxx',\n  token: '<token>',\n  clientSecret: '\${CLIENT_SECRET}',\n};` },
    { name: 'fake-looking values', code: `export const secret = 'dummy-secret-9f8a7b6c5d4e3f2a1';\nconst AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';\nexport { AWS_KEY };` },
    { name: 'names that are not secrets', code: `export const tokenUrl = 'https://auth.example.com/oauth2/v1/token9a8b7c6d';\nexport const passwordField = 'input[name=p4ssw0rd-field-x7Q]';\nexport const TOKEN_STORAGE_KEY = 'app.auth.accessToken';\nexport const authorName = 'J. R. R. Tolkien 1892-1973';` },
    { name: 'identifiers and messages', code: `export const secretMessage = 'Please enter your secret again';\nexport const tokenType = 'Bearer';\nexport const authHeaderName = 'X-Authorization-Token';` },
    { name: 'low entropy', code: `export const password = 'aaaaaaaaaaaaaaaaaaaaaaaaab1';\nexport const secret = 'abababababababab12';` },
    { name: 'empty and short', code: `export const password = '';\nexport const token = 'abc';` },
    { name: 'a private key detector', code: `export const isKey = (s: string) => s.startsWith('-----BEGIN RSA PRIVATE KEY-----');` },
    { name: 'URL with placeholder password', code: `export const a = 'postgres://postgres:postgres@localhost:5432/db';\nexport const b = 'mongodb://user:password@db:27017';\nexport const c = \`redis://:\${pw}@cache:6379\`;` },
    { name: 'regex literal', code: `export const GH = /ghp_[A-Za-z0-9]{36}/;` },
    { name: 'high entropy value under a neutral name', code: `export const commitSha = '${RANDOM}';\nexport const integrity = 'sha512-${RANDOM}';` },
  ],
  invalid: [
    {
      name: 'known formats anywhere',
      code: [
        `const aws = { accessKeyId: '${AWS}' };`,
        `const headers = { Authorization: \`token ${GITHUB}\` };`,
        `const openai = new OpenAI({ apiKey: '${OPENAI}' });`,
        `const claude = '${ANTHROPIC}';`,
        `fetchMaps('${GOOGLE}');`,
        `const slack = ['${SLACK}'];`,
        `const stripe = require('stripe')('${STRIPE}');`,
      ].join('\n'),
      filename: 'case.js',
      errors: [
        { line: 1, messageId: 'knownFormat', severity: 'critical', minConfidence: 0.9, message: 'AWS access key id' },
        { line: 2, message: 'GitHub token' },
        { line: 3, message: 'OpenAI' },
        { line: 4, message: 'Anthropic' },
        { line: 5, message: 'Google API key' },
        { line: 6, message: 'Slack' },
        { line: 7, message: 'Stripe' },
      ],
    },
    {
      name: 'private key block',
      code: `export const key = '${PEM}';`,
      errors: [{ line: 1, messageId: 'privateKey', severity: 'critical' }],
    },
    {
      name: 'password in a URL',
      code: `export const db = 'postgres://app:Zq7hR2kPx9@prod-db.internal:5432/app';\nexport const local = 'mysql://root:s3cr3tPw@localhost/dev';`,
      errors: [
        { line: 1, messageId: 'urlPassword', severity: 'critical', message: 'user "app"' },
        { line: 2, messageId: 'urlPassword', severity: 'medium', maxConfidence: 0.5 },
      ],
    },
    {
      name: 'high-entropy values under secret names',
      code: [
        `const apiKey = '${RANDOM}';`,
        `const cfg = { clientSecret: '${RANDOM}' };`,
        `class C { private jwtSecret = '${RANDOM}'; }`,
        `function connect(password = '${RANDOM}') { return password; }`,
        `let auth; auth = 'Bearer ${RANDOM}';`,
        `export function check(token: string) { return token === '${RANDOM}'; }`,
      ].join('\n'),
      errors: [
        { line: 1, messageId: 'highEntropy', severity: 'high', minConfidence: 0.6, maxConfidence: 0.8 },
        { line: 2, message: 'clientSecret' },
        { line: 3, message: 'jwtSecret' },
        { line: 4, message: 'password' },
        { line: 5, message: 'auth' },
        { line: 6, message: 'token' },
      ],
    },
    {
      name: 'JSX attribute',
      code: `export const App = () => <Maps apiKey="${RANDOM}" />;`,
      filename: 'case.tsx',
      errors: [{ line: 1, messageId: 'highEntropy' }],
    },
    {
      name: 'lowered in test files',
      code: `export const token = '${GITHUB}';`,
      filename: 'test/api.test.ts',
      errors: [{ line: 1, severity: 'medium', maxConfidence: 0.5 }],
    },
  ],
});

describe('hardcoded-secret masking', () => {
  it('never puts the secret in the description or metadata', () => {
    const code = `const a = '${GITHUB}';\nconst apiKey = '${RANDOM}';\nconst u = 'https://admin:Zq7hR2kPx9Lm@api.host.io/';`;
    const findings = runRule(rule, code);
    expect(findings).toHaveLength(3);
    for (const finding of findings) {
      const visible = finding.description + JSON.stringify(finding.metadata);
      expect(visible).not.toContain(GITHUB.slice(4, 20));
      expect(visible).not.toContain(RANDOM.slice(4, 20));
      expect(visible).not.toContain('Zq7hR2kPx9Lm');
    }
    expect(findings[0]!.description).toContain('ghp_…');
  });
});
