#!/usr/bin/env node
// Security comparison: eslint-plugin-security (its recommended config, ESLint 10 flat config) and
// this project's security rules on the same files.
//
//  1. The labelled corpus fixtures/security/{vulnerable,safe}: each line that must be reported ends
//     with `// expect: <rule-id>` (see test/security/corpus.test.ts). A finding counts as a true
//     positive when it is in the same file, within 2 lines of an expected line, and of the same
//     vulnerability class (PLUGIN_TO_CLASS below maps the plugin's rules to our rule ids; a plugin
//     rule with no counterpart never matches). Per tool: true positives (findings that match),
//     false positives (findings that match nothing), false negatives (expected lines no finding
//     matched), precision = TP / findings, recall = found expected lines / expected lines.
//  2. With --large (default when it exists): every JS/TS file of ${TMPDIR:-/tmp}/scan-corpus/large
//     (built by ../shared/bench/make-corpus.sh), node_modules excluded: finding counts per tool,
//     i.e. the noise a user would wade through, and the time each took.
//
// Both tools see the same text. ESLint parses with typescript-estree (the parser our engine uses),
// wrapped as an ESLint parser so TypeScript files parse for both. Ours: the engine's scanSource with
// every security file rule at its default options, keeping findings at or above scan.minConfidence,
// which is what `autonomous security-scan` reports for these files (minus secrets in non-code
// files and the dependency audit, which the plugin has no counterpart for).
//
// usage: npm run build && node bench/security-compare.mjs [--no-large] [--corpus DIR]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import security from 'eslint-plugin-security';
import { parse } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.resolve(here, '..');
const dist = path.join(project, 'dist');
if (!fs.existsSync(path.join(dist, 'scanner', 'engine.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}
const { scanSource } = await import(path.join(dist, 'scanner', 'engine.js'));
const { securityRules } = await import(path.join(dist, 'scanner', 'rules', 'security', 'index.js'));
const { defaultConfig } = await import(path.join(dist, 'core', 'config.js'));

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const corpusRoot = flag('--corpus', path.join(process.env.TMPDIR || os.tmpdir(), 'scan-corpus'));
const runLarge = !args.includes('--no-large');

/**
 * Vulnerability class of each eslint-plugin-security rule, as our rule id. null: no counterpart
 * in our rules (the finding can only be a false positive on the labelled corpus).
 */
export const PLUGIN_TO_CLASS = {
  'security/detect-non-literal-fs-filename': 'path-traversal',
  'security/detect-child-process': 'command-injection',
  'security/detect-eval-with-expression': 'code-injection',
  'security/detect-non-literal-require': 'dynamic-require',
  'security/detect-unsafe-regex': 'redos',
  'security/detect-non-literal-regexp': 'redos', // regex injection is reported by our redos rule
  'security/detect-object-injection': 'prototype-pollution',
  'security/detect-pseudoRandomBytes': 'weak-crypto',
  'security/detect-possible-timing-attacks': 'weak-crypto',
  'security/detect-disable-mustache-escape': 'xss',
  'security/detect-no-csrf-before-method-override': null,
  'security/detect-buffer-noassert': null,
  'security/detect-new-buffer': null,
  'security/detect-bidi-characters': null,
};
const LINE_SLACK = 2;
const EXPECT = /(?:\/\/|\/\*)\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?:\*\/\}?)?\s*$/;

/** typescript-estree as an ESLint parser, so .ts files parse for the plugin too. */
const tsParser = {
  meta: { name: 'typescript-estree-for-bench' },
  parseForESLint(code, options = {}) {
    const file = options.filePath ?? 'file.ts';
    const ast = parse(code, { loc: true, range: true, tokens: true, comment: true, jsx: /\.[jt]sx$/.test(file), filePath: file });
    return { ast, visitorKeys };
  },
};

/**
 * eslint-plugin-security 3.0.1 still calls `context.getSourceCode()` in some rules, which ESLint 10
 * removed; give those rules a context that answers it with `context.sourceCode`. Nothing else of
 * the plugin changes.
 */
function withSourceCodeShim(plugin) {
  const rules = {};
  for (const [name, rule] of Object.entries(plugin.rules)) {
    rules[name] = {
      ...rule,
      create(context) {
        const shimmed = new Proxy(context, {
          get(target, property) {
            if (property === 'getSourceCode') return () => target.sourceCode;
            const own = Object.getOwnPropertyDescriptor(target, property);
            const value = Reflect.get(target, property, target);
            return typeof value === 'function' && !(own && !own.configurable) ? value.bind(target) : value;
          },
        });
        return rule.create(shimmed);
      },
    };
  }
  return { ...plugin, rules };
}
const securityPlugin = withSourceCodeShim(security);

const eslint = new ESLint({
  cwd: project,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}'], languageOptions: { parser: tsParser, sourceType: 'module', ecmaVersion: 'latest' } },
    { ...security.configs.recommended, plugins: { security: securityPlugin } },
  ],
});

const minConfidence = defaultConfig().scan.minConfidence;
const ourRules = securityRules.map((rule) => ({ rule, options: { ...rule.meta.defaultOptions } }));

async function pluginFindings(file, text) {
  const [result] = await eslint.lintText(text, { filePath: file });
  const findings = [];
  let parseErrors = 0;
  for (const m of result?.messages ?? []) {
    if (m.ruleId === null) {
      parseErrors++;
      continue;
    }
    // "Definition for rule 'react-hooks/...' was not found" from the files' own eslint-disable comments
    if (!m.ruleId.startsWith('security/')) continue;
    findings.push({ line: m.line, rule: m.ruleId, cls: PLUGIN_TO_CLASS[m.ruleId] ?? null });
  }
  return { findings, parseErrors };
}

