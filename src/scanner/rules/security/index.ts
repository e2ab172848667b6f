// Security rules. Keep one import per line, sorted by rule id.
import type { Rule } from '../../rule.js';
import commandInjection from './command-injection.js';

export const securityRules: Rule[] = [
  commandInjection,
];
