// Unused imports of a file, removed through TypeScript's own "unusedIdentifier" code fix (the one
// editors offer for 6133/6192 under noUnusedLocals). Only import declarations are touched: unused
// locals, parameters and members are someone's unfinished work, not clutter. An import that exists
// for its side effects (`import './x'`) has no bindings, so it is never reported and never removed.
import ts from 'typescript';
import type { TextEdit } from '../edits.js';
import type { ProjectService } from './project.js';

/** Compiler options under which TypeScript reports unused imports. */
export const UNUSED_IMPORT_OPTIONS: ts.CompilerOptions = { noUnusedLocals: true };

const UNUSED_CODES = new Set([6133, 6192, 6196, 6198]);

export interface UnusedImportRemoval {
  /** The module specifier of the import declaration, e.g. `./shapes.js`. */
  module: string;
  /** The bindings removed (`*` for a namespace import). */
  names: string[];
  /** Whether the whole declaration goes, so the module is no longer loaded by this file. */
  wholeDeclaration: boolean;
  /** Whether only types are removed (erased at compile time: behaviour cannot change). */
  typeOnly: boolean;
  edits: TextEdit[];
}

function importOf(node: ts.Node): ts.ImportDeclaration | undefined {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isImportDeclaration(current)) return current;
  }
  return undefined;
}

function isTypeOnlyBinding(declaration: ts.ImportDeclaration, name: string): boolean {
  const clause = declaration.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamedImports(bindings)) return bindings.elements.some((e) => e.name.text === name && e.isTypeOnly);
  return false;
}

/** The unused imports of a file and TypeScript's edits removing them (the service must report unused locals). */
export function findUnusedImports(service: ProjectService, relative: string, checker: ts.TypeChecker): UnusedImportRemoval[] {
  const fileName = service.absolute(relative);
  const sourceFile = service.program().getSourceFile(fileName);
  if (!sourceFile) return [];
  const diagnostics = [...service.languageService.getSemanticDiagnostics(fileName), ...service.languageService.getSuggestionDiagnostics(fileName)].filter(
    (d) => UNUSED_CODES.has(d.code) && d.start !== undefined,
  );
  const byDeclaration = new Map<ts.ImportDeclaration, UnusedImportRemoval>();
  const taken: Array<[number, number]> = [];
  for (const diagnostic of diagnostics) {
    const token = findToken(sourceFile, diagnostic.start!);
    const declaration = token ? importOf(token) : undefined;
    if (!declaration || !declaration.importClause) continue;
    const fixes = service.languageService.getCodeFixesAtPosition(fileName, diagnostic.start!, diagnostic.start! + (diagnostic.length ?? 0), [diagnostic.code], {}, {});
    const fix = fixes.find((f) => f.fixName === 'unusedIdentifier' && /^Remove (import|unused declaration)/.test(f.description));
    if (!fix) continue;
    const changes = fix.changes.filter((c) => c.fileName === fileName).flatMap((c) => c.textChanges);
    // Fixes computed on the same text may overlap (two specifiers of one import): keep the first.
    if (changes.some((c) => taken.some(([s, e]) => c.span.start < e && s < c.span.start + c.span.length + (c.span.length === 0 ? 1 : 0)))) continue;
    for (const c of changes) taken.push([c.span.start, c.span.start + c.span.length]);
    const names = diagnosticNames(declaration, diagnostic, sourceFile);
    const removal = byDeclaration.get(declaration) ?? {
      module: (declaration.moduleSpecifier as ts.StringLiteral).text,
      names: [],
      wholeDeclaration: false,
      typeOnly: true,
      edits: [],
    };
    removal.names.push(...names);
    removal.typeOnly &&= names.every((n) => isTypeOnlyBinding(declaration, n) || onlyType(checker, declaration, n));
    removal.wholeDeclaration ||= changes.some((c) => c.span.start <= declaration.getStart(sourceFile) && c.span.start + c.span.length >= declaration.getEnd());
    removal.edits.push(...changes.map((c) => ({ file_path: relative, start: c.span.start, end: c.span.start + c.span.length, new_code: c.newText })));
    byDeclaration.set(declaration, removal);
  }
  return [...byDeclaration.values()];
}

/** Whether an imported name denotes only a type (an interface or type alias), so importing it loads nothing. */
function onlyType(checker: ts.TypeChecker, declaration: ts.ImportDeclaration, name: string): boolean {
  const bindings = declaration.importClause?.namedBindings;
  if (!bindings || !ts.isNamedImports(bindings)) return false;
  const element = bindings.elements.find((e) => e.name.text === name);
  if (!element) return false;
  const symbol = checker.getSymbolAtLocation(element.name);
  if (!symbol) return false;
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (target.flags & ts.SymbolFlags.Value) === 0;
}

function diagnosticNames(declaration: ts.ImportDeclaration, diagnostic: ts.Diagnostic, sourceFile: ts.SourceFile): string[] {
  const clause = declaration.importClause!;
  const all: string[] = [];
  if (clause.name) all.push(clause.name.text);
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) all.push(bindings.name.text);
  if (bindings && ts.isNamedImports(bindings)) all.push(...bindings.elements.map((e) => e.name.text));
  if (diagnostic.code === 6133) {
    const token = findToken(sourceFile, diagnostic.start!);
    if (token && ts.isIdentifier(token)) return [token.text];
  }
  return all;
}

function findToken(sourceFile: ts.SourceFile, position: number): ts.Node | undefined {
  const visit = (node: ts.Node): ts.Node | undefined => {
    if (position < node.getStart(sourceFile) || position >= node.getEnd()) return undefined;
    return ts.forEachChild(node, visit) ?? node;
  };
  return ts.forEachChild(sourceFile, visit);
}
