import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutonomousError } from '../../src/core/errors.js';
import { STATE_DIR, StateStore, findProjectRoot, writeFileAtomic } from '../../src/core/state-store.js';

let temp: string;

beforeEach(() => {
  temp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-state-')));
});

afterEach(() => {
  fs.rmSync(temp, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
}

function thrown(action: () => unknown): AutonomousError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AutonomousError);
    return error as AutonomousError;
  }
  throw new Error('expected the action to throw');
}

describe('writeFileAtomic', () => {
  it('creates missing folders, replaces the content and leaves no temporary file behind', () => {
    const file = path.join(temp, 'nested', 'deeper', 'state.json');

    writeFileAtomic(file, 'first version\n');
    writeFileAtomic(file, 'second\n');

    expect(fs.readFileSync(file, 'utf8')).toBe('second\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['state.json']);
  });

  it('writes binary data unchanged', () => {
    const file = path.join(temp, 'blob.bin');
    writeFileAtomic(file, new Uint8Array([0, 1, 2, 255]));
    expect([...fs.readFileSync(file)]).toEqual([0, 1, 2, 255]);
  });

  it('fails with E_IO and removes its temporary file when the target cannot be replaced', () => {
    const folderInTheWay = path.join(temp, 'occupied');
    fs.mkdirSync(path.join(folderInTheWay, 'child'), { recursive: true });

    const error = thrown(() => writeFileAtomic(folderInTheWay, 'data'));

    expect(error.code).toBe('E_IO');
    expect(error.message).toContain(`cannot write ${folderInTheWay}`);
    expect(fs.readdirSync(temp)).toEqual(['occupied']);
  });
});

describe('StateStore.ensure', () => {
  it('adds /.autonomous/ to .git/info/exclude exactly once and keeps the folder out of git status', () => {
    git(temp, 'init', '--quiet');
    const store = new StateStore(temp);

    store.ensure();
    store.ensure();

    const exclude = fs.readFileSync(path.join(temp, '.git', 'info', 'exclude'), 'utf8');
    expect(exclude.split('\n').filter((line) => line === '/.autonomous/')).toHaveLength(1);
    expect(exclude.endsWith('/.autonomous/\n')).toBe(true);

    store.writeJson('findings/latest.json', { ok: true });
    fs.writeFileSync(path.join(temp, 'visible.txt'), 'x');
    const status = git(temp, 'status', '--porcelain', '--untracked-files=all');
    expect(status).toBe('?? visible.txt\n');
    expect(fs.existsSync(path.join(temp, STATE_DIR, 'findings', 'latest.json'))).toBe(true);
  });

  it('does not add the line again when the exclude file already lists the folder in another form', () => {
    git(temp, 'init', '--quiet');
    const exclude = path.join(temp, '.git', 'info', 'exclude');
    fs.writeFileSync(exclude, 'node_modules\n.autonomous/');

    new StateStore(temp).ensure();

    expect(fs.readFileSync(exclude, 'utf8')).toBe('node_modules\n.autonomous/');
  });

  it('starts a new line when the exclude file does not end with one', () => {
    git(temp, 'init', '--quiet');
    const exclude = path.join(temp, '.git', 'info', 'exclude');
    fs.writeFileSync(exclude, '*.log');

    new StateStore(temp).ensure();

    expect(fs.readFileSync(exclude, 'utf8')).toBe('*.log\n/.autonomous/\n');
  });

  it('creates the state folder without touching anything git-related outside a repository', () => {
    const store = new StateStore(temp);
    store.ensure();
    expect(fs.readdirSync(temp)).toEqual([STATE_DIR]);
    expect(fs.statSync(store.dir).isDirectory()).toBe(true);
  });
});

describe('StateStore.readJson', () => {
  const Workflow = z.object({ id: z.string(), steps: z.number().int() });

  it('returns the value written by writeJson, validated by the schema', () => {
    const store = new StateStore(temp);
    store.writeJson('workflows/wf_1.json', { id: 'wf_1', steps: 3 });
    expect(store.readJson('workflows/wf_1.json', Workflow)).toEqual({ id: 'wf_1', steps: 3 });
    expect(fs.readFileSync(store.path('workflows/wf_1.json'), 'utf8')).toBe('{\n  "id": "wf_1",\n  "steps": 3\n}\n');
  });

  it('returns undefined for a file that does not exist', () => {
    expect(new StateStore(temp).readJson('missing.json', Workflow)).toBeUndefined();
  });

  it('fails with E_STATE and a hint naming the file to delete when the JSON is broken', () => {
    const store = new StateStore(temp);
    fs.mkdirSync(store.dir);
    fs.writeFileSync(store.path('wf.json'), '{"id": ');

    const error = thrown(() => store.readJson('wf.json', Workflow));

    expect(error.code).toBe('E_STATE');
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(`${store.path('wf.json')} is not valid JSON`);
    expect(error.hint).toBe('Delete .autonomous/wf.json and run the command that writes it again.');
  });

  it('fails with E_STATE naming the key when the content does not match the schema', () => {
    const store = new StateStore(temp);
    store.writeJson('wf.json', { id: 'wf_1', steps: 'three' });

    const error = thrown(() => store.readJson('wf.json', Workflow));

    expect(error.code).toBe('E_STATE');
    expect(error.message).toContain(`${store.path('wf.json')}: steps:`);
    expect(error.hint).toContain('.autonomous/wf.json');
  });
});

describe('findProjectRoot', () => {
  it('finds the nearest folder holding .git from a nested folder', () => {
    git(temp, 'init', '--quiet');
    const nested = path.join(temp, 'packages', 'core', 'src');
    fs.mkdirSync(nested, { recursive: true });

    expect(findProjectRoot(nested)).toBe(temp);
    expect(findProjectRoot(temp)).toBe(temp);
  });

  it('stops at the nearest .git, also when it is a file (worktree or submodule)', () => {
    git(temp, 'init', '--quiet');
    const submodule = path.join(temp, 'vendor', 'lib');
    fs.mkdirSync(path.join(submodule, 'src'), { recursive: true });
    fs.writeFileSync(path.join(submodule, '.git'), 'gitdir: ../../.git/modules/lib\n');

    expect(findProjectRoot(path.join(submodule, 'src'))).toBe(submodule);
  });

  it('returns the start folder itself when no folder above it holds .git', () => {
    const nested = path.join(temp, 'a', 'b');
    fs.mkdirSync(nested, { recursive: true });
    expect(findProjectRoot(nested)).toBe(nested);
  });
});
