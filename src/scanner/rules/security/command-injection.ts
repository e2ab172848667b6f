// command-injection: a shell runs a command built from a value that can come from outside.
// The JS counterpart of the design's AST-based `shell=True` detector: `exec`/`execSync` always
// go through a shell; `spawn`/`execFile`/`execa` do only with `shell: true`. Constant commands and
// argument arrays of constants are never reported.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule } from '../../rule.js';
import type { FileAnalysis, ValueOrigin } from '../../analysis/file-analysis.js';
import { describeSource, flowMetadata, isAllowListed, taintFlow } from './taint-flow.js';

/** Functions whose first argument is a command line run by a shell. */
const SHELL_COMMAND_SINKS = new Set([
  'child_process.exec',
  'child_process.execSync',
  'shelljs.exec',
  'execa.execaCommand',
  'execa.execaCommandSync',
]);
/** Functions that run a program with an argument list, through a shell only when asked to. */
const SPAWN_SINKS = new Set([
  'child_process.spawn',
  'child_process.spawnSync',
  'child_process.execFile',
  'child_process.execFileSync',
  'cross-spawn',
  'cross-spawn.sync',
  'execa.execa',
  'execa.execaSync',
  'execa',
]);

export default defineRule({
  meta: {
    id: 'command-injection',
    category: 'security',
    severity: 'high',
    description: 'Shell commands built from values that can come from outside the program.',
    cwe: ['CWE-78'],
    owasp: ['A03:2021-Injection'],
    fixable: true,
    messages: {
      shellCommand: '{{sink}}() runs a shell command built from {{source}}; shell metacharacters in it run other commands.',
      shellOption: '{{sink}}() runs with `shell: true` and an argument from {{source}}; the shell interprets it.',
    },
    recommendation:
      'Run the program without a shell: execFile/spawn with the program name and an argument array (and no `shell: true`), so that input stays one argument.',
  },
  create(context) {
    const { analysis } = context;
    return {
      CallExpression(node) {
        const sink = analysis.qualifiedName(node.callee);
        if (sink === undefined) return;
        if (SHELL_COMMAND_SINKS.has(sink)) {
          const command = node.arguments[0];
          if (!command || command.type === 'SpreadElement') return;
          const origin = analysis.origin(command);
          if (origin.kind === 'constant') return;
          if (isAllowListed(context, node, command)) return;
          const flow = taintFlow(context, command, node);
          const source = describeSource(origin, flow);
          context.report({
            node: command,
            messageId: 'shellCommand',
            data: { sink: shortName(sink), source },
            confidence: confidenceOf(origin),
            metadata: { sink, source, ...flowMetadata(flow) },
          });
          return;
        }
        if (SPAWN_SINKS.has(sink) && usesShell(node.arguments, analysis)) {
          const dynamic = node.arguments
            .filter((a): a is TSESTree.Expression => a.type !== 'SpreadElement' && a.type !== 'ObjectExpression')
            .map((a) => ({ arg: a, origin: analysis.origin(a) }))
            .find((entry) => entry.origin.kind !== 'constant');
          if (!dynamic) return;
          if (isAllowListed(context, node, dynamic.arg)) return;
          const flow = taintFlow(context, dynamic.arg, node);
          const source = describeSource(dynamic.origin, flow);
          context.report({
            node: dynamic.arg,
            messageId: 'shellOption',
            data: { sink: shortName(sink), source },
            confidence: confidenceOf(dynamic.origin),
            metadata: { sink, source, ...flowMetadata(flow) },
          });
        }
      },
    };
  },
});

function usesShell(args: TSESTree.CallExpressionArgument[], analysis: FileAnalysis): boolean {
  for (const arg of args) {
    if (arg.type !== 'ObjectExpression') continue;
    for (const property of arg.properties) {
      if (property.type !== 'Property' || property.computed) continue;
      const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : '';
      if (key !== 'shell') continue;
      const value = property.value;
      if (value.type === 'Literal') return value.value !== false && value.value !== null && value.value !== '' && value.value !== 0;
      // `shell: someVariable` may be true: treat as a shell unless it is a constant false
      return !(analysis.isConstant(value) && analysis.staticString(value) === 'false');
    }
  }
  return false;
}

function shortName(qualified: string): string {
  return qualified.replace(/^child_process\./, '').replace(/^execa\./, '');
}

export function describeOrigin(origin: ValueOrigin): string {
  if (origin.kind === 'constant') return 'a constant';
  if (origin.kind === 'external') return origin.source;
  return origin.source ?? 'a value that is not a constant';
}

export function confidenceOf(origin: ValueOrigin): number {
  if (origin.kind === 'constant') return 0;
  return origin.kind === 'external' ? origin.confidence : Math.min(origin.confidence, 0.5);
}
