#!/usr/bin/env node
// Scan benchmark: measures, in one run and on the same files, the parse floor (read +
// typescript-estree parse + AST walk, no rules: ../shared/bench/parse-floor.mjs with this
// project's parser) and `autonomous scan` cold, warm (cache), and with worker threads; prints
// each figure as a ratio against the floor of the same run, with the targets beside them.
//
// usage: node bench/scan-bench.mjs [medium|large ...] [--corpus DIR] [--reps N] [--check]
//   corpora are built by ../shared/bench/make-corpus.sh into DIR (default ${TMPDIR:-/tmp}/scan-corpus)
//   --reps N   repeat floor and cold scan N times (default 2) and keep the fastest of each
//   --check    exit 1 when a target is missed
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.resolve(here, '..');
const shared = path.resolve(project, '..', 'shared', 'bench');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const corpusRoot = flag('--corpus', path.join(process.env.TMPDIR || os.tmpdir(), 'scan-corpus'));
const reps = Number(flag('--reps', '2'));
const check = args.includes('--check');
const sizes = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--') && args[i - 1] !== '--check'));
if (sizes.length === 0) sizes.push('large');

const TARGETS = { coldVsFloor: 1.3, warmSpeedup: 30, peakMb: 600 };
const bin = path.join(project, 'bin', 'autonomous.js');
const rssProbe = path.join(os.tmpdir(), `autonomous-bench-rss-${process.pid}.mjs`);
fs.writeFileSync(
  rssProbe,
  "import fs from 'node:fs';\nprocess.on('exit', () => { try { fs.writeSync(2, `\\n@@maxrss ${process.resourceUsage().maxRSS}\\n`); } catch {} });\n",
);
const config = path.join(os.tmpdir(), `autonomous-bench-config-${process.pid}.json`);
// Same files as the floor: the corpus keeps packages' built output, which a normal scan skips.
fs.writeFileSync(config, JSON.stringify({ scan: { skipBuildOutput: false } }));

function ensureCorpus(size) {
  const dir = path.join(corpusRoot, size);
  if (fs.existsSync(path.join(dir, 'MANIFEST.txt'))) return dir;
  console.log(`building the ${size} corpus (npm pack of pinned packages)…`);
  const built = spawnSync('bash', [path.join(shared, 'make-corpus.sh'), corpusRoot, size], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`make-corpus.sh failed for ${size}`);
  return dir;
}

function run(command, commandArgs, options) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const rss = /@@maxrss (\d+)/.exec(stderr);
      resolve({ code, ms, stdout, stderr, maxRssMb: rss ? Number(rss[1]) / 1024 : undefined });
    });
  });
}

async function floor(dir) {
  const r = await run(process.execPath, ['--import', rssProbe, path.join(shared, 'parse-floor.mjs'), dir, '--json'], {
    env: { ...process.env, SCAN_TOOLS: project },
  });
  if (r.code !== 0) throw new Error(`parse-floor failed: ${r.stderr}`);
  return r;
}

async function scan(dir, extra = []) {
  const out = path.join(os.tmpdir(), `autonomous-bench-out-${process.pid}.json`);
  const r = await run(process.execPath, ['--import', rssProbe, bin, '--config', config, 'scan', '.', '--format', 'json', '--output', out, ...extra], {
    cwd: dir,
    env: { ...process.env, CI: 'true' },
  });
  if (r.code !== 0 && r.code !== 1) throw new Error(`scan failed (${r.code}): ${r.stderr}`);
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  return { ...r, findings: report.findings.length, files: report.files_scanned };
}

const clearCache = (dir) => fs.rmSync(path.join(dir, '.autonomous'), { recursive: true, force: true });
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
let missed = 0;
const verdict = (ok) => {
  if (!ok) missed++;
  return ok ? 'PASS' : 'MISS';
};

for (const size of sizes) {
  const dir = ensureCorpus(size);
  // Interleaved repetitions, fastest of each kept: the machine's noise hits all of them alike.
  let bestFloor;
  let bestCold;
  let auto;
  for (let i = 0; i < reps; i++) {
    const f = await floor(dir);
    if (!bestFloor || f.ms < bestFloor.ms) bestFloor = f;
    clearCache(dir);
    const c = await scan(dir, ['--jobs', '1']);
    if (!bestCold || c.ms < bestCold.ms) bestCold = c;
    clearCache(dir);
    const a = await scan(dir); // --jobs default (auto from cores)
    if (!auto || a.ms < auto.ms) auto = a;
  }
  clearCache(dir);
  await scan(dir, ['--jobs', '1']);
  const warm = await scan(dir, ['--jobs', '1']);
  clearCache(dir);
  const two = await scan(dir, ['--jobs', '2']);
  clearCache(dir);
  const floorInfo = JSON.parse(bestFloor.stdout.trim().split('\n').pop());
  const coldRatio = bestCold.ms / bestFloor.ms;
  const speedup = bestCold.ms / warm.ms;
  const peak = Math.max(bestCold.maxRssMb ?? 0, warm.maxRssMb ?? 0);
  console.log(`\n== ${size}: ${floorInfo.files} files, ${floorInfo.lines} lines (scan saw ${bestCold.files} files, ${bestCold.findings} findings); ${os.availableParallelism()} cores, Node ${process.versions.node}`);
  console.log(`floor (read+parse+walk, 1 thread)    ${fmt(bestFloor.ms).padStart(9)}   peak ${bestFloor.maxRssMb?.toFixed(0)} MB`);
  console.log(`cold scan, all rules, --jobs 1       ${fmt(bestCold.ms).padStart(9)}   ${coldRatio.toFixed(2)}x floor   target <= ${TARGETS.coldVsFloor}x   ${verdict(coldRatio <= TARGETS.coldVsFloor)}`);
  console.log(`warm re-scan (cache)                 ${fmt(warm.ms).padStart(9)}   ${speedup.toFixed(1)}x faster than cold   target >= ${TARGETS.warmSpeedup}x   ${verdict(speedup >= TARGETS.warmSpeedup)}`);
  console.log(`peak memory (cold/warm)              ${peak.toFixed(0).padStart(6)} MB   target < ${TARGETS.peakMb} MB   ${verdict(peak < TARGETS.peakMb)}`);
  console.log(`cold scan, --jobs auto               ${fmt(auto.ms).padStart(9)}   ${(auto.ms / bestCold.ms).toFixed(2)}x one thread   ${verdict(auto.ms <= bestCold.ms * 1.05)} (never slower; within 5% noise)`);
  console.log(`cold scan, --jobs 2                  ${fmt(two.ms).padStart(9)}   ${(two.ms / bestCold.ms).toFixed(2)}x one thread (informational on ${os.availableParallelism()} cores)`);
}
fs.rmSync(rssProbe, { force: true });
fs.rmSync(config, { force: true });
if (check && missed > 0) process.exit(1);
