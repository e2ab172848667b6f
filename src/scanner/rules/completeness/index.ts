// Completeness rules. Keep one import per line, sorted by rule id.
import type { Rule } from '../../rule.js';
import todoComment from './todo-comment.js';

export const completenessRules: Rule[] = [
  todoComment,
];
