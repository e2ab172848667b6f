// The exported surface of a module and whether a change breaks it: exports removed, parameters
// added, removed or retyped, return types changed. Adding an annotation where there was none (what
// add-types does) is not a break by itself; the type check judges whether it is right.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { parseSource } from '../scanner/engine.js';

interface ParamShape {
  kind: 'required' | 'optional' | 'rest';
  type: string | null;
}

export interface ExportShape {
  kind: 'function' | 'class-member' | 'value' | 'type';
  params: ParamShape[] | null;
  returnType: string | null;
  /** Whole text of types and plain values, whitespace-normalised. */
  text: string | null;
}

type Node = TSESTree.Node;

function textOf(source: string, node: Node | null | undefined): string | null {
  if (!node) return null;
  return source.slice(node.range[0], node.range[1]).replace(/\s+/g, ' ').trim();
}

function typeText(source: string, annotation: TSESTree.TSTypeAnnotation | undefined): string | null {
  return annotation ? textOf(source, annotation.typeAnnotation) : null;
}

function paramShape(source: string, param: TSESTree.Parameter): ParamShape {
  if (param.type === 'TSParameterProperty') return paramShape(source, param.parameter);
  if (param.type === 'RestElement') return { kind: 'rest', type: typeText(source, param.typeAnnotation) };
  if (param.type === 'AssignmentPattern') {
    const left = param.left as { typeAnnotation?: TSESTree.TSTypeAnnotation };
    return { kind: 'optional', type: typeText(source, left.typeAnnotation) };
  }
  const typed = param as { optional?: boolean; typeAnnotation?: TSESTree.TSTypeAnnotation };
  return { kind: typed.optional ? 'optional' : 'required', type: typeText(source, typed.typeAnnotation) };
}

type FunctionLike = Pick<TSESTree.FunctionDeclaration, 'params' | 'returnType'>;

function functionShape(source: string, fn: FunctionLike, kind: ExportShape['kind'] = 'function'): ExportShape {
  return { kind, params: fn.params.map((p) => paramShape(source, p)), returnType: typeText(source, fn.returnType), text: null };
}

function valueShape(source: string, node: Node | null | undefined, annotation?: TSESTree.TSTypeAnnotation): ExportShape {
  if (node && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression')) return functionShape(source, node);
  return { kind: 'value', params: null, returnType: null, text: typeText(source, annotation) };
}

function addClass(source: string, name: string, cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, out: Map<string, ExportShape>): void {
  out.set(name, { kind: 'value', params: null, returnType: null, text: null });
  for (const member of cls.body.body) {
    if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') continue;
    if (member.accessibility === 'private' || member.key.type === 'PrivateIdentifier') continue;
    const key = member.computed ? textOf(source, member.key) : member.key.type === 'Identifier' ? member.key.name : textOf(source, member.key);
    const memberName = `${name}.${member.static ? 'static ' : ''}${key ?? '?'}`;
    if (member.type === 'MethodDefinition') out.set(memberName, functionShape(source, member.value, 'class-member'));
    else out.set(memberName, { ...valueShape(source, member.value, member.typeAnnotation), kind: 'class-member' });
  }
}

function addDeclaration(source: string, name: string | null, decl: Node, out: Map<string, ExportShape>): void {
  switch (decl.type) {
    case 'FunctionDeclaration':
    case 'TSDeclareFunction':
      out.set(name ?? decl.id?.name ?? 'default', functionShape(source, decl));
      return;
    case 'ClassDeclaration':
    case 'ClassExpression':
      addClass(source, name ?? decl.id?.name ?? 'default', decl, out);
      return;
    case 'VariableDeclaration':
      for (const d of decl.declarations) {
        if (d.id.type === 'Identifier') out.set(d.id.name, valueShape(source, d.init, d.id.typeAnnotation));
      }
      return;
    case 'TSInterfaceDeclaration':
    case 'TSTypeAliasDeclaration':
    case 'TSEnumDeclaration':
      out.set(name ?? decl.id.name, { kind: 'type', params: null, returnType: null, text: textOf(source, decl) });
      return;
    default:
      if (name) out.set(name, valueShape(source, decl));
  }
}

/** The exported names of a module and their shapes; undefined when the text does not parse. */
export function exportedShapes(filePath: string, source: string): Map<string, ExportShape> | undefined {
  let program: TSESTree.Program;
  try {
    program = parseSource(filePath, source, false);
  } catch {
    return undefined;
  }
  const locals = new Map<string, Node>();
  for (const statement of program.body) {
    const decl = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
    if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) locals.set(decl.id.name, decl);
    if (decl.type === 'VariableDeclaration') for (const d of decl.declarations) if (d.id.type === 'Identifier') locals.set(d.id.name, decl);
  }
  const out = new Map<string, ExportShape>();
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      if (statement.declaration) addDeclaration(source, null, statement.declaration, out);
      else if (!statement.source) {
        for (const spec of statement.specifiers) {
          const local = (spec.local as TSESTree.Identifier | TSESTree.StringLiteral).type === 'Identifier' ? (spec.local as TSESTree.Identifier).name : String((spec.local as unknown as TSESTree.StringLiteral).value);
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
          const decl = locals.get(local);
          if (decl) addLocal(source, exported, local, decl, out);
          else out.set(exported, { kind: 'value', params: null, returnType: null, text: null });
        }
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const decl = statement.declaration;
      if (decl.type === 'Identifier' && locals.has(decl.name)) addLocal(source, 'default', decl.name, locals.get(decl.name)!, out);
      else addDeclaration(source, 'default', decl, out);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const name = commonJsExportName(statement.expression.left);
      if (name) out.set(name, valueShape(source, statement.expression.right));
    }
  }
  return out;
}

