// What taint rules attach to a finding: the path an outside value took from its source to the
// sink (`metadata.flow`, rendered as "flow:" lines in text output and as SARIF codeFlows), and a
// description of the source that names where it is ("req.query.file (line 4)"). The steps come
// from FileAnalysis.flow, which is computed only here, after a rule decided to report.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ValueOrigin } from '../../analysis/file-analysis.js';
import type { RuleContext } from '../../rule.js';
import { isGuardedBy } from '../../analysis/guards.js';
import { memberPropertyName } from '../../analysis/file-analysis.js';

/** One step of a flow; lines and columns 1-based like a Finding's. */
export interface FlowStep {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  text: string;
}

const MAX_STEP_TEXT = 80;

/** The flow of `value` into `sink`: the analysis' steps, then the sink itself. */
export function taintFlow(context: Pick<RuleContext, 'analysis' | 'getText'>, value: TSESTree.Node, sink: TSESTree.Node): FlowStep[] {
  const traced = context.analysis.flow(value);
  if (traced.length === 0) return [];
  // steps inside the sink call (its argument expression) repeat what the sink step shows; the source stays
  const nodes = traced.filter((node, i) => i === 0 || node.range[0] < sink.range[0] || node.range[1] > sink.range[1]);
  if (nodes[nodes.length - 1] !== sink) nodes.push(sink);
  return nodes.map((node) => toStep(node, context.getText(node)));
}

/** "req.query.file (line 4)" when the flow starts at a source, else the origin's own description. */
export function describeSource(origin: ValueOrigin, flow: readonly FlowStep[]): string {
  const base = origin.kind === 'constant' ? 'a constant' : origin.kind === 'external' ? origin.source : (origin.source ?? 'a value that is not a constant');
  const first = flow[0];
  return first !== undefined && flow.length > 1 ? `${base} (line ${first.line})` : base;
}

/**
 * An allow-list check before the use: `if (!ALLOWED.includes(name)) return;` or
 * `if (ALLOWED.has(name)) { ...use... }` in the same function, on a name the value is read from.
 * The list itself must be a constant array or set, so `input.includes(x)` does not count.
 */
export function isAllowListed(context: Pick<RuleContext, 'analysis'>, at: TSESTree.Node, value: TSESTree.Node): boolean {
  const names = new Set<string>();
  collectIdentifiers(value, names, 0);
  if (names.size === 0) return false;
  return isGuardedBy(at, (test) => checksMembership(context, test, names, 0));
}

function checksMembership(context: Pick<RuleContext, 'analysis'>, test: TSESTree.Node, names: Set<string>, depth: number): boolean {
  if (depth > 6) return false;
  switch (test.type) {
    case 'UnaryExpression':
      return checksMembership(context, test.argument, names, depth + 1);
    case 'LogicalExpression':
      return checksMembership(context, test.left, names, depth + 1) || checksMembership(context, test.right, names, depth + 1);
    case 'CallExpression': {
      const callee = test.callee;
      if (callee.type !== 'MemberExpression') return false;
      const method = memberPropertyName(callee);
      if (method !== 'includes' && method !== 'has') return false;
      const first = test.arguments[0];
      if (!first || first.type !== 'Identifier' || !names.has(first.name)) return false;
      return isConstantList(context, callee.object);
    }
    default:
      return false;
  }
}

function isConstantList(context: Pick<RuleContext, 'analysis'>, list: TSESTree.Node): boolean {
  let node: TSESTree.Node = list;
  if (node.type === 'Identifier') {
    const binding = context.analysis.lookup(node.name);
    if (!binding || binding.kind !== 'const' || !binding.init || binding.path) return false;
    node = binding.init;
  }
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression') node = node.expression;
  if (node.type === 'ArrayExpression') return context.analysis.isConstant(node);
  if (node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name === 'Set') {
    const arg = node.arguments[0];
    return arg === undefined || context.analysis.isConstant(arg);
  }
  return false;
}

/** Identifiers a value is built from (shallow: calls, concatenations, templates, assertions). */
export function collectIdentifiers(node: TSESTree.Node, out: Set<string>, depth: number): void {
  if (depth > 4) return;
  switch (node.type) {
    case 'Identifier':
      out.add(node.name);
      return;
    case 'CallExpression':
      for (const a of node.arguments) collectIdentifiers(a, out, depth + 1);
      return;
    case 'BinaryExpression':
      collectIdentifiers(node.left, out, depth + 1);
      collectIdentifiers(node.right, out, depth + 1);
      return;
    case 'TemplateLiteral':
      for (const e of node.expressions) collectIdentifiers(e, out, depth + 1);
      return;
    case 'TSAsExpression':
    case 'TSNonNullExpression':
      collectIdentifiers(node.expression, out, depth + 1);
      return;
    default:
      return;
  }
}

function toStep(node: TSESTree.Node, text: string): FlowStep {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return {
    line: node.loc.start.line,
    column: node.loc.start.column + 1,
    end_line: node.loc.end.line,
    end_column: node.loc.end.column + 1,
    text: oneLine.length > MAX_STEP_TEXT ? `${oneLine.slice(0, MAX_STEP_TEXT - 1)}…` : oneLine,
  };
}

/** `{ flow }` for a finding's metadata, or nothing when there is no traced flow. */
export function flowMetadata(flow: readonly FlowStep[]): { flow?: FlowStep[] } {
  return flow.length > 0 ? { flow: [...flow] } : {};
}
