// Completeness rules. Keep one import per line, sorted by rule id.
import type { Rule } from '../../rule.js';

export const completenessRules: Rule[] = [
];
