// Runs the built `autonomous` binary as a child process (no shell), the way users and CI do.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const projectRoot = path.resolve(import.meta.dirname, '../..');
export const binPath = path.join(projectRoot, 'bin', 'autonomous.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: undefined, ...env } as NodeJS.ProcessEnv,
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Copies a fixture folder to a fresh temp folder (optionally a git repository) and returns its path. */
export function copyFixture(name: string, options: { git?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `autonomous-${name}-`));
  fs.cpSync(path.join(projectRoot, 'fixtures', name), dir, { recursive: true });
  if (options.git) initGitRepo(dir);
  return dir;
}

const gitEnv = {
  GIT_AUTHOR_NAME: 'Autonomous Tests',
  GIT_AUTHOR_EMAIL: 'tests@example.invalid',
  GIT_COMMITTER_NAME: 'Autonomous Tests',
  GIT_COMMITTER_EMAIL: 'tests@example.invalid',
};

/** Makes `dir` a git repository with one commit of its current content. */
export function initGitRepo(dir: string): void {
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...gitEnv }, stdio: 'ignore' });
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
}

export function writeFile(dir: string, relative: string, content: string): void {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Like runCli, without blocking this process (for tests that serve HTTP to the CLI). */
export function runCliAsync(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: undefined, ...env } as NodeJS.ProcessEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs git in `dir` (argument array, no shell) and returns its trimmed output. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

/** A fixture as a git repository with a local identity, so commands that commit work in it. */
export function fixtureRepo(name: string): string {
  const dir = copyFixture(name, { git: true });
  git(dir, 'config', 'user.name', gitEnv.GIT_AUTHOR_NAME);
  git(dir, 'config', 'user.email', gitEnv.GIT_AUTHOR_EMAIL);
  return dir;
}
