// Explainable risk: every proposal's risk level comes with the factors that set it, so a person
// (and the approval policy) can see why a change is low or high risk.
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../models/finding.js';
import { RISK_LEVELS, riskRank, type RiskLevel, type SafetyTier } from '../models/proposal.js';

export interface RiskInput {
  finding: Finding | null;
  safety: SafetyTier;
  /** Lines added plus lines removed over all files. */
  changedLines: number;
  files: number;
  /** Exported declarations whose signature changes, with why. */
  breaking: string[];
  /** Whether the changed source files have tests. */
  untested: string[];
}

export interface RiskEstimate {
  level: RiskLevel;
  factors: string[];
}

export function estimateRisk(input: RiskInput): RiskEstimate {
  const factors: string[] = [];
  let rank = 0;
  const raise = (to: number, why: string): void => {
    factors.push(why);
    rank = Math.max(rank, to);
  };
  if (input.safety === 'safe') factors.push('safe fix: keeps behaviour for every input');
  else raise(1, 'may change behaviour: a person must check the intent');
  if (input.changedLines > 80) raise(2, `large change: ${input.changedLines} lines`);
  else if (input.changedLines > 25) raise(1, `medium-sized change: ${input.changedLines} lines`);
  else factors.push(`small change: ${input.changedLines} line(s)`);
  if (input.files > 3) raise(2, `touches ${input.files} files`);
  else if (input.files > 1) raise(1, `touches ${input.files} files`);
  if (input.breaking.length > 0) raise(2, `changes exported signatures: ${input.breaking.join('; ')}`);
  if (input.untested.length > 0) {
    if (input.safety === 'unsafe') raise(Math.min(rank + 1, 2), `no tests found for ${input.untested.join(', ')}`);
    else factors.push(`no tests found for ${input.untested.join(', ')}`);
  }
  if (input.finding && input.finding.category === 'security' && input.safety === 'unsafe' && input.finding.severity === 'critical') {
    raise(Math.max(rank, 2), 'security fix of a critical finding that changes behaviour');
  }
  return { level: RISK_LEVELS[rank]!, factors };
}

export function maxRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return riskRank[a] >= riskRank[b] ? a : b;
}

export function effortFor(changedLines: number, files: number): string {
  if (files > 3 || changedLines > 80) return '1 hour';
  if (files > 1 || changedLines > 25) return '30 minutes';
  if (changedLines > 6) return '15 minutes';
  return '5 minutes';
}

const TEST_DIRS = ['test', 'tests', '__tests__', 'spec'];
const TEST_NAME = /\.(test|spec)\.[cm]?[jt]sx?$/;

/** Whether a test file for `relative` exists: beside it, in __tests__, or under a test folder. */
export function hasTests(root: string, relative: string): boolean {
  const dir = path.dirname(relative);
  const base = path.basename(relative).replace(/\.[cm]?[jt]sx?$/, '');
  const matches = (name: string): boolean => TEST_NAME.test(name) && name.replace(TEST_NAME, '') === base;
  const look = (folder: string): boolean => {
    try {
      return fs.readdirSync(path.join(root, folder)).some(matches);
    } catch {
      return false;
    }
  };
  if (look(dir) || look(path.join(dir, '__tests__'))) return true;
  // Test trees that mirror the source: test/<dir without src/>/<name>.test.ts, bounded.
  const mirrored = dir.split('/').filter((part) => part !== '.' && part !== 'src' && part !== 'lib');
  for (const testDir of TEST_DIRS) {
    if (look(path.join(testDir, ...mirrored)) || look(testDir)) return true;
  }
  return findTestByName(root, TEST_DIRS, matches, 2000);
}

function findTestByName(root: string, dirs: string[], matches: (name: string) => boolean, budget: number): boolean {
  const queue = dirs.map((d) => path.join(root, d));
  let seen = 0;
  while (queue.length > 0 && seen < budget) {
    const dir = queue.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      seen++;
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) queue.push(path.join(dir, entry.name));
      else if (entry.isFile() && matches(entry.name)) return true;
    }
  }
  return false;
}
