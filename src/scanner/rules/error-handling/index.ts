// Error-handling rules. Keep one import per line, sorted by rule id.
import type { Rule } from '../../rule.js';
import emptyCatch from './empty-catch.js';
import floatingPromise from './floating-promise.js';
import missingTimeout from './missing-timeout.js';
import throwLiteral from './throw-literal.js';

export const errorHandlingRules: Rule[] = [
  emptyCatch,
  floatingPromise,
  missingTimeout,
  throwLiteral,
];
