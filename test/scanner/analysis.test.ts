import { describe, expect, it } from 'vitest';
import type { ValueOrigin } from '../../src/scanner/analysis/file-analysis.js';
import { scanSource } from '../../src/scanner/engine.js';
import { defineRule } from '../../src/scanner/rule.js';

interface Observed {
  callee: string;
  qualifiedName: string | undefined;
  origin: ValueOrigin | undefined;
  line: number;
}

/** Scans `code` with a rule that records, for every call, what the analysis says about it. */
function observe(code: string, filePath = 'src/case.ts'): Observed[] {
  const observed: Observed[] = [];
  const probe = defineRule({
    meta: {
      id: 'analysis-probe',
      category: 'quality',
      severity: 'info',
      description: 'Records the analysis answers for every call.',
      messages: { seen: 'seen' },
      recommendation: 'none',
    },
    create(context) {
      return {
        CallExpression(node) {
          const arg0 = node.arguments[0];
          observed.push({
            callee: context.getText(node.callee),
            qualifiedName: context.analysis.qualifiedName(node.callee),
            origin: arg0 === undefined ? undefined : context.analysis.origin(arg0),
            line: node.loc.start.line,
          });
        },
      };
    },
  });
  const result = scanSource(filePath, code, [{ rule: probe, options: {} }]);
  expect(result.findings.filter((f) => f.rule_id === 'parse-error')).toEqual([]);
  return observed;
}

/** The qualified name of the callee of the last call whose callee reads `callee`. */
function nameOf(code: string, callee: string): string | undefined {
  const matches = observe(code).filter((o) => o.callee === callee);
  expect(matches.length, `no call of ${callee}`).toBeGreaterThan(0);
  return matches[matches.length - 1]!.qualifiedName;
}

/** The origin of the first argument of the last `sink(...)` call. */
function originOf(code: string, filePath?: string): ValueOrigin | undefined {
  const sinks = observe(code, filePath).filter((o) => o.callee === 'sink');
  expect(sinks.length, 'no sink() call').toBeGreaterThan(0);
  return sinks[sinks.length - 1]!.origin;
}

