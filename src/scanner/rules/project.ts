// The registry of project-level rules.
import type { ProjectRule } from '../project-rule.js';
import importCycle from './architecture/import-cycle.js';
import missingTest from './completeness/missing-test.js';

export const projectRules: readonly ProjectRule[] = [importCycle, missingTest];
