// max-params: functions that take more than a limit of parameters (default 5). Long parameter
// lists are easy to call with arguments in the wrong order and usually mean the function does too
// much or wants an options object. TypeScript's `this` parameter is not a parameter.
// Not reported: functions passed directly as arguments (`arr.reduce((a, b, i, all) => ...)`,
// framework callbacks), whose parameter list is dictated by the API that calls them, and `override`
// methods, whose signature is dictated by the base class. Constructors that only receive injected
// dependencies (parameter properties, decorated parameters) are reported with a low confidence.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, numberOption } from '../../rule.js';
import { describeFunction, functionHead, type FunctionNode } from './complexity.js';

export default defineRule({
  meta: {
    id: 'max-params',
    category: 'quality',
    severity: 'low',
    description: 'Functions with more parameters than a limit.',
    messages: {
      tooMany: 'The {{name}} has {{count}} parameters (limit {{max}}).',
    },
    recommendation:
      'Group related parameters into an options object (with named properties), or split the function so that each part needs fewer inputs.',
    confidence: 0.8,
    defaultOptions: { max: 5 },
  },
  create(context) {
    const max = numberOption(context.options, 'max', 5);
    const check = (fn: FunctionNode): void => {
      if (fn.params.length <= max) return;
      const count = countParams(fn.params);
      if (count <= max || isApiCallback(fn) || isOverride(fn)) return;
      context.report({
        ...functionHead(fn),
        messageId: 'tooMany',
        data: { name: describeFunction(fn), count, max },
        confidence: isInjectionConstructor(fn) ? 0.4 : undefined,
        metadata: { params: count, max },
      });
    };
    return {
      FunctionDeclaration: check,
      FunctionExpression: check,
      ArrowFunctionExpression: check,
    };
  },
});

function countParams(params: TSESTree.Parameter[]): number {
  let count = 0;
  for (const param of params) {
    if (param.type === 'Identifier' && param.name === 'this') continue;
    count++;
  }
  return count;
}

function isApiCallback(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.callee !== fn;
}

function isOverride(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return parent?.type === 'MethodDefinition' && parent.override;
}

function isInjectionConstructor(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type !== 'MethodDefinition' || parent.kind !== 'constructor') return false;
  let injected = 0;
  for (const param of fn.params) {
    if (param.type === 'TSParameterProperty' || param.decorators.length > 0) injected++;
  }
  return injected * 2 >= fn.params.length;
}