describe('FileAnalysis.qualifiedName', () => {
  it.each([
    ['a named import', "import { exec } from 'child_process';\nexec(cmd);", 'exec', 'child_process.exec'],
    ['an aliased import with the node: prefix', "import { execSync as run } from 'node:child_process';\nrun(cmd);", 'run', 'child_process.execSync'],
    ['a namespace import', "import * as cp from 'child_process';\ncp.spawn(cmd);", 'cp.spawn', 'child_process.spawn'],
    ['a default import', "import cp from 'node:child_process';\ncp.exec(cmd);", 'cp.exec', 'child_process.exec'],
    ['an import of "default" by name', "import { default as cp } from 'child_process';\ncp.exec(cmd);", 'cp.exec', 'child_process.exec'],
    ['a computed member with a string key', "import * as cp from 'child_process';\ncp['execFile'](cmd);", "cp['execFile']", 'child_process.execFile'],
    ['fs/promises, an alias of fs', "import { readFile } from 'fs/promises';\nreadFile(p);", 'readFile', 'fs.readFile'],
    ['node:fs/promises as a namespace', "import * as fsp from 'node:fs/promises';\nfsp.readFile(p);", 'fsp.readFile', 'fs.readFile'],
    ['fs.promises through the fs module', "import fs from 'node:fs';\nfs.promises.readFile(p);", 'fs.promises.readFile', 'fs.readFile'],
    ['the promises export of fs', "import { promises as fsp } from 'fs';\nfsp.readFile(p);", 'fsp.readFile', 'fs.readFile'],
  ])('resolves %s', (_name, code, callee, expected) => {
    expect(nameOf(code, callee)).toBe(expected);
  });

  it.each([
    ['require of a module', "const cp = require('child_process');\ncp.exec(cmd);", 'cp.exec', 'child_process.exec'],
    ['require with the node: prefix', "const cp = require('node:child_process');\ncp.execSync(cmd);", 'cp.execSync', 'child_process.execSync'],
    ['a member of require() used directly', "require('child_process').exec(cmd);", "require('child_process').exec", 'child_process.exec'],
    ['destructuring of require with a rename', "const { exec: run } = require('child_process');\nrun(cmd);", 'run', 'child_process.exec'],
    ['nested destructuring of require', "const { promises: { readFile } } = require('fs');\nreadFile(p);", 'readFile', 'fs.readFile'],
    ['destructuring of a module held in a const', "const cp = require('child_process');\nconst { exec } = cp;\nexec(cmd);", 'exec', 'child_process.exec'],
    ['a const alias of a module member', "import cp from 'child_process';\nconst run = cp.exec;\nrun(cmd);", 'run', 'child_process.exec'],
    ['util.promisify of a module member', "import util from 'util';\nimport cp from 'child_process';\nconst execAsync = util.promisify(cp.exec);\nexecAsync(cmd);", 'execAsync', 'child_process.exec'],
    ['a destructured promisify', "const { promisify } = require('util');\nconst { exec } = require('child_process');\nconst run = promisify(exec);\nrun(cmd);", 'run', 'child_process.exec'],
    ['bind of a module member', "import cp from 'child_process';\nconst run = cp.exec.bind(cp);\nrun(cmd);", 'run', 'child_process.exec'],
    ['a member of await import()', "const cp = await import('node:child_process');\ncp.exec(cmd);", 'cp.exec', 'child_process.exec'],
  ])('resolves %s', (_name, code, callee, expected) => {
    expect(nameOf(code, callee)).toBe(expected);
  });

  it.each([
    ['eval', 'eval(code);', 'eval', 'eval'],
    ['a member of a global object', 'Math.random();', 'Math.random', 'Math.random'],
    ['a global through a non-null assertion', 'globalThis!.fetch(url);', 'globalThis!.fetch', 'globalThis.fetch'],
  ])('names the global %s by its own name', (_name, code, callee, expected) => {
    expect(nameOf(code, callee)).toBe(expected);
  });

  it('gives undefined when a parameter shadows the imported name', () => {
    const code = "import { exec } from 'child_process';\nfunction run(exec: (c: string) => void) {\n  exec(cmd);\n}\nexec(cmd);";
    const calls = observe(code).filter((o) => o.callee === 'exec');
    expect(calls.map((c) => [c.line, c.qualifiedName])).toEqual([
      [3, undefined],
      [5, 'child_process.exec'],
    ]);
  });

  it('gives undefined when a local function shadows the imported name', () => {
    const code = "import { exec } from 'child_process';\nfunction outer() {\n  function exec(c: string) { return c; }\n  exec(cmd);\n}";
    expect(nameOf(code, 'exec')).toBeUndefined();
  });

  it('gives undefined when a local function declared later in the same function shadows the import (hoisting)', () => {
    // Function declarations are hoisted: exec(u) below calls the local exec, not child_process.exec.
    const code =
      "import { exec } from 'child_process';\nexport function f(u: string) {\n  exec(u);\n  function exec(c: string) { return c; }\n}";
    expect(nameOf(code, 'exec')).toBeUndefined();
  });

  it('gives undefined when a block-scoped const shadows the module binding, and the module again after the block', () => {
    const code = "import cp from 'child_process';\n{\n  const cp = { exec: (c: string) => c };\n  cp.exec(cmd);\n}\ncp.exec(cmd);";
    const calls = observe(code).filter((o) => o.callee === 'cp.exec');
    expect(calls.map((c) => c.qualifiedName)).toEqual([undefined, 'child_process.exec']);
  });

  it('gives undefined for require when a parameter named require shadows the global', () => {
    const code = "function load(require: (m: string) => any) {\n  require('child_process').exec(cmd);\n}";
    expect(nameOf(code, "require('child_process').exec")).toBeUndefined();
  });

  it('gives undefined for a let alias that is reassigned before the call', () => {
    const code = "import cp from 'child_process';\nlet run = cp.exec;\nrun = safeRun;\nrun(cmd);";
    expect(nameOf(code, 'run')).toBeUndefined();
  });

  it('gives undefined for a method of a local object', () => {
    expect(nameOf('const helper = { exec(c: string) { return c; } };\nhelper.exec(cmd);', 'helper.exec')).toBeUndefined();
  });
});

