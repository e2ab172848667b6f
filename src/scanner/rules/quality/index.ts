// Code quality rules. Keep one import per line, sorted by rule id.
import type { Rule } from '../../rule.js';
import complexity from './complexity.js';
import explicitAny from './explicit-any.js';
import functionLength from './function-length.js';
import looseEquality from './loose-equality.js';
import maxNesting from './max-nesting.js';
import maxParams from './max-params.js';
import missingReturnType from './missing-return-type.js';

export const qualityRules: Rule[] = [
  complexity,
  explicitAny,
  functionLength,
  looseEquality,
  maxNesting,
  maxParams,
  missingReturnType,
];