function ourFindings(file, text) {
  const result = scanSource(file, text, ourRules);
  const findings = [];
  let parseErrors = 0;
  for (const f of result.findings) {
    if (f.rule_id === 'parse-error') {
      parseErrors++;
      continue;
    }
    if (f.confidence < minConfidence) continue;
    findings.push({ line: f.line_number, rule: f.rule_id, cls: f.rule_id });
  }
  return { findings, parseErrors };
}

/** Two reports of one class on one line count once, for both tools. */
function dedupe(findings) {
  const seen = new Set();
  return findings.filter((f) => {
    const key = `${f.line}:${f.cls ?? f.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function expectedOf(text) {
  const out = [];
  text.split('\n').forEach((line, i) => {
    const m = EXPECT.exec(line);
    if (m) for (const rule of m[1].split(',')) out.push({ line: i + 1, rule: rule.trim() });
  });
  return out;
}

async function labelledCorpus() {
  const root = path.join(project, 'fixtures', 'security');
  const files = [];
  for (const kind of ['vulnerable', 'safe']) {
    for (const name of fs.readdirSync(path.join(root, kind)).sort()) {
      if (/\.(?:js|ts)$/.test(name)) files.push(path.join(root, kind, name));
    }
  }
  const tools = { 'eslint-plugin-security': pluginFindings, autonomous: ourFindings };
  const rows = {};
  for (const [tool, run] of Object.entries(tools)) {
    let tp = 0;
    let fp = 0;
    let expectedTotal = 0;
    let found = 0;
    let parseErrors = 0;
    const started = performance.now();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const expected = expectedOf(text);
      const result = await run(file, text);
      parseErrors += result.parseErrors;
      const findings = dedupe(result.findings);
      const matches = (f, e) => f.cls === e.rule && Math.abs(f.line - e.line) <= LINE_SLACK;
      for (const f of findings) {
        if (expected.some((e) => matches(f, e))) tp++;
        else fp++;
      }
      expectedTotal += expected.length;
      found += expected.filter((e) => findings.some((f) => matches(f, e))).length;
    }
    const ms = performance.now() - started;
    rows[tool] = {
      files: files.length,
      expected: expectedTotal,
      tp,
      fp,
      fn: expectedTotal - found,
      precision: tp + fp === 0 ? 0 : tp / (tp + fp),
      recall: expectedTotal === 0 ? 0 : found / expectedTotal,
      parseErrors,
      ms,
    };
  }
  return rows;
}

function listCode(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop();
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile() && /\.(?:[cm]?[jt]s|[jt]sx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  }
  return out.sort();
}

async function largeCorpus(dir) {
  const files = listCode(dir);
  const rows = {};
  for (const [tool, run] of Object.entries({ 'eslint-plugin-security': pluginFindings, autonomous: ourFindings })) {
    const byRule = new Map();
    let total = 0;
    let parseErrors = 0;
    const started = performance.now();
    for (const file of files) {
      let text;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      if (text.length > 1_000_000) continue; // minified bundles: neither tool is meant for them
      const result = await run(path.relative(dir, file), text);
      parseErrors += result.parseErrors;
      for (const f of dedupe(result.findings)) {
        total++;
        byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
      }
    }
    rows[tool] = { files: files.length, total, parseErrors, ms: performance.now() - started, byRule: [...byRule.entries()].sort((a, b) => b[1] - a[1]) };
  }
  return rows;
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const labelled = await labelledCorpus();
console.log('== labelled corpus fixtures/security (match: same file, line +-2, same vulnerability class)');
console.log(`${'tool'.padEnd(24)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} ${'FN'.padStart(5)} ${'precision'.padStart(10)} ${'recall'.padStart(8)} ${'time'.padStart(8)}`);
for (const [tool, r] of Object.entries(labelled)) {
  console.log(
    `${tool.padEnd(24)} ${String(r.tp).padStart(5)} ${String(r.fp).padStart(5)} ${String(r.fn).padStart(5)} ${pct(r.precision).padStart(10)} ${pct(r.recall).padStart(8)} ${`${(r.ms / 1000).toFixed(2)}s`.padStart(8)}` +
      (r.parseErrors > 0 ? `  (${r.parseErrors} parse errors)` : ''),
  );
}
const first = Object.values(labelled)[0];
console.log(`${first.files} files, ${first.expected} expected findings`);

const largeDir = path.join(corpusRoot, 'large');
if (runLarge && fs.existsSync(largeDir)) {
  const large = await largeCorpus(largeDir);
  console.log(`\n== real code ${largeDir} (no labels: finding counts are the noise a reviewer reads)`);
  for (const [tool, r] of Object.entries(large)) {
    console.log(`${tool.padEnd(24)} ${String(r.total).padStart(7)} findings in ${r.files} files, ${(r.ms / 1000).toFixed(1)}s${r.parseErrors > 0 ? `, ${r.parseErrors} parse errors` : ''}`);
    console.log(`  ${r.byRule.slice(0, 8).map(([rule, n]) => `${rule.replace('security/', '')} ${n}`).join(', ')}`);
  }
} else if (runLarge) {
  console.log(`\n(no ${largeDir}: build it with ../shared/bench/make-corpus.sh for the real-code comparison)`);
}
