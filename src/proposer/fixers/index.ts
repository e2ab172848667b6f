// The deterministic fixers by rule id: the proposer asks `fixerFor(finding.rule_id)` first,
// before TypeScript code fixes and LLMs.
import type { Fixer } from './types.js';
import { mergeLineEdits } from './ast-helpers.js';
import awaitInLoop from './await-in-loop.js';
import commandInjection from './command-injection.js';
import emptyCatch from './empty-catch.js';
import floatingPromise from './floating-promise.js';
import hardcodedSecret from './hardcoded-secret.js';
import insecureTls from './insecure-tls.js';
import jsonDeepClone from './json-deep-clone.js';
import looseEquality from './loose-equality.js';
import missingTimeout from './missing-timeout.js';
import pathTraversal from './path-traversal.js';
import syncFsInAsync from './sync-fs-in-async.js';
import throwLiteral from './throw-literal.js';
import weakCrypto from './weak-crypto.js';

const FIXERS: readonly Fixer[] = [
  commandInjection,
  hardcodedSecret,
  insecureTls,
  looseEquality,
  missingTimeout,
  throwLiteral,
  jsonDeepClone,
  weakCrypto,
  emptyCatch,
  pathTraversal,
  syncFsInAsync,
  floatingPromise,
  awaitInLoop,
];

/**
 * A fixer whose candidates hold at most one edit per line of the finding's file: the proposal
 * builder widens edits to whole lines, and two edits on one line would then collide.
 */
function onePerLine(fixer: Fixer): Fixer {
  return {
    ...fixer,
    fix(context) {
      const outcome = fixer.fix(context);
      if ('declined' in outcome) return outcome;
      return {
        candidates: outcome.candidates.map((candidate) => ({ ...candidate, edits: mergeLineEdits(context.source, context.filePath, candidate.edits) })),
      };
    },
  };
}

const WRAPPED = FIXERS.map(onePerLine);
const BY_RULE = new Map(WRAPPED.map((fixer) => [fixer.ruleId, fixer]));

export function fixerFor(ruleId: string): Fixer | undefined {
  return BY_RULE.get(ruleId);
}

export function allFixers(): Fixer[] {
  return [...WRAPPED];
}
