// Per-file facts that project-level rules need (the import graph, which modules export
// something). They are small, serialisable and cached with the file's findings.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { requiredModule } from './file-analysis.js';

export interface ImportFact {
  specifier: string;
  line: number;
  /** `import type` and `export type` edges do not exist at run time. */
  typeOnly: boolean;
}

export interface FileFacts {
  imports: ImportFact[];
  hasExports: boolean;
  /** A barrel: nothing but imports and re-exports (`export ... from`), so nothing to test in it. */
  onlyReExports: boolean;
}

/** Imports from the module's top level and every `require`/`import()` with a literal argument. */
export function collectFileFacts(ast: TSESTree.Program): FileFacts {
  const imports: ImportFact[] = [];
  let hasExports = false;
  let onlyReExports = ast.body.length > 0;
  for (const statement of ast.body) {
    const reExport =
      statement.type === 'ImportDeclaration' ||
      statement.type === 'ExportAllDeclaration' ||
      (statement.type === 'ExportNamedDeclaration' && statement.source !== null) ||
      (statement.type === 'ExportNamedDeclaration' && statement.declaration === null) ||
      (statement.type === 'ExpressionStatement' && statement.directive !== undefined);
    if (!reExport) onlyReExports = false;
    switch (statement.type) {
      case 'ImportDeclaration':
        imports.push({
          specifier: statement.source.value,
          line: statement.loc.start.line,
          typeOnly: statement.importKind === 'type' || (statement.specifiers.length > 0 && statement.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type')),
        });
        break;
      case 'ExportNamedDeclaration':
        hasExports = true;
        if (statement.source) {
          imports.push({ specifier: statement.source.value, line: statement.loc.start.line, typeOnly: statement.exportKind === 'type' });
        }
        break;
      case 'ExportAllDeclaration':
        hasExports = true;
        imports.push({ specifier: statement.source.value, line: statement.loc.start.line, typeOnly: statement.exportKind === 'type' });
        break;
      case 'ExportDefaultDeclaration':
      case 'TSExportAssignment':
        hasExports = true;
        break;
      case 'ExpressionStatement':
        if (isCommonJsExport(statement.expression)) hasExports = true;
        break;
      default:
        break;
    }
  }
  return { imports: imports.concat(collectRequires(ast)), hasExports, onlyReExports };
}

function isCommonJsExport(expression: TSESTree.Expression): boolean {
  if (expression.type !== 'AssignmentExpression' || expression.left.type !== 'MemberExpression') return false;
  const left = expression.left;
  if (left.object.type === 'Identifier' && left.object.name === 'exports') return true;
  if (left.object.type === 'Identifier' && left.object.name === 'module' && left.property.type === 'Identifier' && left.property.name === 'exports') return true;
  return left.object.type === 'MemberExpression' && left.object.object.type === 'Identifier' && left.object.object.name === 'module';
}

/** `require("./x")` at any depth; only relative specifiers matter for the graph, so skip the rest cheaply. */
function collectRequires(ast: TSESTree.Program): ImportFact[] {
  const out: ImportFact[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === 'CallExpression') {
      const module = requiredModule(node);
      if (module !== undefined && module.startsWith('.')) out.push({ specifier: module, line: node.loc.start.line, typeOnly: false });
    }
    if (node.type === 'ImportExpression' && node.source.type === 'Literal' && typeof node.source.value === 'string' && node.source.value.startsWith('.')) {
      out.push({ specifier: node.source.value, line: node.loc.start.line, typeOnly: false });
    }
  };
  // Only top-level statements and their direct declarations: a full second walk would cost as much as the scan.
  for (const statement of ast.body) {
    if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations) if (d.init) visit(d.init.type === 'AwaitExpression' ? d.init.argument : d.init);
    } else if (statement.type === 'ExpressionStatement') {
      visit(statement.expression.type === 'AwaitExpression' ? statement.expression.argument : statement.expression);
    }
  }
  return out;
}
