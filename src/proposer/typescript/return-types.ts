// Explicit return types for exported functions, computed by TypeScript itself: the "add return
// type" quick fix (the isolatedDeclarations code fix editors offer) where the service has that
// option on, else the checker's inferred return type of the signature. In .ts/.tsx files the
// annotation goes after the parameter list; in .js files with checkJs (or `// @ts-check`) it
// becomes a JSDoc `@returns {T}`. Types that would not be safe to write down are declined with a
// reason instead (errors read as `any`, overlong object types, `import("...")` types, names the
// module does not export).
import ts from 'typescript';
import type { TextEdit } from '../edits.js';
import type { ProjectService } from './project.js';

/** Compiler options that make TypeScript offer its "add return type" code fix for every export. */
export const ANNOTATION_FIX_OPTIONS: ts.CompilerOptions = { isolatedDeclarations: true, declaration: true, noEmit: true };

/** Longest type text written as an annotation; longer ones are harder to read than to infer. */
export const MAX_TYPE_LENGTH = 120;

const TS_FILE = /\.(?:ts|tsx|mts|cts)$/i;
const JS_FILE = /\.(?:js|jsx|mjs|cjs)$/i;
const DECLARATION_FILE = /\.d\.(?:ts|mts|cts)$/i;
const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;
const TS_CHECK = /^(?:#![^\n]*\n)?(?:\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))*?\s*\/\/\s*@ts-check\b/;
const TS_NOCHECK = /\/\/\s*@ts-nocheck\b/;
/** Diagnostics of isolatedDeclarations whose code fix may offer "Add return type". */
const ANNOTATION_DIAGNOSTICS = new Set([9007, 9008, 9013, 9016, 9017, 9018]);
const TYPE_FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

export type AnnotatableFunction = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.GetAccessorDeclaration;

export interface ExportedFunction {
  name: string;
  node: AnnotatableFunction;
  /** 1-based line of the function's name (or start). */
  line: number;
}

export interface ReturnTypeAnnotation {
  name: string;
  line: number;
  /** The type as written, e.g. `Promise<number>`. */
  type: string;
  /** Whether TypeScript's own code fix produced it (else the checker's inferred type). */
  viaCodeFix: boolean;
  edit: TextEdit;
}

export interface Skipped {
  name: string;
  line: number;
  reason: string;
}

export type AnnotationOutcome = { annotation: ReturnTypeAnnotation } | { skipped: Skipped };

/** Whether the file's kind gets annotations: TypeScript sources, or JavaScript that is type-checked. */
export function annotationKind(service: ProjectService, relative: string, text: string): 'ts' | 'jsdoc' | null {
  if (DECLARATION_FILE.test(relative)) return null;
  if (TS_FILE.test(relative)) return 'ts';
  if (!JS_FILE.test(relative) || TS_NOCHECK.test(text)) return null;
  return service.options.checkJs === true || TS_CHECK.test(text) ? 'jsdoc' : null;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/** The module's exported values, aliases resolved (covers `export { f }` after the declaration). */
export function exportedSymbols(checker: ts.TypeChecker, sourceFile: ts.SourceFile): Set<ts.Symbol> {
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  const out = new Set<ts.Symbol>();
  if (!moduleSymbol) return out;
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    out.add(symbol);
    if (symbol.flags & ts.SymbolFlags.Alias) out.add(checker.getAliasedSymbol(symbol));
  }
  return out;
}

/**
 * Exported functions without a return type: function declarations, exported `const f = () =>` /
 * `= function`, and public methods and getters of exported classes (as the missing-return-type rule
 * sees them: overload implementations and PascalCase .tsx components are left alone).
 */
export function exportedFunctionsWithoutReturnType(program: ts.Program, sourceFile: ts.SourceFile): ExportedFunction[] {
  return exportedFunctions(program, sourceFile).filter(({ node }) => !node.type);
}

/** Exported functions with a body, annotated or not (the same scope the return types use). */
export function exportedFunctions(program: ts.Program, sourceFile: ts.SourceFile): ExportedFunction[] {
  const checker = program.getTypeChecker();
  const exported = exportedSymbols(checker, sourceFile);
  const isTsx = /\.tsx$/i.test(sourceFile.fileName);
  const isExported = (node: ts.Node, name: ts.Node | undefined): boolean => {
    if (hasModifier(node, ts.SyntaxKind.ExportKeyword)) return true;
    const symbol = name ? checker.getSymbolAtLocation(name) : undefined;
    return symbol !== undefined && exported.has(symbol);
  };
  const overloaded = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && !statement.body && statement.name) overloaded.add(statement.name.text);
  }
  const found = sourceFile.statements.flatMap((statement) => functionsOfStatement(statement, sourceFile, overloaded, isExported));
  return found
    .filter(({ name, node }) => node.body !== undefined && !(isTsx && PASCAL_CASE.test(name)))
    .map(({ name, node, at }) => ({ name, node, line: lineOf(sourceFile, at) }));
}

