// Secrets are replaced by markers before anything is sent; markers map back only for locating old code.
import { describe, expect, it } from 'vitest';
import { containsMarker, findJsSecretAssignments, Redactor } from '../../../src/proposer/llm/redact.js';
import { API_TOKEN, AWS_KEY, SOURCE } from './fixture.js';

describe('Redactor', () => {
  it('finds the secrets of a source file and replaces every occurrence with a stable marker', async () => {
    const redactor = new Redactor();
    await redactor.scan('src/users.ts', SOURCE);
    expect(redactor.size).toBe(2);
    const text = redactor.redact(`${SOURCE}\nagain: ${AWS_KEY}`);
    expect(text).not.toContain(AWS_KEY);
    expect(text).not.toContain(API_TOKEN);
    const markers = text.match(/<redacted:secret-\d+>/g) ?? [];
    expect(new Set(markers).size).toBe(2);
    expect(markers).toHaveLength(3);
    expect(redactor.restore(text)).toBe(`${SOURCE}\nagain: ${AWS_KEY}`);
  });

  it('leaves text without secrets unchanged', async () => {
    const redactor = new Redactor();
    const text = "const greeting = 'hello world';\nconst tokenLength = 'abcdefghijklmnopqrstuvwxyz';";
    await redactor.scan('a.ts', text);
    expect(redactor.redact(text)).toBe(text);
  });

  it('ignores values too short to replace safely', () => {
    expect(new Redactor().add('abc')).toBeUndefined();
  });
});

describe('findJsSecretAssignments', () => {
  it.each([
    [`const apiKey = "${API_TOKEN}";`, [API_TOKEN]],
    [`{ password: '${API_TOKEN}' }`, [API_TOKEN]],
    [`const apiKey = process.env.API_KEY;`, []],
    [`const userName = "${API_TOKEN}";`, []],
    [`const password = "changeme-placeholder-value";`, []],
  ])('%s', (text, expected) => {
    expect(findJsSecretAssignments(text)).toEqual(expected);
  });
});

describe('containsMarker', () => {
  it('sees a marker anywhere in the text', () => {
    expect(containsMarker("const k = '<redacted:secret-12>';")).toBe(true);
    expect(containsMarker("const k = '<redacted 12 chars>';")).toBe(false);
  });
});
