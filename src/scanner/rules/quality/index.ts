// Code quality rules. Keep one import per line, sorted by rule id.
import type { Rule } from '../../rule.js';
import looseEquality from './loose-equality.js';

export const qualityRules: Rule[] = [
  looseEquality,
];