type FoundFunction = { name: string; node: AnnotatableFunction; at: ts.Node };

/** The exported functions a top-level statement declares. */
function functionsOfStatement(
  statement: ts.Statement,
  sourceFile: ts.SourceFile,
  overloaded: ReadonlySet<string>,
  isExported: (node: ts.Node, name: ts.Node | undefined) => boolean,
): FoundFunction[] {
  if (ts.isFunctionDeclaration(statement) && statement.body) {
    const name = statement.name?.text ?? 'default';
    return !overloaded.has(name) && isExported(statement, statement.name) ? [{ name, node: statement, at: statement.name ?? statement }] : [];
  }
  if (ts.isVariableStatement(statement)) return exportedFunctionVariables(statement).filter((f) => isExported(statement, f.at));
  if (ts.isExportAssignment(statement) && (ts.isArrowFunction(statement.expression) || ts.isFunctionExpression(statement.expression))) {
    return [{ name: 'default', node: statement.expression, at: statement }];
  }
  if (ts.isClassDeclaration(statement) && isExported(statement, statement.name)) return publicMethods(statement, sourceFile);
  return [];
}

/** `const f = () => ...` and `const f = function () {...}` declarators without a declared type. */
function exportedFunctionVariables(statement: ts.VariableStatement): FoundFunction[] {
  const out: FoundFunction[] = [];
  for (const declaration of statement.declarationList.declarations) {
    const init = declaration.initializer;
    if (!ts.isIdentifier(declaration.name) || declaration.type || !init) continue;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) out.push({ name: declaration.name.text, node: init, at: declaration.name });
  }
  return out;
}

/** Public methods and getters of a class (not overload implementations, private or computed names). */
function publicMethods(declaration: ts.ClassDeclaration, sourceFile: ts.SourceFile): FoundFunction[] {
  const className = declaration.name?.text ?? 'default';
  const overloadedMethods = new Set<string>();
  for (const member of declaration.members) {
    if (ts.isMethodDeclaration(member) && !member.body) overloadedMethods.add(member.name.getText(sourceFile));
  }
  const out: FoundFunction[] = [];
  for (const member of declaration.members) {
    if (!ts.isMethodDeclaration(member) && !ts.isGetAccessorDeclaration(member)) continue;
    if (hasModifier(member, ts.SyntaxKind.PrivateKeyword) || hasModifier(member, ts.SyntaxKind.ProtectedKeyword)) continue;
    if (ts.isPrivateIdentifier(member.name) || ts.isComputedPropertyName(member.name)) continue;
    const memberName = member.name.getText(sourceFile);
    if (!overloadedMethods.has(memberName)) out.push({ name: `${className}.${memberName}`, node: member, at: member.name });
  }
  return out;
}

