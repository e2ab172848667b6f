import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutonomousError } from '../../src/core/errors.js';
import { skipReason, walkTargets, type WalkOptions } from '../../src/scanner/walk.js';

let root: string;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-walk-')));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function files(...relatives: string[]): void {
  for (const relative of relatives) write(relative, 'export const x = 1;\n');
}

function write(relative: string, content: string): void {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function walk(options: Partial<WalkOptions> = {}): string[] {
  return walkTargets({ root, targets: [root], include: [], exclude: [], ...options }).map((f) => f.relative);
}

describe('walkTargets', () => {
  it('lists source files root-relative with forward slashes, sorted, with absolute paths alongside', () => {
    files('src/zeta.ts', 'src/alpha.tsx', 'Zed.mjs', 'lib/nested/deep/c.cjs', 'lib/b.jsx', 'lib/a.mts', 'lib/a.cts', 'lib/a.js');
    write('README.md', '# readme\n');
    write('src/data.json', '{}');

    const walked = walkTargets({ root, targets: [root], include: [], exclude: [] });

    expect(walked.map((f) => f.relative)).toEqual([
      'Zed.mjs',
      'lib/a.cts',
      'lib/a.js',
      'lib/a.mts',
      'lib/b.jsx',
      'lib/nested/deep/c.cjs',
      'src/alpha.tsx',
      'src/zeta.ts',
    ]);
    expect(walked.find((f) => f.relative === 'lib/nested/deep/c.cjs')?.absolute).toBe(path.join(root, 'lib', 'nested', 'deep', 'c.cjs'));
  });

  it('honours the root .gitignore and .git/info/exclude', () => {
    files('src/kept.ts', 'src/secret.ts', 'generated/api.ts', 'scratch.ts', 'src/scratch.ts');
    write('.gitignore', '# comments are fine\nsecret.ts\n/generated/\n');
    write('.git/info/exclude', 'scratch.ts\n');

    expect(walk()).toEqual(['src/kept.ts']);
  });

  it('applies a nested .gitignore with patterns relative to its own folder', () => {
    files('local.ts', 'pkg/local.ts', 'pkg/sub/local.ts', 'pkg/gen/out.ts', 'gen/out.ts', 'pkg/keep.ts', 'other/sub/local.ts');
    write('pkg/.gitignore', '/local.ts\ngen/\n');

    expect(walk()).toEqual(['gen/out.ts', 'local.ts', 'other/sub/local.ts', 'pkg/keep.ts', 'pkg/sub/local.ts']);
  });

  it('lets a nested .gitignore re-include nothing its parent ignored, but applies both layers', () => {
    files('app/a.ts', 'app/b.ts', 'app/c.ts');
    write('.gitignore', 'app/a.ts\n');
    write('app/.gitignore', 'b.ts\n');

    expect(walk()).toEqual(['app/c.ts']);
  });

  it('applies the .gitignore files above a folder target', () => {
    files('pkg/sub/a.ts', 'pkg/sub/skip.ts', 'pkg/sub/deeper/skip.ts');
    write('.gitignore', 'skip.ts\n');

    expect(walk({ targets: [path.join(root, 'pkg', 'sub')] })).toEqual(['pkg/sub/a.ts']);
  });

  it('never enters node_modules, .git or the .autonomous state folder', () => {
    files('src/a.ts', 'node_modules/dep/index.js', 'src/node_modules/x/index.js', '.git/hooks/h.js', '.autonomous/cache/c.js');

    expect(walk()).toEqual(['src/a.ts']);
  });

  it('skips build output folders at any depth by default', () => {
    files('src/a.ts', 'dist/index.js', 'build/out.js', 'coverage/lcov.js', 'packages/web/.next/page.js', 'packages/web/src/b.ts');

    expect(walk()).toEqual(['packages/web/src/b.ts', 'src/a.ts']);
  });

  it('walks build output when skipBuildOutput is false', () => {
    files('src/a.ts', 'dist/index.js');

    expect(walk({ skipBuildOutput: false })).toEqual(['dist/index.js', 'src/a.ts']);
  });

  it('walks a build output folder named as the target, still skipping build folders inside it', () => {
    files('dist/index.js', 'dist/chunks/a.js', 'dist/build/inner.js', 'src/a.ts');

    expect(walk({ targets: [path.join(root, 'dist')] })).toEqual(['dist/chunks/a.js', 'dist/index.js']);
  });

  it('skips declaration files', () => {
    files('src/a.ts', 'src/types.d.ts', 'src/esm.d.mts', 'src/cjs.d.cts');

    expect(walk()).toEqual(['src/a.ts']);
  });

  it('keeps only files matching the include globs', () => {
    files('src/a.ts', 'src/deep/b.ts', 'scripts/c.js', 'index.ts');

    expect(walk({ include: ['src/**'] })).toEqual(['src/a.ts', 'src/deep/b.ts']);
  });

  it('drops files and folders matching the exclude globs', () => {
    files('src/a.ts', 'src/a.spec.ts', 'fixtures/bad.ts', 'fixtures/deep/worse.ts');

    expect(walk({ exclude: ['**/*.spec.ts', 'fixtures'] })).toEqual(['src/a.ts']);
  });

  it('includes an explicit file target even when .gitignore or a build folder would hide it', () => {
    files('src/a.ts', 'dist/bundle.js', 'ignored.ts', 'node_modules/dep/index.js');
    write('.gitignore', 'ignored.ts\n');

    const walked = walk({
      targets: [path.join(root, 'ignored.ts'), path.join(root, 'dist', 'bundle.js'), path.join(root, 'node_modules', 'dep', 'index.js')],
    });

    expect(walked).toEqual(['dist/bundle.js', 'ignored.ts', 'node_modules/dep/index.js']);
  });

  it('still applies the exclude globs, the source extensions and the .d.ts skip to explicit file targets', () => {
    files('src/a.ts', 'src/a.d.ts', 'src/skip.ts');
    write('notes.txt', 'hello');

    const walked = walk({
      targets: ['src/a.ts', 'src/a.d.ts', 'src/skip.ts', 'notes.txt'].map((f) => path.join(root, f)),
      exclude: ['src/skip.ts'],
    });

    expect(walked).toEqual(['src/a.ts']);
  });

  it('walks a folder target that .gitignore ignores, as it does a file target: the person named it', () => {
    files('logs/a.ts', 'logs/b.ts', 'src/c.ts');
    write('.gitignore', 'logs/\n');

    expect(walk({ targets: [root] })).toEqual(['src/c.ts']);
    expect(walk({ targets: [path.join(root, 'logs')] })).toEqual(['logs/a.ts', 'logs/b.ts']);
    expect(walk({ targets: [path.join(root, 'logs', 'a.ts')] })).toEqual(['logs/a.ts']);
  });

  it('lists a file once when it is reached through several targets', () => {
    files('src/a.ts', 'src/b.ts');

    const walked = walk({ targets: [path.join(root, 'src'), path.join(root, 'src', 'a.ts'), root] });

    expect(walked).toEqual(['src/a.ts', 'src/b.ts']);
  });

  it('does not follow symbolic links', () => {
    files('src/a.ts', 'outside/b.ts');
    fs.symlinkSync(path.join(root, 'outside'), path.join(root, 'src', 'linked'), 'dir');
    fs.symlinkSync(path.join(root, 'src', 'a.ts'), path.join(root, 'src', 'alias.ts'), 'file');

    expect(walk({ targets: [path.join(root, 'src')] })).toEqual(['src/a.ts']);
  });

  it('fails with E_TARGET_NOT_FOUND naming a target that does not exist', () => {
    const missing = path.join(root, 'nope');
    let error: unknown;
    try {
      walk({ targets: [missing] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AutonomousError);
    expect((error as AutonomousError).code).toBe('E_TARGET_NOT_FOUND');
    expect((error as AutonomousError).exitCode).toBe(2);
    expect((error as AutonomousError).message).toBe(`${missing}: no such file or folder`);
  });
});

describe('skipReason', () => {
  const ordinary = Array.from({ length: 300 }, (_, i) => `export const value${i} = compute(${i}, 'some text');`).join('\n');

  it('flags a .min.js file as minified by its name alone', () => {
    expect(skipReason('public/vendor.min.js', 'var a = 1;\n')).toBe('minified');
    expect(skipReason('public/vendor.min.mjs', 'var a = 1;\n')).toBe('minified');
  });

  it('flags a file with a NUL byte as binary', () => {
    expect(skipReason('assets/logo.js', `GIF89a\u0000\u0001binary`)).toBe('binary');
  });

  it('flags a long file that is one long line as a minified bundle', () => {
    const bundle = `!function(){${'var a=1;'.repeat(800)}}();`;
    expect(bundle.length).toBeGreaterThan(4096);
    expect(skipReason('dist-like/bundle.js', bundle)).toBe('minified');
  });

  it('flags a bundle whose long line comes after a short licence header', () => {
    const bundle = `/*! lib v1 | MIT */\n${'x=x+1;'.repeat(1000)}\n`;
    expect(skipReason('lib/bundle.js', bundle)).toBe('minified');
  });

  it('returns undefined for ordinary source, long or short', () => {
    expect(ordinary.length).toBeGreaterThan(4096);
    expect(skipReason('src/values.ts', ordinary)).toBeUndefined();
    expect(skipReason('src/short.ts', 'export const a = 1;\n')).toBeUndefined();
  });

  it('returns undefined for a short single-line file', () => {
    expect(skipReason('src/one-line.js', 'var a=1;'.repeat(100))).toBeUndefined();
  });
});
