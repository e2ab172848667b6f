// The security agent's deep scan of one change: what the change introduces, not what was there.
// The scanner's security rules (including the costly ReDoS check the full security scan turns on)
// run on the old and the new text; findings are matched by rule and fingerprint, which survive
// line shifts, so only new ones count. Added secrets come from the secrets scanner, and the
// design's dangerous patterns (eval, new Function, exec with a computed command, `shell: true`,
// unsafe deserialization, disabled TLS checks) are counted in both texts so an occurrence that
// merely moved is not "added".
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { Finding, Severity } from '../models/finding.js';
import { parseSource, scanSource, type EnabledRule } from '../scanner/engine.js';
import { securityRules } from '../scanner/rules/security/index.js';
import { findSecrets, secretFindings } from './secrets.js';

/** Points taken off the security score per introduced finding, by severity (floor 0). */
export const SECURITY_WEIGHTS: Record<Severity, number> = { critical: 0.6, high: 0.4, medium: 0.15, low: 0.05, info: 0 };

export interface DangerousPattern {
  kind: 'eval' | 'new-function' | 'exec-computed-command' | 'shell-true' | 'unsafe-deserialization' | 'tls-disabled';
  message: string;
  line: number;
  code: string;
}

export interface DeepScanResult {
  introduced: Finding[];
  removed: Finding[];
  /** Dangerous patterns the new text has more of than the old one. */
  dangerous: DangerousPattern[];
  /** 1.0 minus SECURITY_WEIGHTS of each introduced finding, floor 0. */
  score: number;
}

/** Every security rule, with its default options; off-by-default ones (redos) included on purpose. */
const RULES: EnabledRule[] = securityRules.map((rule) => ({ rule, options: { ...rule.meta.defaultOptions } }));

export async function deepScan(filePath: string, before: string | null, after: string): Promise<DeepScanResult> {
  const oldFindings = before === null ? [] : scanSource(filePath, before, RULES).findings.filter(isSecurity);
  const newFindings = scanSource(filePath, after, RULES).findings.filter(isSecurity);
  const introduced = multisetMinus(newFindings, oldFindings, findingKey);
  const removed = multisetMinus(oldFindings, newFindings, findingKey);
  introduced.push(...(await introducedSecrets(filePath, before, after)));
  const dangerous = multisetMinus(dangerousPatterns(filePath, after), before === null ? [] : dangerousPatterns(filePath, before), (p) => `${p.kind}\0${p.code}`);
  return { introduced, removed, dangerous, score: securityScore(introduced) };
}

export function securityScore(introduced: readonly Pick<Finding, 'severity'>[]): number {
  const penalty = introduced.reduce((sum, f) => sum + SECURITY_WEIGHTS[f.severity], 0);
  return Math.max(0, Math.round((1 - penalty) * 1000) / 1000);
}

function isSecurity(finding: Finding): boolean {
  return finding.category === 'security';
}

function findingKey(finding: Finding): string {
  return `${finding.rule_id}\0${finding.fingerprint}`;
}

/** Items of `a` left after taking away one item of `b` per equal key. */
function multisetMinus<T>(a: readonly T[], b: readonly T[], key: (item: T) => string): T[] {
  const counts = new Map<string, number>();
  for (const item of b) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return a.filter((item) => {
    const k = key(item);
    const left = counts.get(k) ?? 0;
    if (left === 0) return true;
    counts.set(k, left - 1);
    return false;
  });
}

/** Secrets in the new text whose value the old text did not hold. */
async function introducedSecrets(filePath: string, before: string | null, after: string): Promise<Finding[]> {
  const hits = await findSecrets(filePath, after);
  if (hits.length === 0) return [];
  const oldValues = new Set(before === null ? [] : (await findSecrets(filePath, before)).map((h) => before.slice(h.start, h.end)));
  const added = hits.filter((h) => !oldValues.has(after.slice(h.start, h.end)));
  return secretFindings(filePath, after, added);
}

type Node = TSESTree.Node;

const EXEC_NAMES = new Set(['exec', 'execSync']);

function calleeName(callee: Node): { object?: string; name?: string } {
  if (callee.type === 'Identifier') return { name: callee.name };
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
    const object = callee.object.type === 'Identifier' ? callee.object.name : undefined;
    return { object, name: callee.property.name };
  }
  return {};
}

