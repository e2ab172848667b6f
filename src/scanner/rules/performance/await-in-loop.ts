// await-in-loop: `await` in the body of a loop, in the same function: each iteration waits for the
// previous one, so N independent requests or queries run one after another (the N+1 pattern)
// instead of concurrently with Promise.all.
// Not reported: `for await (...)` loops (sequential by design), awaits in a callback or nested
// function inside the loop, awaits in a loop's condition or iterable, and deliberate pauses
// (`await sleep(ms)`, `await setTimeout(ms)` from timers/promises, `await new Promise(r => setTimeout(r, ms))`).
// One finding per loop, at its first await. Loops that are likely sequential on purpose get a
// lower confidence: loops whose body has a `break`/`return` (search, retry), and while/do-while/
// `for (;;)` loops, which usually poll or page through a cursor rather than walk a collection;
// lower still in test, benchmark and fixture files. Awaiting promises that were started before the
// loop (`for (const p of pending) results.push(await p)`, `await pair.value`) is not reported:
// the work is already running concurrently.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isNonProductionPath } from '../../analysis/paths.js';
import { defineRule, type Node } from '../../rule.js';
import { memberPropertyName, type FileAnalysis } from '../../analysis/file-analysis.js';

type Loop =
  | TSESTree.ForStatement
  | TSESTree.ForInStatement
  | TSESTree.ForOfStatement
  | TSESTree.WhileStatement
  | TSESTree.DoWhileStatement;

interface Frame {
  loop: Loop;
  fn: Node | undefined;
  first: TSESTree.AwaitExpression | undefined;
  awaits: number;
  exits: boolean;
}

/** Tests, benchmarks and fixtures: speed and blocking matter little there, and sequential steps are common. */


/** Names of local helpers that only wait: awaiting them in a loop is a deliberate pause. */
const PAUSE_NAMES = /^(?:sleep|delay|wait|pause|backoff|waitFor(?:Timeout|Ms)?)$/i;
const PAUSE_FUNCTIONS = new Set(['timers.setTimeout', 'timers.scheduler.wait', 'timers.setImmediate']);

export default defineRule({
  meta: {
    id: 'await-in-loop',
    category: 'performance',
    severity: 'medium',
    fixable: true,
    description: '`await` inside a loop body, which serialises independent asynchronous work.',
    messages: {
      awaitInLoop:
        '`await` inside a {{loop}} loop runs the iterations one after another; if they are independent, start them together and await Promise.all().',
    },
    recommendation:
      'Collect the promises (e.g. `items.map(async (item) => ...)`) and await them together with Promise.all (or a concurrency-limited pool); keep the loop only when each iteration needs the previous result.',
    confidence: 0.6,
  },
  create(context) {
    const { analysis } = context;
    const inTest = isNonProductionPath(context.filePath);
    const stack: Frame[] = [];
    const enterLoop = (loop: Loop): void => {
      stack.push({ loop, fn: analysis.currentFunction(), first: undefined, awaits: 0, exits: false });
    };
    const exitLoop = (): void => {
      const frame = stack.pop();
      if (!frame?.first) return;
      const sequentialShape = frame.exits || isConditionLoop(frame.loop);
      context.report({
        node: frame.first,
        messageId: 'awaitInLoop',
        data: { loop: loopName(frame.loop) },
        confidence: inTest ? 0.3 : sequentialShape ? 0.4 : 0.6,
        metadata: { awaits: frame.awaits, loop_line: frame.loop.loc.start.line, exits_early: frame.exits },
      });
    };
    const markExit = (all: boolean): void => {
      const fn = analysis.currentFunction();
      for (let i = stack.length - 1; i >= 0; i--) {
        const frame = stack[i]!;
        if (frame.fn !== fn) return;
        frame.exits = true;
        if (!all) return;
      }
    };
    return {
      ForStatement: enterLoop,
      ForInStatement: enterLoop,
      ForOfStatement: enterLoop,
      WhileStatement: enterLoop,
      DoWhileStatement: enterLoop,
      'ForStatement:exit': exitLoop,
      'ForInStatement:exit': exitLoop,
      'ForOfStatement:exit': exitLoop,
      'WhileStatement:exit': exitLoop,
      'DoWhileStatement:exit': exitLoop,
      BreakStatement() {
        markExit(false);
      },
      ReturnStatement() {
        markExit(true);
      },
      AwaitExpression(node) {
        const loop = enclosingLoop(node);
        if (!loop || isPause(node.argument, analysis) || !startsWorkIn(node.argument, loop, analysis)) return;
        for (let i = stack.length - 1; i >= 0; i--) {
          const frame = stack[i]!;
          if (frame.loop !== loop) continue;
          frame.awaits++;
          frame.first ??= node;
          return;
        }
      },
    };
  },
});