/** Where `: T` goes: right after the parameter list's `)`; null for `x => ...` (no parentheses). */
function closeParenEnd(node: AnnotatableFunction, sourceFile: ts.SourceFile): number | null {
  const paren = node.getChildren(sourceFile).find((child) => child.kind === ts.SyntaxKind.CloseParenToken);
  return paren ? paren.getEnd() : null;
}

/** Why a type should not be written down, or null when it is fine. */
export function unsafeTypeReason(text: string): string | null {
  if (/\bany\b/.test(text)) return `the inferred type \`${shorten(text)}\` contains \`any\` (often from an unresolved type); pinning it would hide the problem`;
  if (/import\(\s*["'][^"']*node_modules/.test(text)) return `the inferred type refers to a package's internal file (\`${shorten(text)}\`); it has no importable name`;
  if (/import\(/.test(text)) return `the inferred type can only be written as an inline \`import("...")\` type: \`${shorten(text)}\``;
  if (text.length > MAX_TYPE_LENGTH) return `the inferred type is ${text.length} characters long (more than ${MAX_TYPE_LENGTH}); an annotation that long is harder to read than the inference`;
  return null;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The named types a type refers to (aliases, interfaces, classes, their type arguments), not anonymous ones. */
function namedSymbols(checker: ts.TypeChecker, type: ts.Type): Set<ts.Symbol> {
  const symbols = new Set<ts.Symbol>();
  const seen = new Set<ts.Type>();
  const visit = (t: ts.Type, depth: number): void => {
    if (seen.has(t) || depth > 6) return;
    seen.add(t);
    for (const symbol of [t.aliasSymbol, t.getSymbol()]) {
      if (!symbol || symbol.flags & (ts.SymbolFlags.TypeLiteral | ts.SymbolFlags.ObjectLiteral | ts.SymbolFlags.TypeParameter)) continue;
      if (symbol.getName().startsWith('__')) continue; // __type, __object, __function: anonymous
      symbols.add(symbol);
    }
    for (const arg of t.aliasTypeArguments ?? []) visit(arg, depth + 1);
    if (t.isUnionOrIntersection()) for (const member of t.types) visit(member, depth + 1);
    if (t.flags & ts.TypeFlags.Object && (t as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
      for (const arg of checker.getTypeArguments(t as ts.TypeReference)) visit(arg, depth + 1);
    }
  };
  visit(type, 0);
  return symbols;
}

/**
 * Why the written type would name something callers or this file cannot name: a declaration of
 * this file the module does not export, or a type of another file that is not in scope here (it
 * could only be written as an inline `import("...")` type). Null when every name is fine.
 */
export function invisibleNameReason(checker: ts.TypeChecker, type: ts.Type, text: string, at: ts.Node, exported: Set<ts.Symbol>): string | null {
  const sourceFile = at.getSourceFile();
  const hidden: string[] = [];
  const outOfScope: string[] = [];
  let inScope: Set<string> | undefined;
  for (const symbol of namedSymbols(checker, type)) {
    const name = symbol.getName();
    // Written bare (not as `ns.Name`): only then must the name itself resolve here.
    if (!new RegExp(`(?<![.\\w$])${name.replace(/[$]/g, '\\$')}(?![\\w$])`).test(text)) continue;
    const local = symbol.declarations?.some((d) => d.getSourceFile() === sourceFile) ?? false;
    if (local) {
      if (!exported.has(symbol)) hidden.push(name);
      continue;
    }
    inScope ??= new Set(checker.getSymbolsInScope(at, ts.SymbolFlags.Type | ts.SymbolFlags.Alias | ts.SymbolFlags.Namespace).map((s) => s.getName()));
    if (!inScope.has(name)) outOfScope.push(name);
  }
  const list = (names: string[]): string => names.map((n) => `\`${n}\``).join(', ');
  if (hidden.length > 0) return `the return type names ${list(hidden)}, which the module does not export; callers could not name it`;
  if (outOfScope.length > 0) {
    return `the return type names ${list(outOfScope)}, which is not imported in this file; it could only be written as an inline \`import("...")\` type`;
  }
  return null;
}

/** The "Add return type" edit of TypeScript's isolatedDeclarations code fix for this function, if offered. */
function codeFixAnnotation(service: ProjectService, fileName: string, fn: AnnotatableFunction, insertAt: number, diagnostics: readonly ts.Diagnostic[]): string | null {
  for (const diagnostic of diagnostics) {
    if (diagnostic.start === undefined || diagnostic.start < fn.pos || diagnostic.start > fn.end) continue;
    let fixes: readonly ts.CodeFixAction[];
    try {
      fixes = service.languageService.getCodeFixesAtPosition(fileName, diagnostic.start, diagnostic.start + (diagnostic.length ?? 0), [diagnostic.code], FORMAT, {});
    } catch {
      continue; // a code fix that throws is TypeScript's problem, not the user's: fall back to the checker
    }
    for (const fix of fixes) {
      if (fix.fixName !== 'add-annotation' || !fix.description.startsWith('Add return type')) continue;
      const changes = fix.changes.flatMap((c) => c.textChanges);
      const only = changes.length === 1 ? changes[0] : undefined;
      if (!only || only.span.start !== insertAt || only.span.length !== 0) continue;
      const match = /^\s*:\s*([\s\S]+)$/.exec(only.newText);
      if (match) return oneLine(match[1]!);
    }
  }
  return null;
}

/**
 * The code fix prints object types over several lines (`{\nx: number;\ny: number;\n}`); an inline
 * annotation reads better on one. Only the line breaks the printer added are touched.
 */
function oneLine(type: string): string {
  if (!type.includes('\n')) return type.trim();
  return type
    .replace(/\{\s*\n\s*/g, '{ ')
    .replace(/;?\s*\n\s*\}/g, ' }')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

const FORMAT: ts.FormatCodeSettings = { ...ts.getDefaultFormatCodeSettings('\n'), semicolons: ts.SemicolonPreference.Insert };

/** The annotation of one exported function, or why it is skipped. */
export function annotateReturnType(
  service: ProjectService,
  relative: string,
  fn: ExportedFunction,
  kind: 'ts' | 'jsdoc',
  diagnostics: readonly ts.Diagnostic[] = [],
): AnnotationOutcome {
  const program = service.program();
  const checker = program.getTypeChecker();
  const sourceFile = fn.node.getSourceFile();
  const skip = (reason: string): AnnotationOutcome => ({ skipped: { name: fn.name, line: fn.line, reason } });
  const signature = checker.getSignatureFromDeclaration(fn.node);
  if (!signature) return skip('TypeScript has no signature for it');
  const returnType = checker.getReturnTypeOfSignature(signature);
  if ((returnType as { intrinsicName?: string }).intrinsicName === 'error') return skip('its return type does not resolve (a type error in the body)');
  const insertAt = kind === 'ts' ? closeParenEnd(fn.node, sourceFile) : null;
  const fromFix = insertAt !== null ? codeFixAnnotation(service, sourceFile.fileName, fn.node, insertAt, diagnostics) : null;
  const chosen = chooseType(checker, signature, returnType, fn.node, fromFix);
  if ('lost' in chosen) return skip(chosen.lost);
  const type = chosen.type;
  const unsafe = unsafeTypeReason(type);
  if (unsafe) return skip(unsafe);
  const invisible = invisibleNameReason(checker, returnType, type, fn.node, exportedSymbols(checker, sourceFile));
  if (invisible) return skip(invisible);
  const edit = kind === 'jsdoc' ? jsDocEdit(relative, fn.node, sourceFile, type) : typeAnnotationEdit(relative, fn.node, sourceFile, insertAt, type);
  if (!edit) return skip(kind === 'jsdoc' ? 'its JSDoc comment already has a @returns tag or cannot be extended' : 'no parameter list to annotate');
  return { annotation: { name: fn.name, line: fn.line, type, viaCodeFix: fromFix !== null, edit } };
}

/**
 * The type to write: the code fix's text when it offered one, else the checker's. TypeScript 5.5+
 * infers type predicates (`(x): x is Foo`); writing only `boolean` would take the narrowing away
 * from callers, so the predicate is what gets written, and a fix text without it is refused.
 */
function chooseType(checker: ts.TypeChecker, signature: ts.Signature, returnType: ts.Type, node: AnnotatableFunction, fromFix: string | null): { type: string } | { lost: string } {
  const predicate = checker.getTypePredicateOfSignature(signature);
  const inferred = predicate ? checker.typePredicateToString(predicate, node, TYPE_FLAGS) : checker.typeToString(returnType, node, TYPE_FLAGS);
  if (fromFix === null) return { type: inferred };
  if (predicate && !/\bis\b/.test(fromFix)) return { lost: `its inferred type predicate \`${inferred}\` would be lost` };
  return { type: fromFix };
}

/** `: T` after the parameter list; `x => ...` gets parentheses first, as a return type needs them. */
function typeAnnotationEdit(relative: string, node: AnnotatableFunction, sourceFile: ts.SourceFile, insertAt: number | null, type: string): TextEdit | null {
  if (insertAt !== null) return { file_path: relative, start: insertAt, end: insertAt, new_code: `: ${type}` };
  const param = ts.isArrowFunction(node) ? node.parameters[0] : undefined;
  if (!param) return null;
  return { file_path: relative, start: param.getStart(sourceFile), end: param.getEnd(), new_code: `(${param.getText(sourceFile)}): ${type}` };
}

/** The node a JSDoc comment of this function is attached to (the `const` statement for `const f = () =>`). */
function jsDocHost(node: AnnotatableFunction): ts.Node {
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent)) {
    const list = node.parent.parent;
    if (ts.isVariableDeclarationList(list) && ts.isVariableStatement(list.parent)) return list.parent;
  }
  return node;
}

/** `@returns {T}` merged into the function's JSDoc block, or a new one-line block above it. */
function jsDocEdit(relative: string, node: AnnotatableFunction, sourceFile: ts.SourceFile, type: string): TextEdit | null {
  const host = jsDocHost(node);
  const docs = (host as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  const doc = docs[docs.length - 1];
  const text = sourceFile.text;
  const hostStart = host.getStart(sourceFile);
  const lineStart = text.lastIndexOf('\n', hostStart - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  if (!doc) return { file_path: relative, start: lineStart, end: lineStart, new_code: `${indent}/** @returns {${type}} */\n` };
  if (doc.tags?.some((tag) => tag.tagName.text === 'returns' || tag.tagName.text === 'return')) return null;
  const docText = text.slice(doc.pos, doc.end);
  if (!docText.endsWith('*/')) return null;
  if (!docText.includes('\n')) {
    // `/** @param {number} n */` becomes a block, one tag per line.
    const body = docText.slice(3, -2).trim();
    return { file_path: relative, start: doc.pos, end: doc.end, new_code: `/**\n${indent} * ${body}\n${indent} * @returns {${type}}\n${indent} */` };
  }
  const closeLineStart = text.lastIndexOf('\n', doc.end - 1) + 1;
  return { file_path: relative, start: closeLineStart, end: closeLineStart, new_code: `${indent} * @returns {${type}}\n` };
}

/** isolatedDeclarations diagnostics of a file that may carry an "Add return type" fix. */
export function annotationDiagnostics(service: ProjectService, relative: string): ts.Diagnostic[] {
  if (!service.options.isolatedDeclarations) return [];
  return service.languageService.getSemanticDiagnostics(service.absolute(relative)).filter((d) => ANNOTATION_DIAGNOSTICS.has(d.code));
}