function isConstant(node: Node | undefined): boolean {
  if (!node) return true;
  if (node.type === 'Literal') return true;
  return node.type === 'TemplateLiteral' && node.expressions.length === 0;
}

function propertyIs(node: TSESTree.Property, key: string): boolean {
  return (node.key.type === 'Identifier' && node.key.name === key) || (node.key.type === 'Literal' && node.key.value === key);
}

interface FileHints {
  childProcess: boolean;
  yaml: boolean;
  nodeSerialize: boolean;
}

type Match = [DangerousPattern['kind'], string] | undefined;

function callPattern(node: TSESTree.CallExpression, hints: FileHints): Match {
  const { object, name } = calleeName(node.callee);
  if (name === 'eval' && (object === undefined || object === 'globalThis' || object === 'window' || object === 'global')) return ['eval', 'eval() runs a string as code'];
  if (name === 'Function' && object === undefined) return ['new-function', 'Function() builds code from strings'];
  if (hints.childProcess && name !== undefined && EXEC_NAMES.has(name) && !isConstant(node.arguments[0] as Node | undefined)) return ['exec-computed-command', `${name}() runs a computed command through a shell`];
  if (hints.nodeSerialize && name === 'unserialize') return ['unsafe-deserialization', 'node-serialize unserialize() can run code from the data'];
  if (hints.yaml && name === 'load' && object !== undefined && /yaml/i.test(object) && node.arguments.length < 2) return ['unsafe-deserialization', 'js-yaml load() without a safe schema'];
  if (name === 'deserialize' && object === 'v8') return ['unsafe-deserialization', 'v8.deserialize() of data that may not be trusted'];
  return undefined;
}

function propertyPattern(node: TSESTree.Property): Match {
  if (node.value.type !== 'Literal') return undefined;
  if (propertyIs(node, 'shell') && node.value.value === true) return ['shell-true', '`shell: true` runs the command through a shell'];
  if (propertyIs(node, 'rejectUnauthorized') && node.value.value === false) return ['tls-disabled', '`rejectUnauthorized: false` turns off TLS certificate checks'];
  return undefined;
}

function assignmentPattern(node: TSESTree.AssignmentExpression): Match {
  const left = node.left;
  if (left.type !== 'MemberExpression' || node.right.type !== 'Literal' || String(node.right.value) !== '0') return undefined;
  const key = left.property.type === 'Identifier' && !left.computed ? left.property.name : left.property.type === 'Literal' ? String(left.property.value) : undefined;
  return key === 'NODE_TLS_REJECT_UNAUTHORIZED' ? ['tls-disabled', 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks for the whole process'] : undefined;
}

function patternOf(node: Node, hints: FileHints): Match {
  switch (node.type) {
    case 'CallExpression':
      return callPattern(node, hints);
    case 'NewExpression':
      return node.callee.type === 'Identifier' && node.callee.name === 'Function' ? ['new-function', 'new Function() builds code from strings'] : undefined;
    case 'Property':
      return propertyPattern(node);
    case 'AssignmentExpression':
      return assignmentPattern(node);
    default:
      return undefined;
  }
}

/** Occurrences of the design's dangerous patterns in a text; none when it does not parse. */
export function dangerousPatterns(filePath: string, text: string): DangerousPattern[] {
  let ast: TSESTree.Program;
  try {
    ast = parseSource(filePath, text, false);
  } catch {
    return [];
  }
  const hints: FileHints = { childProcess: text.includes('child_process'), yaml: text.includes('js-yaml'), nodeSerialize: text.includes('node-serialize') };
  const out: DangerousPattern[] = [];
  const visit = (node: Node): void => {
    const match = patternOf(node, hints);
    if (match) out.push({ kind: match[0], message: match[1], line: node.loc.start.line, code: text.slice(node.range[0], node.range[1]).replace(/\s+/g, ' ').slice(0, 200) });
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      const children = Array.isArray(child) ? child : [child];
      for (const c of children) if (c && typeof (c as Node).type === 'string') visit(c as Node);
    }
  };
  visit(ast);
  return out;
}
