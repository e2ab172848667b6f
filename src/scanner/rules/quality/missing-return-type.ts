// missing-return-type: exported TypeScript functions without a return type annotation. The return
// type of a module's API is then whatever the body happens to return: a change inside the function
// silently changes the contract its callers compile against, and the inferred type may be wider
// (or `any`) than intended. Only .ts/.tsx/.mts/.cts files (not .d.ts, not JavaScript).
// Checked: `export function`, `export default function`, `export const f = () => ...` /
// `= function`, functions exported later with `export { f }`, and public methods, getters and
// arrow-function properties of exported classes.
// Not reported: declarators with a type (`export const h: Handler = (req) => ...`), implementation
// signatures of overloaded functions/methods (the overloads are the contract), constructors and
// setters, higher-order functions that return an annotated function, `=> (...) as const`, and
// PascalCase functions in .tsx files (React components, whose JSX return type is conventional to infer).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyKeyName } from '../../analysis/file-analysis.js';
import { defineRule, type Node } from '../../rule.js';
import { describeFunction, functionHead, type FunctionNode } from './complexity.js';

const TS_FILE = /\.(?:ts|tsx|mts|cts)$/i;
const DECLARATION_FILE = /\.d\.(?:ts|mts|cts)$/i;
const TSX_FILE = /\.tsx$/i;
const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;

export default defineRule({
  meta: {
    id: 'missing-return-type',
    category: 'quality',
    severity: 'low',
    fixable: true,
    description: 'Exported TypeScript functions and public methods without a return type annotation.',
    messages: {
      missing: 'The exported {{name}} has no return type annotation; its API type is inferred from the body.',
    },
    recommendation:
      'Annotate the return type of exported functions and public methods, so that the contract is explicit and a change in the body cannot silently change it.',
    confidence: 0.8,
  },
  create(context) {
    if (!TS_FILE.test(context.filePath) || DECLARATION_FILE.test(context.filePath)) return {};
    const { analysis } = context;
    const isTsx = TSX_FILE.test(context.filePath);
    const overloadedFunctions = new Set<string>();
    const overloadedMethods = new WeakMap<TSESTree.ClassBody, Set<string>>();

    const check = (fn: FunctionNode, name: string | undefined): void => {
      if (fn.returnType || returnsAnnotatedFunction(fn) || isConstAssertion(fn)) return;
      if (isTsx && name !== undefined && PASCAL_CASE.test(name)) return;
      context.report({ ...functionHead(fn), messageId: 'missing', data: { name: describeFunction(fn) } });
    };
    const isExportedTopLevel = (statement: Node | undefined, name: string | undefined): boolean => {
      if (!statement) return false;
      if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') return true;
      return statement.type === 'Program' && name !== undefined && analysis.isExportedName(name);
    };
    const checkMember = (member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition, fn: FunctionNode): void => {
      if (member.accessibility === 'private' || member.accessibility === 'protected') return;
      if (member.key.type === 'PrivateIdentifier') return;
      const classNode = member.parent?.parent;
      if (classNode?.type !== 'ClassDeclaration' && classNode?.type !== 'ClassExpression') return;
      const className = classNode.id?.name;
      if (classNode.type === 'ClassDeclaration' ? !isExportedTopLevel(classNode.parent, className) : classNode.parent?.type !== 'ExportDefaultDeclaration') {
        return;
      }
      const key = member.computed ? undefined : propertyKeyName(member.key);
      if (member.type === 'MethodDefinition' && key !== undefined && member.parent && overloadedMethods.get(member.parent)?.has(key)) return;
      check(fn, undefined);
    };

    return {
      TSDeclareFunction(node) {
        if (node.id) overloadedFunctions.add(node.id.name);
      },
      MethodDefinition(node) {
        if (node.value.type !== 'TSEmptyBodyFunctionExpression' || node.computed || !node.parent) return;
        const key = propertyKeyName(node.key);
        if (key === undefined) return;
        let names = overloadedMethods.get(node.parent);
        if (!names) overloadedMethods.set(node.parent, (names = new Set()));
        names.add(key);
      },
      FunctionDeclaration(node) {
        const name = node.id?.name;
        if (!isExportedTopLevel(node.parent, name)) return;
        if (name !== undefined && overloadedFunctions.has(name)) return;
        check(node, name);
      },
      FunctionExpression(node) {
        checkExpression(node);
      },
      ArrowFunctionExpression(node) {
        checkExpression(node);
      },
    };

    function checkExpression(fn: TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression): void {
      const parent = fn.parent;
      if (!parent) return;
      switch (parent.type) {
        case 'ExportDefaultDeclaration':
          check(fn, fn.type === 'FunctionExpression' ? fn.id?.name : undefined);
          return;
        case 'VariableDeclarator': {
          if (parent.init !== fn || parent.id.type !== 'Identifier' || parent.id.typeAnnotation) return;
          const declaration = parent.parent;
          if (declaration?.type !== 'VariableDeclaration') return;
          if (!isExportedTopLevel(declaration.parent, parent.id.name)) return;
          check(fn, parent.id.name);
          return;
        }
        case 'MethodDefinition':
          if (parent.value !== fn || (parent.kind !== 'method' && parent.kind !== 'get')) return;
          checkMember(parent, fn);
          return;
        case 'PropertyDefinition':
          if (parent.value !== fn || parent.typeAnnotation) return;
          checkMember(parent, fn);
          return;
        default:
          return;
      }
    }
  },
});


/** `(opts) => (req, res): void => ...` and `function f() { return (x): T => ... }`: the annotated inner function is the contract. */
function returnsAnnotatedFunction(fn: FunctionNode): boolean {
  let returned: Node | null | undefined = fn.body;
  if (fn.body.type === 'BlockStatement') {
    const only = fn.body.body.length === 1 ? fn.body.body[0] : undefined;
    returned = only?.type === 'ReturnStatement' ? only.argument : undefined;
  }
  return (returned?.type === 'ArrowFunctionExpression' || returned?.type === 'FunctionExpression') && returned.returnType !== undefined;
}

/** `() => ({ ... }) as const`: the literal type is the annotation. */
function isConstAssertion(fn: FunctionNode): boolean {
  const body = fn.body;
  return (
    body.type === 'TSAsExpression' &&
    body.typeAnnotation.type === 'TSTypeReference' &&
    body.typeAnnotation.typeName.type === 'Identifier' &&
    body.typeAnnotation.typeName.name === 'const'
  );
}
