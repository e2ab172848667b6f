import { describe, expect, it } from 'vitest';
import { AutonomousError } from '../../src/core/errors.js';
import { detectPackageManager, planTestCommand, type ProjectFacts } from '../../src/test-runner/detect.js';

const REPORT = '/p/.autonomous/test-runs/r.json';

function facts(overrides: Partial<ProjectFacts> = {}): ProjectFacts {
  return { root: '/p', lockfiles: [], packageJson: {}, localBins: [], ...overrides };
}

describe('detectPackageManager', () => {
  it.each([
    [['package-lock.json'], 'npm'],
    [['pnpm-lock.yaml'], 'pnpm'],
    [['yarn.lock'], 'yarn'],
    [[], 'npm'],
  ] as const)('reads %j as %s', (lockfiles, expected) => {
    expect(detectPackageManager(lockfiles)).toBe(expected);
  });
});

describe('planTestCommand', () => {
  const cases: Array<{ name: string; facts: ProjectFacts; override?: string[]; expected: object }> = [
    {
      name: 'runs a local vitest with the JSON reporter when the script is vitest',
      facts: facts({ packageJson: { scripts: { test: 'vitest' } }, localBins: ['vitest'] }),
      expected: {
        framework: 'vitest',
        command: ['/p/node_modules/.bin/vitest', 'run', '--reporter=json', `--outputFile=${REPORT}`],
        report: { kind: 'json-file', file: REPORT },
      },
    },
    {
      name: 'keeps the script arguments of vitest and drops its watch mode',
      facts: facts({ packageJson: { scripts: { test: 'vitest --watch src/' } }, localBins: ['vitest'] }),
      expected: { command: ['/p/node_modules/.bin/vitest', 'run', 'src/', '--reporter=json', `--outputFile=${REPORT}`] },
    },
    {
      name: 'runs vitest through pnpm exec when it is a dependency but not installed locally',
      facts: facts({ lockfiles: ['pnpm-lock.yaml'], packageJson: { devDependencies: { vitest: '^4.0.0' } } }),
      expected: { framework: 'vitest', packageManager: 'pnpm', command: ['pnpm', 'exec', 'vitest', 'run', '--reporter=json', `--outputFile=${REPORT}`] },
    },
    {
      name: 'runs jest with --json and an output file',
      facts: facts({ packageJson: { scripts: { test: 'jest --ci' } }, localBins: ['jest'] }),
      expected: { framework: 'jest', command: ['/p/node_modules/.bin/jest', '--ci', '--json', `--outputFile=${REPORT}`] },
    },
    {
      name: 'runs node --test with the TAP reporter, keeping its file arguments',
      facts: facts({ packageJson: { scripts: { test: 'node --test test/' } } }),
      expected: { framework: 'node-test', command: ['node', '--test', '--test-reporter=tap', 'test/'], report: { kind: 'tap-stdout' } },
    },
    {
      name: 'runs a compound script through the package manager with exit-code-only results',
      facts: facts({ lockfiles: ['yarn.lock'], packageJson: { scripts: { test: 'npm run build && vitest run' } } }),
      expected: { framework: 'vitest', command: ['yarn', 'run', 'test'], report: { kind: 'exit-code' } },
    },
    {
      name: 'runs mocha 9.2 or later with the json reporter writing to a file, replacing its own reporter',
      facts: facts({ packageJson: { scripts: { test: 'mocha --reporter spec test/' } }, localBins: ['mocha'], mochaVersion: '10.4.0' }),
      expected: {
        framework: 'mocha',
        command: ['/p/node_modules/.bin/mocha', 'test/', '--reporter', 'json', '--reporter-option', `output=${REPORT}`],
        report: { kind: 'json-file', file: REPORT, format: 'mocha' },
      },
    },
    {
      name: 'reads the json report of an older mocha from its stdout',
      facts: facts({ packageJson: { scripts: { test: 'mocha -R=dot' }, devDependencies: { mocha: '^8' } }, localBins: ['mocha'], mochaVersion: '8.4.0' }),
      expected: { framework: 'mocha', command: ['/p/node_modules/.bin/mocha', '--reporter', 'json'], report: { kind: 'json-stdout', file: REPORT, format: 'mocha' } },
    },
    {
      name: 'runs ava with --tap and reads its TAP',
      facts: facts({ packageJson: { scripts: { test: 'ava --verbose' } }, localBins: ['ava'] }),
      expected: { framework: 'ava', command: ['/p/node_modules/.bin/ava', '--tap'], report: { kind: 'tap-stdout' } },
    },
    {
      name: 'runs pytest with a junit XML report for a Python project without a test script',
      facts: facts({ packageJson: undefined, pythonMarkers: ['pyproject.toml'] }),
      expected: {
        framework: 'pytest',
        command: ['python3', '-m', 'pytest', '--junitxml=/p/.autonomous/test-runs/r.xml'],
        report: { kind: 'junit-file', file: '/p/.autonomous/test-runs/r.xml' },
      },
    },
    {
      name: 'runs a pytest test script directly, keeping its arguments',
      facts: facts({ packageJson: { scripts: { test: 'python -m pytest -q tests' } }, pythonMarkers: ['tests/test_a.py'] }),
      expected: { framework: 'pytest', command: ['python3', '-m', 'pytest', '-q', 'tests', '--junitxml=/p/.autonomous/test-runs/r.xml'] },
    },
    {
      name: "prefers a project's JavaScript test script to its Python files",
      facts: facts({ packageJson: { scripts: { test: 'node --test' } }, pythonMarkers: ['setup.cfg'] }),
      expected: { framework: 'node-test' },
    },
    {
      name: 'runs an unknown script through npm',
      facts: facts({ packageJson: { scripts: { test: 'make check' } } }),
      expected: { framework: 'script', command: ['npm', 'run', 'test'], report: { kind: 'exit-code' } },
    },
    {
      name: 'adds the reporter to a configured command (or stage) that runs a framework through npx',
      facts: facts({ packageJson: { scripts: { test: 'jest' } }, localBins: ['vitest'] }),
      override: ['npx', 'vitest', 'run', 'test/unit'],
      expected: { framework: 'vitest', command: ['/p/node_modules/.bin/vitest', 'run', 'test/unit', '--reporter=json', `--outputFile=${REPORT}`] },
    },
    {
      name: 'lets a configured command win over detection',
      facts: facts({ packageJson: { scripts: { test: 'vitest' } }, localBins: ['vitest'] }),
      override: ['make', 'test'],
      expected: { framework: 'script', command: ['make', 'test'], report: { kind: 'exit-code' } },
    },
  ];

  it.each(cases)('$name', ({ facts: project, override, expected }) => {
    expect(planTestCommand(project, { reportFile: REPORT, override })).toMatchObject(expected);
  });

  it.each([
    ['no package.json', facts({ packageJson: undefined })],
    ['no test script', facts({ packageJson: { scripts: { build: 'tsc' } } })],
    ["npm's placeholder script", facts({ packageJson: { scripts: { test: 'echo "Error: no test specified" && exit 1' } } })],
    ['no test script and no Python files', facts({ packageJson: { devDependencies: { typescript: '^5' } }, pythonMarkers: [] })],
  ])('asks for test.command when there is %s', (_name, project) => {
    let thrown: unknown;
    try {
      planTestCommand(project, { reportFile: REPORT });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AutonomousError);
    expect(thrown).toMatchObject({ code: 'E_USAGE' });
    expect((thrown as AutonomousError).hint).toContain('test.command');
  });
});
