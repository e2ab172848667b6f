// Security rules. Keep one import per line, sorted by rule id.
import type { Rule } from '../../rule.js';
import codeInjection from './code-injection.js';
import commandInjection from './command-injection.js';
import dynamicRequire from './dynamic-require.js';
import hardcodedSecret from './hardcoded-secret.js';
import insecureDeserialization from './insecure-deserialization.js';
import insecureTls from './insecure-tls.js';
import nosqlInjection from './nosql-injection.js';
import openRedirect from './open-redirect.js';
import pathTraversal from './path-traversal.js';
import prototypePollution from './prototype-pollution.js';
import redos from './redos.js';
import sqlInjection from './sql-injection.js';
import ssrf from './ssrf.js';
import weakCrypto from './weak-crypto.js';
import xss from './xss.js';

export const securityRules: Rule[] = [
  codeInjection,
  commandInjection,
  dynamicRequire,
  hardcodedSecret,
  insecureDeserialization,
  insecureTls,
  nosqlInjection,
  openRedirect,
  pathTraversal,
  prototypePollution,
  redos,
  sqlInjection,
  ssrf,
  weakCrypto,
  xss,
];