describe('FileAnalysis.origin', () => {
  it.each([
    ['a string literal', "sink('ls -la');"],
    ['a number literal', 'sink(42);'],
    ['a template without expressions', 'sink(`ls -la`);'],
    ['a template of constants', "const dir = '/tmp';\nsink(`ls ${dir} ${1 + 2}`);"],
    ['a concatenation of constants', "const flag = '-la';\nsink('ls ' + flag);"],
    ['an arithmetic expression on a parameter', 'function f(n: number) {\n  sink(n * 2);\n}'],
    ['Number() of a parameter', 'function f(x: string) {\n  sink(Number(x));\n}'],
    ['parseInt() of request input', "app.get('/', (req, res) => {\n  sink(parseInt(req.query.n, 10));\n});"],
    ['encodeURIComponent() of request input', "app.get('/', (req, res) => {\n  sink(encodeURIComponent(req.query.q));\n});"],
    ['__dirname', 'sink(__dirname);'],
    ['a local function', 'function helper() {}\nsink(helper);'],
    ['a member of a local object that happens to be called req', "const req = { query: 'fixed' };\nsink(req.query);"],
  ])('is constant for %s', (_name, code) => {
    expect(originOf(code)).toEqual({ kind: 'constant' });
  });

  it('is external with confidence 0.9 for req.query.x in a request handler', () => {
    const code = "app.get('/run', (req, res) => {\n  sink(req.query.x);\n});";
    expect(originOf(code)).toEqual({ kind: 'external', source: 'req.query.x', confidence: 0.9 });
  });

  it('keeps request input external through a template and a string method', () => {
    const code = "app.post('/run', (req, res) => {\n  sink(`ls ${req.body.dir.trim()}`);\n});";
    expect(originOf(code)).toEqual({ kind: 'external', source: 'req.body.dir', confidence: 0.9 });
  });

  it('follows URL search params held in a const to the URL they came from', () => {
    const code = "const params = new URLSearchParams(location.search);\nsink(params.get('next'));";
    expect(originOf(code)).toMatchObject({ kind: 'external', source: 'location.search' });
    const viaUrl = "app.get('/', (req, res) => {\n  const params = new URL(req.url, 'http://x').searchParams;\n  sink(params.get('to'));\n});";
    expect(originOf(viaUrl)).toMatchObject({ kind: 'external', confidence: 0.9 });
  });

  it('follows request input through destructuring', () => {
    const code = "app.get('/', (req, res) => {\n  const { name } = req.query;\n  sink(name);\n});";
    expect(originOf(code)).toEqual({ kind: 'external', source: 'req.query.name', confidence: 0.9 });
  });

  it('is external with confidence 0.8 for the request object itself', () => {
    const code = "app.get('/', (req, res) => {\n  sink(req);\n});";
    expect(originOf(code)).toEqual({ kind: 'external', source: 'request object req', confidence: 0.8 });
  });

  it('is external for an element of process.argv', () => {
    expect(originOf('sink(process.argv[2]);')).toEqual({ kind: 'external', source: 'process.argv', confidence: 0.9 });
  });

  it('is external with confidence 0.7 for an environment variable', () => {
    expect(originOf('sink(process.env.TARGET);')).toEqual({ kind: 'external', source: 'process.env.TARGET', confidence: 0.7 });
  });

  it('is external for data read from a file', () => {
    const code = "import fs from 'node:fs';\nsink(fs.readFileSync('input.txt', 'utf8'));";
    expect(originOf(code)).toEqual({ kind: 'external', source: 'fs.readFileSync()', confidence: 0.6 });
  });

  it('is external with confidence 0.6 for a parameter of a local function', () => {
    const code = 'function run(command: string) {\n  sink(command);\n}';
    expect(originOf(code)).toEqual({ kind: 'external', source: 'parameter command', confidence: 0.6 });
  });

  it('is external with confidence 0.7 for a parameter of an exported function', () => {
    const code = 'export function run(command: string) {\n  sink(command);\n}';
    expect(originOf(code)).toEqual({ kind: 'external', source: 'parameter command of an exported function', confidence: 0.7 });
  });

  it('is external for a parameter of an arrow function exported through a const', () => {
    const code = 'export const run = (command: string) => {\n  sink(command);\n};';
    expect(originOf(code)).toEqual({ kind: 'external', source: 'parameter command of an exported function', confidence: 0.7 });
  });

  it('is unknown with confidence 0.4 for an imported value', () => {
    const code = "import { defaultCommand } from './config.js';\nsink(defaultCommand);";
    expect(originOf(code)).toEqual({ kind: 'unknown', confidence: 0.4, source: 'import defaultCommand' });
  });

  it('is unknown for an undeclared global and for the result of an unknown call', () => {
    expect(originOf('sink(someGlobal);')).toEqual({ kind: 'unknown', confidence: 0.5 });
    expect(originOf('sink(compute());')).toEqual({ kind: 'unknown', confidence: 0.5 });
  });

  it('prefers external over unknown and constant in a combination', () => {
    const code = "import { prefix } from './p.js';\nfunction f(user: string) {\n  sink(prefix + ' ' + user + '!');\n}";
    expect(originOf(code)).toEqual({ kind: 'external', source: 'parameter user', confidence: 0.6 });
  });
});
