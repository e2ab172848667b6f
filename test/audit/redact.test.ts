import { describe, expect, it } from 'vitest';
import { REDACTED, redactDetails, redactText } from '../../src/audit/redact.js';

// Built at run time so this file holds no literal credential for scanners to flag.
const githubToken = ['ghp', '_', 'R8fK2mQ9xL4vT7nB1cZ6wY3hJ5pD0sA2eG8u'].join('');
const xaiKey = ['xai', '-', 'Qw3rTy7uIo9pAs2dFg5hJk8lZx1cVb4nM6qW0eR3tY7u'].join('');
const entropyToken = ['Zk9', 'Xq2Lm7Vb4Nw8Rt1Yp5Hs3Jd6'].join('');

describe('redactDetails', () => {
  it('replaces the value of every key named like a secret, at any depth', () => {
    const out = redactDetails({ password: 'hunter2hunter2', nested: { apiKey: 'abc', list: [{ client_secret: 42 }] }, files: 3 });
    expect(out).toEqual({ password: REDACTED, nested: { apiKey: REDACTED, list: [{ client_secret: REDACTED }] }, files: 3 });
  });

  it('keeps keys that describe a secret rather than hold one', () => {
    expect(redactDetails({ token_url: 'https://auth.example.com/token', secret_name: 'DB_PASSWORD' })).toEqual({
      token_url: 'https://auth.example.com/token',
      secret_name: 'DB_PASSWORD',
    });
  });

  it('masks credentials inside free text values', () => {
    const out = redactDetails({ output: `pushed with ${githubToken} and ${xaiKey}`, env: `DB_PASSWORD=${entropyToken}` });
    const text = JSON.stringify(out);
    expect(text).not.toContain(githubToken);
    expect(text).not.toContain(xaiKey);
    expect(text).not.toContain(entropyToken);
    expect(out['output']).toContain(`${githubToken.slice(0, 4)}… (${githubToken.length} chars)`);
  });
});

describe('redactText', () => {
  it('leaves our own ids, digests, commit ids and file paths alone', () => {
    const text = 'wf_20261124_103000_ab12 prop_20261124_103000_cd34 cp_20261124_103000_ef56 ' +
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 msg_1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed ' +
      'src/security/secret-patterns2.ts';
    expect(redactText(text)).toBe(text);
  });

  it('masks a random token with letters and digits', () => {
    expect(redactText(`value ${entropyToken} end`)).toBe(`value ${entropyToken.slice(0, 4)}… (${entropyToken.length} chars) end`);
  });

  it('cuts very long strings', () => {
    const out = redactText('word '.repeat(1000));
    expect(out.length).toBeLessThan(2100);
    expect(out).toMatch(/… \(5000 chars\)$/);
  });
});
