// complexity: functions whose cyclomatic complexity (the number of independent paths through them)
// is above a limit. Each branch point adds one: if, ?:, &&, ||, ??, logical assignments, non-default
// case, for/for-in/for-of/while/do-while and catch. Functions are counted separately: a callback
// inside a function adds nothing to its parent. Counted with a stack in enter/exit visitors, so the
// AST is walked once. Such functions are hard to test completely and to change safely.
//
// This file also exports the small helpers the other function-size rules (function-length,
// max-nesting, max-params) use to name a function and to place a finding on its head.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, numberOption, type Node, type ReportDescriptor } from '../../rule.js';
import { memberPropertyName, propertyKeyName } from '../../analysis/file-analysis.js';

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

interface Frame {
  fn: FunctionNode;
  value: number;
}

export default defineRule({
  meta: {
    id: 'complexity',
    category: 'quality',
    severity: 'medium',
    description: 'Functions whose cyclomatic complexity is above a limit.',
    messages: {
      tooComplex: 'The {{name}} has a cyclomatic complexity of {{value}} (limit {{max}}).',
    },
    recommendation:
      'Split the function: move independent branches into well-named helpers, replace long if/else or switch chains with a lookup table, and return early.',
    confidence: 0.9,
    defaultOptions: { max: 15 },
  },
  create(context) {
    const max = numberOption(context.options, 'max', 15);
    const stack: Frame[] = [];
    const add = (): void => {
      const top = stack[stack.length - 1];
      if (top) top.value++;
    };
    const enter = (fn: FunctionNode): void => {
      stack.push({ fn, value: 1 });
    };
    const exit = (): void => {
      const frame = stack.pop();
      if (!frame || frame.value <= max) return;
      context.report({
        ...functionHead(frame.fn),
        messageId: 'tooComplex',
        data: { name: describeFunction(frame.fn), value: frame.value, max },
        metadata: { complexity: frame.value, max },
      });
    };
    return {
      FunctionDeclaration: enter,
      FunctionExpression: enter,
      ArrowFunctionExpression: enter,
      'FunctionDeclaration:exit': exit,
      'FunctionExpression:exit': exit,
      'ArrowFunctionExpression:exit': exit,
      IfStatement: add,
      ConditionalExpression: add,
      LogicalExpression: add,
      ForStatement: add,
      ForInStatement: add,
      ForOfStatement: add,
      WhileStatement: add,
      DoWhileStatement: add,
      CatchClause: add,
      SwitchCase(node) {
        if (node.test !== null) add();
      },
      AssignmentExpression(node) {
        if (node.operator === '&&=' || node.operator === '||=' || node.operator === '??=') add();
      },
    };
  },
});

/**
 * Where to report a finding about a whole function: its name (the `id`, the declarator, the
 * property or method key, the assignment target), else the first line of its head.
 */
export function functionHead(fn: FunctionNode): Pick<ReportDescriptor, 'node' | 'loc'> {
  const named = nameNode(fn);
  if (named) return { node: named };
  const start = fn.loc.start;
  const bodyStart = fn.body.loc.start;
  const end = bodyStart.line === start.line && bodyStart.column > start.column ? bodyStart : { line: start.line, column: start.column + 1 };
  return { loc: { start, end } };
}

/** A short description of a function for messages: "function 'load'", "method 'save'", "arrow function 'f'". */
export function describeFunction(fn: FunctionNode): string {
  const parent = fn.parent;
  const kind = fn.type === 'ArrowFunctionExpression' ? 'arrow function' : 'function';
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return `${kind} '${fn.id.name}'`;
  if (!parent) return kind;
  switch (parent.type) {
    case 'VariableDeclarator':
      if (parent.id.type === 'Identifier') return `${kind} '${parent.id.name}'`;
      break;
    case 'MethodDefinition':
    case 'TSAbstractMethodDefinition': {
      const key = propertyKeyName(parent.key);
      if (parent.kind === 'constructor') return 'constructor';
      const what = parent.kind === 'get' ? 'getter' : parent.kind === 'set' ? 'setter' : 'method';
      return key === undefined ? what : `${what} '${key}'`;
    }
    case 'Property':
    case 'PropertyDefinition': {
      const key = propertyKeyName(parent.key);
      if (key !== undefined && parent.value === fn) return `${parent.type === 'Property' && parent.method ? 'method' : kind} '${key}'`;
      break;
    }
    case 'AssignmentExpression':
      if (parent.right === fn) {
        const target = targetName(parent.left);
        if (target !== undefined) return `${kind} '${target}'`;
      }
      break;
    case 'CallExpression':
    case 'NewExpression':
      if (parent.callee !== fn) {
        const callee = targetName(parent.callee);
        return callee === undefined ? `callback ${kind}` : `${kind} passed to ${callee}()`;
      }
      return `immediately invoked ${kind}`;
    case 'ExportDefaultDeclaration':
      return `default-exported ${kind}`;
    default:
      break;
  }
  return `anonymous ${kind}`;
}

function nameNode(fn: FunctionNode): Node | undefined {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return fn.id;
  const parent = fn.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === fn && parent.id.type === 'Identifier' ? parent.id : undefined;
    case 'MethodDefinition':
    case 'TSAbstractMethodDefinition':
    case 'Property':
    case 'PropertyDefinition':
      return parent.value === fn ? parent.key : undefined;
    case 'AssignmentExpression':
      return parent.right === fn && parent.left.type !== 'ObjectPattern' && parent.left.type !== 'ArrayPattern' ? parent.left : undefined;
    default:
      return undefined;
  }
}


function targetName(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'MemberExpression') {
    const property = memberPropertyName(node);
    if (property === undefined) return undefined;
    const object = targetName(node.object);
    return object === undefined ? property : `${object}.${property}`;
  }
  return undefined;
}
