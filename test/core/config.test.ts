import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE, defaultConfig, loadConfig } from '../../src/core/config.js';
import { AutonomousError } from '../../src/core/errors.js';

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-config-'));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function write(relative: string, content: unknown): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function configError(action: () => unknown): AutonomousError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AutonomousError);
    return error as AutonomousError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('returns the defaults and no source when the project has no configuration', () => {
    const loaded = loadConfig(root);
    expect(loaded.source).toBeUndefined();
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.config).toMatchObject({
      include: [],
      exclude: [],
      rules: {},
      scan: { maxFileSizeKb: 1024, minConfidence: 0.5, jobs: 0, cache: true },
    });
  });

  it('returns the defaults when package.json has no "autonomous" key', () => {
    write('package.json', { name: 'demo', version: '1.0.0' });
    const loaded = loadConfig(root);
    expect(loaded.source).toBeUndefined();
    expect(loaded.config).toEqual(defaultConfig());
  });

  it('reads autonomous.config.json and fills in the defaults of keys it leaves out', () => {
    const file = write(CONFIG_FILE, {
      exclude: ['fixtures/**'],
      rules: { 'loose-equality': 'off', complexity: { severity: 'high', options: { max: 15 } } },
      scan: { maxFileSizeKb: 256 },
    });

    const loaded = loadConfig(root);

    expect(loaded.source).toBe(file);
    expect(loaded.config.exclude).toEqual(['fixtures/**']);
    expect(loaded.config.include).toEqual([]);
    expect(loaded.config.rules).toEqual({ 'loose-equality': 'off', complexity: { severity: 'high', options: { max: 15 } } });
    expect(loaded.config.scan).toEqual({ ...defaultConfig().scan, maxFileSizeKb: 256 });
    expect(loaded.config.scan.minConfidence).toBe(0.5);
  });

  it('reads the "autonomous" key of package.json', () => {
    const file = write('package.json', { name: 'demo', autonomous: { include: ['src/**'], scan: { jobs: 2 } } });

    const loaded = loadConfig(root);

    expect(loaded.source).toBe(file);
    expect(loaded.config.include).toEqual(['src/**']);
    expect(loaded.config.scan.jobs).toBe(2);
  });

  it('prefers autonomous.config.json over the "autonomous" key of package.json', () => {
    write('package.json', { autonomous: { include: ['from-package/**'] } });
    const file = write(CONFIG_FILE, { include: ['from-config/**'] });

    const loaded = loadConfig(root);

    expect(loaded.source).toBe(file);
    expect(loaded.config.include).toEqual(['from-config/**']);
  });

  it('reports a value of the wrong type with the file path and the dotted key, and exits with the usage code', () => {
    const file = write(CONFIG_FILE, { scan: { maxFileSizeKb: 'big' } });

    const error = configError(() => loadConfig(root));

    expect(error.code).toBe('E_CONFIG');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(file);
    expect(error.message).toContain('scan.maxFileSizeKb');
    expect(error.message).toMatch(/expected number/);
    expect(error.hint).toContain('docs/configuration.md');
  });

  it('prefixes the key with "autonomous" when the bad value sits in package.json', () => {
    const file = write('package.json', { autonomous: { scan: { minConfidence: 2 } } });

    const error = configError(() => loadConfig(root));

    expect(error.code).toBe('E_CONFIG');
    expect(error.message).toContain(file);
    expect(error.message).toContain('autonomous.scan.minConfidence');
  });

  it('names an unknown top-level key', () => {
    write(CONFIG_FILE, { exclude: [], exlcude: ['dist/**'] });

    const error = configError(() => loadConfig(root));

    expect(error.code).toBe('E_CONFIG');
    expect(error.message).toContain('unknown key(s) "exlcude"');
  });

  it('names an unknown nested key together with the object it sits in', () => {
    write(CONFIG_FILE, { scan: { maxFileSize: 10 } });

    const error = configError(() => loadConfig(root));

    expect(error.message).toContain('scan: unknown key(s) "maxFileSize"');
  });

  it('rejects a rule setting that is neither "off", a severity nor a settings object', () => {
    write(CONFIG_FILE, { rules: { 'loose-equality': 'warn' } });

    const error = configError(() => loadConfig(root));

    expect(error.code).toBe('E_CONFIG');
    expect(error.message).toContain('rules.loose-equality');
  });

  it('reports invalid JSON with the file, line and column it is at', () => {
    const file = write(CONFIG_FILE, '{\n  "include": ["src/**"]\n  "exclude": []\n}');

    const error = configError(() => loadConfig(root));

    expect(error.code).toBe('E_CONFIG');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(`${file}:3:3: invalid JSON: CommaExpected`);
  });

  it('accepts comments and trailing commas in autonomous.config.json, as in tsconfig.json', () => {
    write(CONFIG_FILE, '{\n  // scan only the sources\n  "include": ["src/**"], /* and keep the defaults */\n}');

    expect(loadConfig(root).config.include).toEqual(['src/**']);
  });

  it('reports an invalid package.json as a configuration error when it is the only candidate', () => {
    const file = write('package.json', '{ "name": ');

    const error = configError(() => loadConfig(root));

    expect(error.code).toBe('E_CONFIG');
    expect(error.message).toContain(`${file}: invalid JSON`);
  });

  it('reads an explicit --config path instead of the project files', () => {
    write(CONFIG_FILE, { include: ['ignored/**'] });
    const explicit = write('configs/ci.json', { include: ['ci/**'] });

    const loaded = loadConfig(root, explicit);

    expect(loaded.source).toBe(explicit);
    expect(loaded.config.include).toEqual(['ci/**']);
  });

  it('fails with E_CONFIG naming the path when an explicit --config file does not exist', () => {
    write(CONFIG_FILE, {});
    const missing = path.join(root, 'nope.json');

    const error = configError(() => loadConfig(root, missing));

    expect(error.code).toBe('E_CONFIG');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${missing}: configuration file not found`);
  });
});
