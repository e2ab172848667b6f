// The registry of file rules, by category. Project-level rules (over the import graph and the
// test files) are in ./project.ts.
import type { Rule } from '../rule.js';
import { completenessRules } from './completeness/index.js';
import { errorHandlingRules } from './error-handling/index.js';
import { performanceRules } from './performance/index.js';
import { qualityRules } from './quality/index.js';
import { securityRules } from './security/index.js';

export const fileRules: readonly Rule[] = [
  ...securityRules,
  ...errorHandlingRules,
  ...qualityRules,
  ...performanceRules,
  ...completenessRules,
];
