// Works out how to run a project's tests: its package manager (from the lockfile), its test
// framework (from the test script, then its dependencies) and the argument array to run, with a
// machine-readable reporter when we know how to read one. Deciding is pure (`planTestCommand`);
// only `readProjectFacts` touches the disk.
import fs from 'node:fs';
import path from 'node:path';
import { AutonomousError } from '../core/errors.js';
import { CONFIG_FILE } from '../core/config.js';
import type { TestFramework } from '../models/test-result.js';

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

/** How the runner learns per-test results. */
export type ReportSource =
  | { kind: 'json-file'; file: string }
  | { kind: 'tap-stdout' }
  | { kind: 'exit-code' };

export interface TestCommandPlan {
  framework: TestFramework;
  packageManager: PackageManager;
  command: string[];
  report: ReportSource;
  /** How the framework itself is invoked (its local binary, or through the package manager), when we run it directly. */
  binary?: string[];
}

export interface PackageJsonFacts {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** What detection needs to know about a project, read once from disk. */
export interface ProjectFacts {
  root: string;
  /** Lockfile names present at the root. */
  lockfiles: string[];
  packageJson: PackageJsonFacts | undefined;
  /** Executables found in node_modules/.bin. */
  localBins: string[];
}

export interface PlanOptions {
  /** Where a JSON reporter should write; the runner reads it afterwards. */
  reportFile: string;
  /** `test.command` from configuration: an argument array that wins over detection. */
  override?: string[] | undefined;
}

const LOCKFILES: ReadonlyArray<[string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

const FRAMEWORK_PACKAGES: ReadonlyArray<[string, TestFramework]> = [
  ['vitest', 'vitest'],
  ['jest', 'jest'],
  ['mocha', 'mocha'],
  ['ava', 'ava'],
];

export function detectPackageManager(lockfiles: readonly string[]): PackageManager {
  for (const [file, manager] of LOCKFILES) if (lockfiles.includes(file)) return manager;
  return 'npm';
}

// Scripts we can take apart safely: words only, no quotes, pipes, redirections or chaining.
const SIMPLE_SCRIPT = /^[\w@./:=,+*-]+(?:\s+[\w@./:=,+*-]+)*$/;

/** The framework a test script invokes directly, and the arguments after it. */
export function frameworkOfScript(script: string): { framework: TestFramework; args: string[] } | undefined {
  const trimmed = script.trim();
  if (!SIMPLE_SCRIPT.test(trimmed)) return undefined;
  const [first, ...rest] = trimmed.split(/\s+/);
  if (first === 'node' && rest.includes('--test')) {
    return { framework: 'node-test', args: rest.filter((a) => a !== '--test' && !a.startsWith('--test-reporter')) };
  }
  for (const [bin, framework] of FRAMEWORK_PACKAGES) if (first === bin) return { framework, args: rest };
  return undefined;
}

/** The framework named anywhere in a script (even a compound one), for reporting only. */
function frameworkMentioned(script: string): TestFramework | undefined {
  if (/\bnode\b[^&|;]*--test\b/.test(script)) return 'node-test';
  for (const [bin, framework] of FRAMEWORK_PACKAGES) if (new RegExp(`(^|[\\s/])${bin}(\\s|$)`).test(script)) return framework;
  return undefined;
}

function frameworkOfDependencies(pkg: PackageJsonFacts | undefined): TestFramework | undefined {
  const deps = { ...pkg?.dependencies, ...pkg?.devDependencies };
  for (const [name, framework] of FRAMEWORK_PACKAGES) if (name in deps) return framework;
  return undefined;
}

export function planTestCommand(facts: ProjectFacts, options: PlanOptions): TestCommandPlan {
  const packageManager = detectPackageManager(facts.lockfiles);
  const script = facts.packageJson?.scripts?.test;

  if (options.override !== undefined && options.override.length > 0) {
    const framework = frameworkMentioned(options.override.join(' ')) ?? 'script';
    return { framework, packageManager, command: [...options.override], report: { kind: 'exit-code' } };
  }

  // npm's placeholder script fails on purpose; it is not a test suite.
  const hasScript = script !== undefined && script.trim() !== '' && !/no test specified/.test(script);
  if (hasScript) {
    const direct = frameworkOfScript(script);
    if (direct !== undefined) {
      const plan = directCommand(direct.framework, direct.args, facts, packageManager, options.reportFile);
      if (plan !== undefined) return plan;
    }
    return {
      framework: frameworkMentioned(script) ?? frameworkOfDependencies(facts.packageJson) ?? 'script',
      packageManager,
      command: [packageManager, 'run', 'test'],
      report: { kind: 'exit-code' },
    };
  }

  const fromDeps = frameworkOfDependencies(facts.packageJson);
  const plan = fromDeps === undefined ? undefined : directCommand(fromDeps, [], facts, packageManager, options.reportFile);
  if (plan !== undefined) return plan;

  throw new AutonomousError('E_USAGE', `cannot tell how to run the tests of ${facts.root}: package.json has no "test" script and no known test framework is installed`, {
    hint: `Add a "test" script to package.json, or set test.command in ${CONFIG_FILE} to the command as an argument array, e.g. "test": { "command": ["npx", "vitest", "run"] }.`,
  });
}

/** Runs the framework itself with a reporter we can read; undefined when we cannot read its output. */
function directCommand(
  framework: TestFramework,
  args: string[],
  facts: ProjectFacts,
  packageManager: PackageManager,
  reportFile: string,
): TestCommandPlan | undefined {
  if (framework === 'node-test') {
    return { framework, packageManager, command: ['node', '--test', '--test-reporter=tap', ...args], report: { kind: 'tap-stdout' }, binary: ['node'] };
  }
  if (framework === 'vitest') {
    const bin = binary('vitest', facts, packageManager);
    const rest = args.filter((a) => a !== 'run' && a !== 'watch' && a !== '--watch' && !a.startsWith('--reporter') && !a.startsWith('--outputFile'));
    return {
      framework,
      packageManager,
      command: [...bin, 'run', ...rest, '--reporter=json', `--outputFile=${reportFile}`],
      report: { kind: 'json-file', file: reportFile },
      binary: bin,
    };
  }
  if (framework === 'jest') {
    const bin = binary('jest', facts, packageManager);
    const rest = args.filter((a) => a !== '--watch' && a !== '--watchAll' && a !== '--json' && !a.startsWith('--outputFile'));
    return {
      framework,
      packageManager,
      command: [...bin, ...rest, '--json', `--outputFile=${reportFile}`],
      report: { kind: 'json-file', file: reportFile },
      binary: bin,
    };
  }
  return undefined; // mocha, ava: run through the script, exit code only
}

function binary(name: string, facts: ProjectFacts, packageManager: PackageManager): string[] {
  if (facts.localBins.includes(name)) return [path.join(facts.root, 'node_modules', '.bin', name)];
  if (packageManager === 'npm') return ['npm', 'exec', '--no', '--', name];
  if (packageManager === 'pnpm') return ['pnpm', 'exec', name];
  return ['yarn', name];
}

/** Reads what `planTestCommand` needs from the project root. */
export function readProjectFacts(root: string): ProjectFacts {
  const lockfiles = LOCKFILES.map(([file]) => file).filter((file) => fs.existsSync(path.join(root, file)));
  let packageJson: PackageJsonFacts | undefined;
  const pkgFile = path.join(root, 'package.json');
  if (fs.existsSync(pkgFile)) {
    try {
      const raw: unknown = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
      if (typeof raw === 'object' && raw !== null) packageJson = pickPackageFacts(raw as Record<string, unknown>);
    } catch (error) {
      throw new AutonomousError('E_CONFIG', `${pkgFile} is not valid JSON`, { cause: error });
    }
  }
  let localBins: string[] = [];
  try {
    localBins = fs.readdirSync(path.join(root, 'node_modules', '.bin'));
  } catch {
    // no local installs
  }
  return { root, lockfiles, packageJson, localBins };
}

function pickPackageFacts(raw: Record<string, unknown>): PackageJsonFacts {
  const strings = (value: unknown): Record<string, string> | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  };
  const facts: PackageJsonFacts = {};
  const scripts = strings(raw.scripts);
  const dependencies = strings(raw.dependencies);
  const devDependencies = strings(raw.devDependencies);
  if (scripts) facts.scripts = scripts;
  if (dependencies) facts.dependencies = dependencies;
  if (devDependencies) facts.devDependencies = devDependencies;
  return facts;
}
