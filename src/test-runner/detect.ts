// Works out how to run a project's tests: its package manager (from the lockfile), its test
// framework (from the test script, then its dependencies; pytest for a Python project) and the
// argument array to run, with a machine-readable reporter when we know how to read one. Deciding is pure (`planTestCommand`);
// only `readProjectFacts` touches the disk.
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { AutonomousError } from '../core/errors.js';
import { CONFIG_FILE } from '../core/config.js';
import type { TestFramework } from '../models/test-result.js';

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

/** How the runner learns per-test results. */
export type ReportSource =
  /** jest-compatible JSON (vitest, jest) unless `format` says mocha. */
  | { kind: 'json-file'; file: string; format?: 'jest' | 'mocha' }
  /** mocha's JSON printed on stdout (mocha before 9.2 cannot write it to a file); stdout is copied to `file`. */
  | { kind: 'json-stdout'; file: string; format: 'mocha' }
  | { kind: 'junit-file'; file: string }
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
  /** The installed mocha's version, when there is one (it decides how the JSON report is written). */
  mochaVersion?: string | undefined;
  /** Files that make the root a Python project: pyproject.toml, setup.cfg, pytest.ini, tox.ini, test_*.py. */
  pythonMarkers?: string[];
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
  if (first === 'pytest') return { framework: 'pytest', args: rest };
  if ((first === 'python' || first === 'python3') && rest[0] === '-m' && rest[1] === 'pytest') return { framework: 'pytest', args: rest.slice(2) };
  if (first === 'node' && rest.includes('--test')) {
    return { framework: 'node-test', args: rest.filter((a) => a !== '--test' && !a.startsWith('--test-reporter')) };
  }
  for (const [bin, framework] of FRAMEWORK_PACKAGES) if (first === bin) return { framework, args: rest };
  return undefined;
}

/** Like frameworkOfScript for an argument array, seeing through `npx`, `pnpm exec`, `npm exec --`, `yarn` and node_modules/.bin paths. */
export function frameworkOfCommand(command: readonly string[]): { framework: TestFramework; args: string[] } | undefined {
  let words = [...command];
  if (words[0] === 'npx') words = words.slice(1).filter((w, i) => !(i === 0 && (w === '--no' || w === '--no-install')));
  else if (words[0] === 'pnpm' && words[1] === 'exec') words = words.slice(2);
  else if (words[0] === 'npm' && words[1] === 'exec') words = words.slice(words[2] === '--' ? 3 : 2);
  else if (words[0] === 'yarn' && words[1] !== undefined && FRAMEWORK_PACKAGES.some(([bin]) => bin === words[1])) words = words.slice(1);
  const first = words[0];
  if (first !== undefined && /(^|\/)node_modules\/\.bin\/[^/]+$/.test(first)) words[0] = path.basename(first);
  return words.length === 0 ? undefined : frameworkOfScript(words.join(' '));
}

/** The framework named anywhere in a script (even a compound one), for reporting only. */
function frameworkMentioned(script: string): TestFramework | undefined {
  if (/\bnode\b[^&|;]*--test\b/.test(script)) return 'node-test';
  if (/(^|[\s/])pytest(\s|$)/.test(script)) return 'pytest';
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
    // A configured command (or stage) that runs a framework directly gets its reporter too, so
    // stages are compared test by test; anything else runs exactly as written.
    const direct = frameworkOfCommand(options.override);
    const plan = direct === undefined ? undefined : directCommand(direct.framework, direct.args, facts, packageManager, options.reportFile);
    if (plan !== undefined) return plan;
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

  // No JavaScript test command: a Python project is run with pytest and its junit XML.
  if ((facts.pythonMarkers ?? []).length > 0) return directCommand('pytest', [], facts, packageManager, options.reportFile)!;

  throw new AutonomousError('E_USAGE', `cannot tell how to run the tests of ${facts.root}: package.json has no "test" script, no known test framework is installed and it is not a Python project`, {
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
  if (framework === 'mocha') {
    const bin = binary('mocha', facts, packageManager);
    const rest = withoutOptions(args, ['--reporter', '-R', '--reporter-option', '--reporter-options', '-O']);
    // `--reporter-option output=` for the json reporter arrived in mocha 9.2; before it the report goes to stdout.
    const toFile = facts.mochaVersion !== undefined && semver.valid(facts.mochaVersion) !== null && semver.gte(facts.mochaVersion, '9.2.0');
    return {
      framework,
      packageManager,
      command: [...bin, ...rest, '--reporter', 'json', ...(toFile ? ['--reporter-option', `output=${reportFile}`] : [])],
      report: toFile ? { kind: 'json-file', file: reportFile, format: 'mocha' } : { kind: 'json-stdout', file: reportFile, format: 'mocha' },
      binary: bin,
    };
  }
  if (framework === 'ava') {
    const bin = binary('ava', facts, packageManager);
    const rest = args.filter((a) => a !== '--tap' && a !== '-t' && a !== '--watch' && a !== '-w' && a !== '--verbose' && a !== '-v');
    return { framework, packageManager, command: [...bin, ...rest, '--tap'], report: { kind: 'tap-stdout' }, binary: bin };
  }
  if (framework === 'pytest') {
    const rest = args.filter((a) => !a.startsWith('--junitxml') && !a.startsWith('--junit-xml'));
    const bin = ['python3', '-m', 'pytest'];
    const xmlFile = reportFile.replace(/\.json$/, '.xml');
    return { framework, packageManager, command: [...bin, ...rest, `--junitxml=${xmlFile}`], report: { kind: 'junit-file', file: xmlFile }, binary: bin };
  }
  return undefined;
}

/** `args` without the named options and the value each takes (`--reporter spec`, `--reporter=spec`). */
function withoutOptions(args: readonly string[], names: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (names.includes(arg)) {
      i++; // its value
      continue;
    }
    if (names.some((name) => arg.startsWith(`${name}=`))) continue;
    kept.push(arg);
  }
  return kept;
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
  return { root, lockfiles, packageJson, localBins, mochaVersion: installedVersion(root, 'mocha'), pythonMarkers: pythonMarkersOf(root) };
}

const PYTHON_PROJECT_FILES = ['pyproject.toml', 'setup.cfg', 'pytest.ini', 'tox.ini'];

/** Python project files at the root, and test_*.py files at the root or in tests/ or test/. */
function pythonMarkersOf(root: string): string[] {
  const markers = PYTHON_PROJECT_FILES.filter((file) => fs.existsSync(path.join(root, file)));
  for (const dir of ['', 'tests', 'test']) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(path.join(root, dir));
    } catch {
      continue;
    }
    for (const name of names) if (/^test_.*\.py$/.test(name)) markers.push(dir === '' ? name : `${dir}/${name}`);
  }
  return markers;
}

function installedVersion(root: string, name: string): string | undefined {
  try {
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
    const version = (raw as { version?: unknown } | null)?.version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
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
