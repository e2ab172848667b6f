// `autonomous init` writes a commented configuration the tool itself accepts; `status` speaks
// plainly when there is nothing to show.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE, loadConfig } from '../../src/core/config.js';
import { STARTER_CONFIG } from '../../src/cli/commands/init.js';
import { copyFixture, runCli } from '../helpers/cli.js';

describe('autonomous init', () => {
  it('writes a commented starter config that loads with its defaults', () => {
    const dir = copyFixture('scan-app', { git: true });
    const first = runCli(['init'], dir);
    expect(first.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, CONFIG_FILE), 'utf8');
    expect(text).toBe(STARTER_CONFIG);
    expect(text).toMatch(/^\s*\/\/ /m);
    const { config } = loadConfig(dir);
    expect(config.validator.autoApprove.maxRisk).toBe('low');
    expect(parseJsonc(text)).toMatchObject({ implement: { branchPrefix: 'auto/' } });
    expect(runCli(['scan', 'src'], dir).code).toBe(0);
  });

  it('refuses to overwrite an existing config unless forced', () => {
    const dir = copyFixture('scan-app', { git: true });
    fs.writeFileSync(path.join(dir, CONFIG_FILE), '{ "include": ["src/**"] }\n');
    const refused = runCli(['init'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/autonomous\.config\.json already exists/);
    expect(fs.readFileSync(path.join(dir, CONFIG_FILE), 'utf8')).toBe('{ "include": ["src/**"] }\n');
    expect(runCli(['init', '--force'], dir).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, CONFIG_FILE), 'utf8')).toBe(STARTER_CONFIG);
  });
});

describe('autonomous status', () => {
  it('says there are no workflows yet, and names an unknown workflow id', () => {
    const dir = copyFixture('scan-app', { git: true });
    const list = runCli(['status'], dir);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/No workflows yet/);
    const unknown = runCli(['status', '--workflow-id', 'wf_20250101_000000'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/wf_20250101_000000: no such workflow/);
  });
});