function addLocal(source: string, exported: string, local: string, decl: Node, out: Map<string, ExportShape>): void {
  const scratch = new Map<string, ExportShape>();
  addDeclaration(source, null, decl, scratch);
  for (const [name, shape] of scratch) {
    if (name === local) out.set(exported, shape);
    else if (name.startsWith(`${local}.`)) out.set(`${exported}${name.slice(local.length)}`, shape);
  }
}

function commonJsExportName(left: Node): string | null {
  if (left.type !== 'MemberExpression' || left.computed || left.property.type !== 'Identifier') return null;
  const object = left.object;
  if (object.type === 'Identifier' && object.name === 'exports') return left.property.name;
  if (object.type === 'MemberExpression' && !object.computed && object.object.type === 'Identifier' && object.object.name === 'module' && object.property.type === 'Identifier' && object.property.name === 'exports') {
    return left.property.name;
  }
  if (object.type === 'Identifier' && object.name === 'module' && left.property.name === 'exports') return 'module.exports';
  return null;
}

/** Ignores an annotation that was added where there was none: `null` before matches anything. */
function sameType(before: string | null, after: string | null): boolean {
  return before === null || before === after;
}

function paramsBreak(before: ParamShape[], after: ParamShape[]): string | null {
  const requiredBefore = before.filter((p) => p.kind === 'required').length;
  const requiredAfter = after.filter((p) => p.kind === 'required').length;
  if (requiredAfter > requiredBefore) return `needs ${requiredAfter} argument(s) instead of ${requiredBefore}`;
  if (after.length < before.length && !after.some((p) => p.kind === 'rest')) return `takes ${after.length} parameter(s) instead of ${before.length}`;
  for (let i = 0; i < Math.min(before.length, after.length); i++) {
    const b = before[i]!;
    const a = after[i]!;
    if (!sameType(b.type, a.type)) return `parameter ${i + 1} changes type from ${b.type} to ${a.type ?? 'untyped'}`;
    if (b.kind === 'rest' && a.kind !== 'rest') return `parameter ${i + 1} is no longer a rest parameter`;
  }
  return null;
}

export interface ExportChange {
  name: string;
  reason: string;
}

/** Exported declarations whose signature changes between two texts of the same module. */
export function breakingExportChanges(filePath: string, before: string, after: string): ExportChange[] {
  const old = exportedShapes(filePath, before);
  const now = exportedShapes(filePath, after);
  if (!old || !now) return [];
  const changes: ExportChange[] = [];
  for (const [name, shape] of old) {
    const next = now.get(name);
    if (!next) {
      changes.push({ name, reason: 'is no longer exported' });
      continue;
    }
    if (shape.params && next.params) {
      const reason = paramsBreak(shape.params, next.params);
      if (reason) changes.push({ name, reason });
      else if (!sameType(shape.returnType, next.returnType)) changes.push({ name, reason: `returns ${next.returnType ?? 'an inferred type'} instead of ${shape.returnType}` });
    } else if (shape.params && !next.params) {
      changes.push({ name, reason: 'is no longer a function' });
    } else if (shape.kind === 'type' && shape.text !== next.text) {
      changes.push({ name, reason: 'type definition changes' });
    } else if (shape.kind === 'value' && !sameType(shape.text, next.text)) {
      changes.push({ name, reason: `type changes from ${shape.text} to ${next.text ?? 'inferred'}` });
    }
  }
  return changes;
}
