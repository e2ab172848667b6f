// max-nesting: blocks nested too deeply inside one function (if/for/while/do/switch/try/with).
// Deep nesting hides the main path of a function under conditions and loops; early returns and
// helper functions flatten it. `else if` chains are one level, as they read, and each function
// starts again at zero (a callback does not inherit its parent's depth). Reported once per
// function, at the first statement that goes past the limit. Code outside functions is not checked.
import { defineRule, numberOption, type Node } from '../../rule.js';
import { describeFunction, type FunctionNode } from './complexity.js';

interface Frame {
  fn: FunctionNode;
  depth: number;
  reported: boolean;
}

/** Length of the keyword each nesting statement starts with, for a tight report location. */
const KEYWORD_LENGTH: Record<string, number> = {
  IfStatement: 2,
  ForStatement: 3,
  ForInStatement: 3,
  ForOfStatement: 3,
  WhileStatement: 5,
  DoWhileStatement: 2,
  SwitchStatement: 6,
  TryStatement: 3,
  WithStatement: 4,
};

export default defineRule({
  meta: {
    id: 'max-nesting',
    category: 'quality',
    severity: 'low',
    description: 'Blocks nested too deeply inside a function.',
    messages: {
      tooDeep: 'Blocks are nested {{depth}} deep in the {{name}} (limit {{max}}).',
    },
    recommendation:
      'Flatten the function: return or continue early instead of wrapping the rest in a condition, and move inner loops into helper functions.',
    confidence: 0.9,
    defaultOptions: { max: 4 },
  },
  create(context) {
    const max = numberOption(context.options, 'max', 4);
    const stack: Frame[] = [];
    const enterFunction = (fn: FunctionNode): void => {
      stack.push({ fn, depth: 0, reported: false });
    };
    const exitFunction = (): void => {
      stack.pop();
    };
    const enterBlock = (node: Node): void => {
      const frame = stack[stack.length - 1];
      if (!frame || isElseIf(node)) return;
      frame.depth++;
      if (frame.depth <= max || frame.reported) return;
      frame.reported = true;
      const start = node.loc.start;
      context.report({
        loc: { start, end: { line: start.line, column: start.column + (KEYWORD_LENGTH[node.type] ?? 1) } },
        messageId: 'tooDeep',
        data: { depth: frame.depth, name: describeFunction(frame.fn), max },
        metadata: { depth: frame.depth, max },
      });
    };
    const exitBlock = (node: Node): void => {
      const frame = stack[stack.length - 1];
      if (frame && !isElseIf(node)) frame.depth--;
    };
    return {
      FunctionDeclaration: enterFunction,
      FunctionExpression: enterFunction,
      ArrowFunctionExpression: enterFunction,
      'FunctionDeclaration:exit': exitFunction,
      'FunctionExpression:exit': exitFunction,
      'ArrowFunctionExpression:exit': exitFunction,
      IfStatement: enterBlock,
      ForStatement: enterBlock,
      ForInStatement: enterBlock,
      ForOfStatement: enterBlock,
      WhileStatement: enterBlock,
      DoWhileStatement: enterBlock,
      SwitchStatement: enterBlock,
      TryStatement: enterBlock,
      WithStatement: enterBlock,
      'IfStatement:exit': exitBlock,
      'ForStatement:exit': exitBlock,
      'ForInStatement:exit': exitBlock,
      'ForOfStatement:exit': exitBlock,
      'WhileStatement:exit': exitBlock,
      'DoWhileStatement:exit': exitBlock,
      'SwitchStatement:exit': exitBlock,
      'TryStatement:exit': exitBlock,
      'WithStatement:exit': exitBlock,
    };
  },
});

function isElseIf(node: Node): boolean {
  const parent = node.parent;
  return node.type === 'IfStatement' && parent?.type === 'IfStatement' && parent.alternate === node;
}
