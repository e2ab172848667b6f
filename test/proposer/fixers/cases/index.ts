// Every fixer's case table by rule id, for the property test that runs them all.
import type { FixerTests } from '../../../helpers/fixer-tester.js';
import { awaitInLoopCases } from './await-in-loop.js';
import { commandInjectionCases } from './command-injection.js';
import { emptyCatchCases } from './empty-catch.js';
import { floatingPromiseCases } from './floating-promise.js';
import { hardcodedSecretCases } from './hardcoded-secret.js';
import { insecureTlsCases } from './insecure-tls.js';
import { jsonDeepCloneCases } from './json-deep-clone.js';
import { looseEqualityCases } from './loose-equality.js';
import { missingTimeoutCases } from './missing-timeout.js';
import { pathTraversalCases } from './path-traversal.js';
import { syncFsInAsyncCases } from './sync-fs-in-async.js';
import { throwLiteralCases } from './throw-literal.js';
import { weakCryptoCases } from './weak-crypto.js';

export const allCases: Record<string, FixerTests> = {
  'await-in-loop': awaitInLoopCases,
  'command-injection': commandInjectionCases,
  'empty-catch': emptyCatchCases,
  'floating-promise': floatingPromiseCases,
  'hardcoded-secret': hardcodedSecretCases,
  'insecure-tls': insecureTlsCases,
  'json-deep-clone': jsonDeepCloneCases,
  'loose-equality': looseEqualityCases,
  'missing-timeout': missingTimeoutCases,
  'path-traversal': pathTraversalCases,
  'sync-fs-in-async': syncFsInAsyncCases,
  'throw-literal': throwLiteralCases,
  'weak-crypto': weakCryptoCases,
};