/** The loop whose body holds this await in the same function, or undefined. */
function enclosingLoop(node: Node): Loop | undefined {
  let child: Node = node;
  let parent = node.parent;
  while (parent) {
    switch (parent.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'StaticBlock':
      case 'Program':
        return undefined;
      case 'ForOfStatement':
        if (parent.body === child) return parent.await ? undefined : parent;
        break;
      case 'ForStatement':
      case 'ForInStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        if (parent.body === child) return parent;
        break;
      default:
        break;
    }
    child = parent;
    parent = parent.parent;
  }
  return undefined;
}

/**
 * False when the awaited promise was started before the loop (`for (const p of promises) await p`,
 * `await pair.value`): waiting for running work one by one costs no more than Promise.all.
 * Calls, and names declared inside the loop body, start their work in the loop.
 */
function startsWorkIn(argument: Node, loop: Loop, analysis: FileAnalysis): boolean {
  let root: Node = argument;
  while (root.type === 'MemberExpression' || root.type === 'TSNonNullExpression' || root.type === 'TSAsExpression') {
    root = root.type === 'MemberExpression' ? root.object : root.expression;
  }
  if (root === argument && root.type !== 'Identifier') return true;
  if (root.type !== 'Identifier') return root.type !== 'ThisExpression';
  const binding = analysis.lookup(root.name);
  if (!binding) return false;
  const body = loop.body;
  return binding.node.range[0] >= body.range[0] && binding.node.range[1] <= body.range[1];
}

function isPause(argument: Node, analysis: FileAnalysis): boolean {
  if (argument.type === 'CallExpression') {
    const callee = argument.callee;
    // a helper named for waiting (local, imported or a method: sleep(), this.delay(), utils.wait())
    if (callee.type === 'Identifier' && PAUSE_NAMES.test(callee.name)) return true;
    if (callee.type === 'MemberExpression') {
      const property = memberPropertyName(callee);
      if (property !== undefined && PAUSE_NAMES.test(property)) return true;
    }
    const qualified = analysis.qualifiedName(callee);
    return qualified !== undefined && PAUSE_FUNCTIONS.has(qualified);
  }
  // new Promise((resolve) => setTimeout(resolve, ms))
  if (argument.type === 'NewExpression' && argument.callee.type === 'Identifier' && argument.callee.name === 'Promise' && analysis.isGlobal('Promise')) {
    const executor = argument.arguments[0];
    if (executor?.type !== 'ArrowFunctionExpression' && executor?.type !== 'FunctionExpression') return false;
    let body: Node = executor.body;
    if (body.type === 'BlockStatement') {
      const only = body.body.length === 1 ? body.body[0] : undefined;
      if (only?.type !== 'ExpressionStatement') return false;
      body = only.expression;
    }
    return body.type === 'CallExpression' && body.callee.type === 'Identifier' && body.callee.name === 'setTimeout' && analysis.isGlobal('setTimeout');
  }
  return false;
}

function isConditionLoop(loop: Loop): boolean {
  return loop.type === 'WhileStatement' || loop.type === 'DoWhileStatement' || (loop.type === 'ForStatement' && loop.test === null);
}

function loopName(loop: Loop): string {
  switch (loop.type) {
    case 'ForOfStatement':
      return 'for...of';
    case 'ForInStatement':
      return 'for...in';
    case 'WhileStatement':
      return 'while';
    case 'DoWhileStatement':
      return 'do...while';
    default:
      return 'for';
  }
}
