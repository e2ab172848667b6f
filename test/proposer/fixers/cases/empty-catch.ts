// Before/after and decline cases of the empty-catch fixer.
import type { FixerTests } from '../../../helpers/fixer-tester.js';

export const emptyCatchCases: FixerTests = {
  fixes: [
    {
      name: 'logs the bound error with console.error',
      code: `export function read(f: () => void) {\n  try {\n    f();\n  } catch (err) {}\n}\n`,
      output: `export function read(f: () => void) {\n  try {\n    f();\n  } catch (err) {\n    console.error(err);\n  }\n}\n`,
      safety: 'safe',
    },
    {
      name: 'binds a name when the catch has none, avoiding a clash (CJS)',
      filename: 'run.js',
      code: `const error = require('./error');\nfunction run(f) {\n  try {\n    f(error);\n  } catch {\n  }\n}\nmodule.exports = run;\n`,
      output: `const error = require('./error');\nfunction run(f) {\n  try {\n    f(error);\n  } catch (error2) {\n    console.error(error2);\n  }\n}\nmodule.exports = run;\n`,
    },
    {
      name: 'logs through the logger the file imports',
      code: `import { logger } from './log.js';\nexport function g(f: () => void) {\n  try { f(); } catch (e) {}\n}\n`,
      output: `import { logger } from './log.js';\nexport function g(f: () => void) {\n  try { f(); } catch (e) {\n    logger.error(e);\n  }\n}\n`,
    },
    {
      name: 'rethrows when configured to',
      code: `export function h(f: () => void) {\n  try {\n    f();\n  } catch (e) {}\n}\n`,
      output: `export function h(f: () => void) {\n  try {\n    f();\n  } catch (e) {\n    throw e;\n  }\n}\n`,
      safety: 'unsafe',
      options: { proposer: { emptyCatch: 'rethrow' } },
    },
    {
      name: 'fills an empty .catch() handler and gives it a parameter (ESM JavaScript)',
      filename: 'job.mjs',
      code: `export function start(p) {\n  p.then(() => 1).catch(() => {});\n}\n`,
      output: `export function start(p) {\n  p.then(() => 1).catch((error) => {\n    console.error(error);\n  });\n}\n`,
    },
  ],
  declines: [
    {
      name: 'declines a destructured catch binding',
      code: `export function d(f: () => void) {\n  try { f(); } catch ({ message }) {}\n}\n`,
      reason: 'destructuring',
    },
  ],
};
