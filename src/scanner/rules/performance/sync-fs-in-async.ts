// sync-fs-in-async: blocking file-system and child-process calls (`fs.readFileSync`,
// `child_process.execSync`, ...) inside an async function. An async function is written to let
// other work run while it waits; a *Sync call there blocks the whole event loop (every pending
// request, timer and socket) until the disk or the child process is done.
// Only the innermost enclosing function counts: module top level (start-up code) and ordinary
// synchronous functions are not reported. Callees are resolved through imports, so
// `import { readFileSync as read } from "node:fs"`, `require("fs-extra").readJsonSync` and
// `const { execSync } = require("child_process")` are recognised; a local function named
// `readFileSync` is not. `existsSync` (a cheap metadata call, with no non-deprecated callback
// twin) is reported with a lower confidence, and so is everything in test, benchmark and fixture
// files, where blocking the event loop costs little.
import { defineRule } from '../../rule.js';
import { isNonProductionPath } from '../../analysis/paths.js';

const CHILD_PROCESS_SYNC: Record<string, string> = {
  'child_process.execSync': 'util.promisify(child_process.exec)',
  'child_process.execFileSync': 'util.promisify(child_process.execFile)',
  'child_process.spawnSync': 'child_process.spawn',
};
const CHEAP_FS_CALLS = new Set(['fs.existsSync']);

export default defineRule({
  meta: {
    id: 'sync-fs-in-async',
    category: 'performance',
    severity: 'medium',
    fixable: true,
    description: 'Blocking fs.*Sync / child_process.*Sync calls inside async functions.',
    messages: {
      syncInAsync:
        '{{callee}}() blocks the event loop inside the async {{fn}}; use {{alternative}} and await it.',
    },
    recommendation:
      'Use the promise API (`fs.promises` / `node:fs/promises`, or a promisified child_process.exec / execFile) and await it, so other work can run while the I/O is pending.',
    confidence: 0.8,
  },
  create(context) {
    const { analysis } = context;
    const inTest = isNonProductionPath(context.filePath);
    return {
      CallExpression(node) {
        const qualified = analysis.qualifiedName(node.callee);
        if (qualified === undefined) return;
        const alternative = asyncAlternative(qualified);
        if (alternative === undefined) return;
        const fn = analysis.currentFunction();
        if (!fn || !fn.async) return;
        context.report({
          node: node.callee,
          messageId: 'syncInAsync',
          data: { callee: qualified, fn: fn.type === 'ArrowFunctionExpression' ? 'arrow function' : 'function', alternative },
          confidence: inTest ? 0.3 : CHEAP_FS_CALLS.has(qualified) ? 0.5 : undefined,
          metadata: { callee: qualified },
        });
      },
    };
  },
});

function asyncAlternative(qualified: string): string | undefined {
  if (qualified.startsWith('fs.') && qualified.endsWith('Sync') && qualified.length > 7) {
    const method = qualified.slice(3, -4);
    if (method.includes('.')) return undefined;
    return method === 'exists' ? 'fs.promises.access (or stat)' : `fs.promises.${method}`;
  }
  return CHILD_PROCESS_SYNC[qualified];
}
