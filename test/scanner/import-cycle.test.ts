import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileFacts, ImportFact } from '../../src/scanner/analysis/file-facts.js';
import { runProjectRules } from '../../src/scanner/project-phase.js';
import { stronglyConnected } from '../../src/scanner/rules/architecture/import-cycle.js';

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-cycle-'));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function facts(...imports: Array<string | Partial<ImportFact> & { specifier: string }>): FileFacts {
  return {
    imports: imports.map((i, index) =>
      typeof i === 'string' ? { specifier: i, line: index + 1, typeOnly: false } : { line: index + 1, typeOnly: false, ...i },
    ),
    hasExports: true,
    onlyReExports: false,
  };
}

function cycles(files: Record<string, FileFacts>) {
  return runProjectRules({
    hashes: new Map(),
    root,
    files: new Map(Object.entries(files)),
    rules: [{ id: 'import-cycle', options: {} }],
    coversRoot: true,
    exclude: [],
  }).findings;
}

describe('import-cycle', () => {
  it('reports a cycle of three modules once, at the first module, with the path around it', () => {
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'a.ts'), "import { log } from './log.js';\nimport { b } from './b.js';\n");

    const findings = cycles({
      'src/c.ts': facts('./a.js'),
      'src/a.ts': facts('./log.js', './b.js'),
      'src/b.ts': facts('./c'),
      'src/log.ts': facts(),
    });

    expect(findings).toHaveLength(1);
    const finding = findings[0]!;
    expect(finding.rule_id).toBe('import-cycle');
    expect(finding.category).toBe('architecture');
    expect(finding.severity).toBe('medium');
    expect(finding.file_path).toBe('src/a.ts');
    expect(finding.line_number).toBe(2);
    expect(finding.code_snippet).toBe("import { b } from './b.js';");
    expect(finding.description).toBe('Import cycle of 3 modules: src/a.ts -> src/b.ts -> src/c.ts -> src/a.ts.');
    expect(finding.metadata).toEqual({ message_id: 'cycle', modules: ['src/a.ts', 'src/b.ts', 'src/c.ts'] });
    expect(finding.confidence).toBe(0.95);
  });

  it('gives the same fingerprint to the same cycle whichever file lists it first', () => {
    const one = cycles({ 'a.ts': facts('./b.js'), 'b.ts': facts('./a.js') });
    const two = cycles({ 'b.ts': facts('./a.js'), 'a.ts': facts('./b.js') });
    expect(one[0]!.fingerprint).toBe(two[0]!.fingerprint);
  });

  it('ignores type-only imports, which vanish at run time', () => {
    const findings = cycles({
      'src/a.ts': facts('./b.js'),
      'src/b.ts': facts('./c.js'),
      'src/c.ts': facts({ specifier: './a.js', typeOnly: true }),
    });
    expect(findings).toEqual([]);
  });

  it('reports nothing when the imports form no cycle', () => {
    const findings = cycles({
      'src/index.ts': facts('./a.js', './b.js'),
      'src/a.ts': facts('./shared/util.js'),
      'src/b.ts': facts('./shared/util.js', 'node:fs', 'lodash'),
      'src/shared/util.ts': facts(),
    });
    expect(findings).toEqual([]);
  });

  it('resolves folder imports to index files and parent-relative specifiers', () => {
    const findings = cycles({
      'src/index.ts': facts('./lib'),
      'src/lib/index.ts': facts('../index.js'),
    });
    expect(findings.map((f) => f.description)).toEqual([
      'Import cycle of 2 modules: src/index.ts -> src/lib/index.ts -> src/index.ts.',
    ]);
  });

  it('reports a module that imports itself', () => {
    const findings = cycles({ 'src/self.ts': facts('./self.js'), 'src/other.ts': facts() });
    expect(findings.map((f) => f.description)).toEqual(['The module imports itself: src/self.ts -> src/self.ts.']);
  });

  it('reports two separate cycles separately', () => {
    const findings = cycles({
      'a.ts': facts('./b.js'),
      'b.ts': facts('./a.js'),
      'x.ts': facts('./y.js'),
      'y.ts': facts('./x.js'),
    });
    expect(findings.map((f) => f.file_path)).toEqual(['a.ts', 'x.ts']);
  });

  it('reports one finding for a component with several overlapping cycles, with a shortest path', () => {
    const findings = cycles({
      'a.ts': facts('./b.js', './c.js'),
      'b.ts': facts('./c.js'),
      'c.ts': facts('./a.js'),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.description).toBe('Import cycle of 3 modules: a.ts -> c.ts -> a.ts.');
    expect(findings[0]!.line_number).toBe(2);
  });

  it('runs no project rule when none is enabled', () => {
    const findings = runProjectRules({
    hashes: new Map(),
      root,
      files: new Map([['a.ts', facts('./a.js')]]),
      rules: [],
      coversRoot: true,
      exclude: [],
    }).findings;
    expect(findings).toEqual([]);
  });
});

describe('stronglyConnected', () => {
  const sorted = (components: string[][]): string[][] => components.map((c) => [...c].sort()).sort();

  it('finds a node with a self-loop as a component of its own', () => {
    expect(stronglyConnected(new Map([['a', [{ to: 'a' }]]]))).toEqual([['a']]);
  });

  it('groups the members of a cycle and leaves the other nodes alone', () => {
    const graph = new Map([
      ['a', [{ to: 'b' }]],
      ['b', [{ to: 'c' }, { to: 'd' }]],
      ['c', [{ to: 'a' }]],
      ['d', [{ to: 'missing' }]],
    ]);
    expect(sorted(stronglyConnected(graph))).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('handles an import chain deep enough to overflow a recursive implementation', () => {
    const depth = 20_000;
    const graph = new Map<string, Array<{ to: string }>>();
    for (let i = 0; i < depth; i++) graph.set(`m${i}`, [{ to: `m${(i + 1) % depth}` }]);
    const components = stronglyConnected(graph);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(depth);
  });
});
