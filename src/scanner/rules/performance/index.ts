// Performance rules. Keep one import per line, sorted by rule id.
import type { Rule } from '../../rule.js';
import awaitInLoop from './await-in-loop.js';
import jsonDeepClone from './json-deep-clone.js';
import syncFsInAsync from './sync-fs-in-async.js';

export const performanceRules: Rule[] = [
  awaitInLoop,
  jsonDeepClone,
  syncFsInAsync,
];
