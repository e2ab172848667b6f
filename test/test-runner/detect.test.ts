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
      name: 'runs mocha through its script because its output is not parsed',
      facts: facts({ packageJson: { scripts: { test: 'mocha' }, devDependencies: { mocha: '^10' } } }),
      expected: { framework: 'mocha', command: ['npm', 'run', 'test'], report: { kind: 'exit-code' } },
    },
    {
      name: 'runs an unknown script through npm',
      facts: facts({ packageJson: { scripts: { test: 'make check' } } }),
      expected: { framework: 'script', command: ['npm', 'run', 'test'], report: { kind: 'exit-code' } },
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
    ['only mocha installed (output not readable without a script)', facts({ packageJson: { devDependencies: { mocha: '^10' } } })],
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
