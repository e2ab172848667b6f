#!/usr/bin/env node
// Validator benchmark: validates N proposals (a harmless comment added at the top of N different
// source files) on a copy of a real project with one Validator (the TypeScript program is built
// once and reused), and prints the median and p95 of each layer, plus the first proposal alone
// (which pays for building the program). Needs `npm run build` first (it uses dist/).
//
// usage: node bench/validate-bench.mjs [--project DIR] [--count N]
//   --project DIR  project to copy (default: ${TMPDIR:-/tmp}/scan-corpus/large/rxjs, an npm
//                  package of ~1,000 files from ../shared/bench/make-corpus.sh; else this repository)
//   --count N      number of proposals (default 50)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.resolve(here, '..');
const dist = (rel) => import(pathToFileURL(path.join(project, 'dist', rel)).href);
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const corpus = path.join(process.env.TMPDIR || os.tmpdir(), 'scan-corpus', 'large', 'rxjs');
const source = path.resolve(flag('--project', fs.existsSync(corpus) ? corpus : project));
const count = Number(flag('--count', '50'));

if (!fs.existsSync(path.join(project, 'dist', 'validator', 'validate.js'))) {
  console.error('dist/ is missing the validator: run `npm run build` first');
  process.exit(2);
}
const { buildProposal } = await dist('proposer/build.js');
const { Validator } = await dist('validator/validate.js');
const { defaultConfig } = await dist('core/config.js');

// Copy without node_modules/.git/dist of this repository; a corpus package keeps everything.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-validate-bench-'));
const skip = new Set(['node_modules', '.git', '.autonomous', 'coverage']);
fs.cpSync(source, root, { recursive: true, filter: (p) => !skip.has(path.basename(p)) });
if (fs.existsSync(path.join(source, 'node_modules'))) fs.symlinkSync(path.join(source, 'node_modules'), path.join(root, 'node_modules'));
if (!fs.existsSync(path.join(root, 'package.json'))) fs.writeFileSync(path.join(root, 'package.json'), '{"name":"bench-project","private":true}\n');
if (!fs.existsSync(path.join(root, 'tsconfig.json'))) {
  fs.writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', allowJs: true, checkJs: false, strict: true, noEmit: true, skipLibCheck: true, types: [] } }),
  );
}

const files = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.(ts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path.relative(root, full).split(path.sep).join('/'));
  }
};
walk(root);
files.sort();
const step = Math.max(1, Math.floor(files.length / count));
const picked = files.filter((_, i) => i % step === 0).slice(0, count);

const validator = new Validator(root, defaultConfig());
const times = { syntax: [], security: [], quality: [], impact: [], tests: [], total: [] };
let first;
for (const file of picked) {
  const outcome = buildProposal({
    root,
    finding: null,
    source: 'fixer:bench',
    candidate: { title: 'comment', description: '', edits: [{ file_path: file, start: 0, end: 0, new_code: '// reviewed\n' }], safety: 'safe', rationale: '', benefits: [], risks: [], test_strategy: '', category: 'comments' },
  });
  if ('error' in outcome) continue;
  const started = performance.now();
  const result = await validator.validate(outcome.proposal);
  const total = performance.now() - started;
  const row = { total };
  for (const layer of result.layers) row[layer.layer] = layer.duration_ms;
  if (first === undefined) {
    first = row;
    continue; // the first pays for building the program; reported on its own
  }
  for (const [key, value] of Object.entries(row)) times[key].push(value);
}
validator.dispose();
fs.rmSync(root, { recursive: true, force: true });

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const ms = (v) => `${v.toFixed(1)} ms`.padStart(11);
console.log(`project: ${source} (${files.length} source files), ${times.total.length + 1} proposals`);
console.log(`first proposal (builds the TypeScript program): ${Object.entries(first ?? {}).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`);
console.log(`${'layer'.padEnd(10)}${'median'.padStart(11)}${'p95'.padStart(11)}`);
for (const [layer, values] of Object.entries(times)) console.log(`${layer.padEnd(10)}${ms(quantile(values, 0.5))}${ms(quantile(values, 0.95))}`);
