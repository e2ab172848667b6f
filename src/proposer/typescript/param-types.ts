// Parameter types of exported functions inferred from how the body (and the project's callers) use
// them: TypeScript's own "infer parameter types from usage" code fix (fixName `inferFromUsage`),
// the one editors offer on "Parameter 'x' implicitly has an 'any' type" under noImplicitAny. In
// .ts/.tsx files it writes `: T` after each parameter; in type-checked .js files a JSDoc `@param`.
// Unlike a return type, a parameter type NARROWS what callers may pass, so every such change is
// for a person to decide. Types that would not be safe to write down are skipped with a reason,
// by the same checks the return types use (any, overlong, names callers cannot name).
import path from 'node:path';
import ts from 'typescript';
import { applyTextEdits, type TextEdit } from '../edits.js';
import type { ProjectService } from './project.js';
import {
  annotationKind,
  exportedFunctions,
  exportedSymbols,
  invisibleNameReason,
  unsafeTypeReason,
  type ExportedFunction,
  type Skipped,
} from './return-types.js';

/** Compiler options under which TypeScript reports untyped parameters (and so offers the fix). */
export const PARAM_TYPE_OPTIONS: ts.CompilerOptions = { noImplicitAny: true };

/** "Parameter implicitly has an 'any' type" (7006), its rest (7019) and destructured (7031) forms. */
const IMPLICIT_ANY_CODES = new Set([7006, 7019, 7031]);

const FORMAT: ts.FormatCodeSettings = { ...ts.getDefaultFormatCodeSettings('\n'), semicolons: ts.SemicolonPreference.Insert };

export interface ParamType {
  /** The parameter's name. */
  name: string;
  /** The type as written, e.g. `{ x: number; y: number; }`. */
  type: string;
}

export interface ParamTypeAnnotation {
  /** The function's name (`Class.method` for methods). */
  name: string;
  line: number;
  params: ParamType[];
  /** One edit per function: the fix's changes merged (TypeScript may add parentheses around `x =>`). */
  edit: TextEdit;
}

export type ParamOutcome = { annotation: ParamTypeAnnotation | null; skipped: Skipped[] };

type Change = { start: number; end: number; text: string };

/** The untyped-parameter diagnostics of a file (the service must have noImplicitAny on). */
export function implicitAnyDiagnostics(service: ProjectService, relative: string): ts.Diagnostic[] {
  // noImplicitAny defaults to `strict`; without either there are no such diagnostics to fix.
  if (!(service.options.noImplicitAny ?? service.options.strict)) return [];
  return service.languageService.getSemanticDiagnostics(service.absolute(relative)).filter((d) => IMPLICIT_ANY_CODES.has(d.code) && d.start !== undefined);
}

/** Whether some parameter of the function lacks a type (and has no default value to infer it from). */
function hasUntypedParameter(fn: ExportedFunction): boolean {
  return fn.node.parameters.some((p) => !p.type && !p.initializer);
}

/** The "Infer parameter types from usage" fix TypeScript offers for a diagnostic, as plain changes. */
function inferFromUsageChanges(service: ProjectService, fileName: string, diagnostic: ts.Diagnostic): { changes: Change[]; otherFiles: boolean } | null {
  let fixes: readonly ts.CodeFixAction[];
  try {
    fixes = service.languageService.getCodeFixesAtPosition(fileName, diagnostic.start!, diagnostic.start! + (diagnostic.length ?? 0), [diagnostic.code], FORMAT, {});
  } catch {
    return null; // a code fix that throws is TypeScript's problem, not the user's: no proposal
  }
  const fix = fixes.find((f) => f.fixName === 'inferFromUsage');
  if (!fix) return null;
  const changes = fix.changes
    .filter((c) => c.fileName === fileName)
    .flatMap((c) => c.textChanges.map((t) => ({ start: t.span.start, end: t.span.start + t.span.length, text: t.newText })));
  return { changes, otherFiles: fix.changes.some((c) => c.fileName !== fileName) };
}

/** Identifier names a type text refers to (`Cfg` in `Cfg[]`), for the "needs an import" reason. */
function typeNamesIn(text: string): string[] {
  const source = ts.createSourceFile('t.ts', `type T = ${text};`, ts.ScriptTarget.Latest, false);
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node)) names.add(ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.getText(source));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...names];
}

/** The types of a JSDoc block the fix wrote: `@param {T} name` lines. */
function jsDocParamTypes(text: string): ParamType[] {
  return [...text.matchAll(/@param\s+\{([^}]*)\}\s+\[?([\w$.]+)/g)].map((m) => ({ name: m[2]!, type: m[1]!.trim() }));
}

/** The parameter a `: T` insertion annotates (it is inserted right after the parameter's name or `?`). */
function parameterAt(fn: ExportedFunction, offset: number, sourceFile: ts.SourceFile): ts.ParameterDeclaration | undefined {
  return fn.node.parameters.find((p) => p.name.getEnd() === offset || (p.questionToken !== undefined && p.questionToken.getEnd() === offset) || (p.getStart(sourceFile) <= offset && offset <= p.getEnd()));
}

/** Merges the changes of one function into one edit over the span they cover. */
function mergedEdit(relative: string, text: string, changes: readonly Change[]): TextEdit {
  const start = Math.min(...changes.map((c) => c.start));
  const end = Math.max(...changes.map((c) => c.end));
  const local = changes.map((c) => ({ start: c.start - start, end: c.end - start, new_code: c.text }));
  return { file_path: relative, start, end, new_code: applyTextEdits(text.slice(start, end), local) };
}

/**
 * The parameter annotations of one exported function, or why (some of) its parameters are skipped.
 * `diagnostics` are the file's untyped-parameter diagnostics (`implicitAnyDiagnostics`). Names the
 * module does not export are checked afterwards, for the whole file at once (`parameterAnnotations`).
 */
export function annotateParameters(service: ProjectService, relative: string, fn: ExportedFunction, kind: 'ts' | 'jsdoc', diagnostics: readonly ts.Diagnostic[]): ParamOutcome {
  if (!hasUntypedParameter(fn)) return { annotation: null, skipped: [] };
  const fix = functionFix(service, fn, kind, diagnostics);
  if (fix === null) return { annotation: null, skipped: [] };
  if ('reason' in fix) return { annotation: null, skipped: [{ name: fn.name, line: fn.line, reason: fix.reason }] };
  return kind === 'jsdoc' ? jsDocOutcome(relative, fn, fix.changes) : typeScriptOutcome(relative, fn, fix.changes);
}

/**
 * TypeScript's fix for the function's untyped parameters, as changes inside the function's head
 * (or its JSDoc block); a reason when it offers none or would change more; null without diagnostics.
 */
function functionFix(service: ProjectService, fn: ExportedFunction, kind: 'ts' | 'jsdoc', diagnostics: readonly ts.Diagnostic[]): { changes: Change[] } | { reason: string } | null {
  const sourceFile = fn.node.getSourceFile();
  const inParams = (d: ts.Diagnostic): boolean => fn.node.parameters.some((p) => p.getStart(sourceFile) <= d.start! && d.start! < p.getEnd());
  const own = diagnostics.filter(inParams);
  if (own.length === 0) return null;
  // The fix annotates every parameter of the function at once: the first diagnostic that offers it is enough.
  let found: { changes: Change[]; otherFiles: boolean } | null = null;
  for (const diagnostic of own) {
    found = inferFromUsageChanges(service, sourceFile.fileName, diagnostic);
    if (found) break;
  }
  if (!found || found.changes.length === 0) {
    const destructured = fn.node.parameters.some((p) => !p.type && !ts.isIdentifier(p.name));
    return { reason: destructured ? 'TypeScript infers no types for destructured parameters' : 'TypeScript offers no type inferred from usage' };
  }
  if (found.otherFiles) return { reason: 'the inferred types would also change other files' };
  // Where the edits may go: the parameter list (and parentheses around `x =>`), or, in JavaScript,
  // the function's JSDoc block above it. Anything else is an import the fix adds.
  const headStart = kind === 'jsdoc' ? jsDocRegionStart(fn.node, sourceFile) : fn.node.getStart(sourceFile);
  const headEnd = fn.node.body ? fn.node.body.getStart(sourceFile) : fn.node.getEnd();
  if (found.changes.every((c) => c.start >= headStart && c.end <= headEnd)) return { changes: found.changes };
  const names = found.changes.filter((c) => /^\s*:/.test(c.text)).flatMap((c) => typeNamesIn(c.text.replace(/^\s*:\s*/, '')));
  const missing = names.filter((n) => !inScope(service, fn.node, n));
  const list = (missing.length > 0 ? missing : names).map((n) => `\`${n}\``).join(', ');
  return { reason: `the parameter types name ${list || 'a type'}, which is not imported in this file; TypeScript's fix would add an import` };
}

const fromUsage = (reason: string): string => reason.replace('the inferred type', 'the type inferred from usage');

/** TypeScript: one `: T` per parameter (unsafe ones dropped); the other changes are the parentheses `x =>` needs. */
function typeScriptOutcome(relative: string, fn: ExportedFunction, changes: readonly Change[]): ParamOutcome {
  const sourceFile = fn.node.getSourceFile();
  const skipped: Skipped[] = [];
  const typed: Array<{ change: Change; param: ts.ParameterDeclaration; type: string }> = [];
  const other: Change[] = [];
  for (const change of changes) {
    const match = /^\s*:\s*([\s\S]+)$/.exec(change.text);
    const param = match ? parameterAt(fn, change.start, sourceFile) : undefined;
    if (match && param) typed.push({ change, param, type: match[1]!.trim() });
    else other.push(change);
  }
  const kept = typed.filter(({ param, type }) => {
    const reason = unsafeTypeReason(type);
    if (reason) skipped.push({ name: `${fn.name}(${param.name.getText(sourceFile)})`, line: fn.line, reason: fromUsage(reason) });
    return reason === null;
  });
  if (kept.length === 0) return { annotation: null, skipped };
  // In the fix's own order: `(`, `: number`, `)` at one offset must stay in that order.
  const keptChanges = new Set<Change>([...other, ...kept.map((k) => k.change)]);
  const edit = mergedEdit(relative, sourceFile.text, changes.filter((c) => keptChanges.has(c)));
  const annotation: ParamTypeAnnotation = { name: fn.name, line: fn.line, params: kept.map((k) => ({ name: k.param.name.getText(sourceFile), type: k.type })), edit };
  return { annotation, skipped };
}

/** JavaScript: the fix rewrites the JSDoc block; all its `@param` types must be safe, or none is written. */
function jsDocOutcome(relative: string, fn: ExportedFunction, changes: readonly Change[]): ParamOutcome {
  const sourceFile = fn.node.getSourceFile();
  const untyped = new Set(fn.node.parameters.filter((p) => !p.type).map((p) => p.name.getText(sourceFile)));
  const params = changes.flatMap((c) => jsDocParamTypes(c.text)).filter((p) => untyped.has(p.name));
  if (params.length === 0) return { annotation: null, skipped: [{ name: fn.name, line: fn.line, reason: 'TypeScript offers no type inferred from usage' }] };
  for (const p of params) {
    const reason = unsafeTypeReason(p.type);
    if (reason) {
      const whole = `${fromUsage(reason)} (the JSDoc block is written whole, so the function is skipped)`;
      return { annotation: null, skipped: [{ name: `${fn.name}(${p.name})`, line: fn.line, reason: whole }] };
    }
  }
  const annotation: ParamTypeAnnotation = { name: fn.name, line: fn.line, params, edit: mergedEdit(relative, sourceFile.text, changes) };
  return { annotation, skipped: [] };
}

/** Start of the JSDoc block the fix may rewrite: the comments above the function (or its `const`). */
function jsDocRegionStart(node: ts.Node, sourceFile: ts.SourceFile): number {
  let host: ts.Node = node;
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent) && ts.isVariableStatement(node.parent.parent.parent)) {
    host = node.parent.parent.parent;
  }
  return host.getFullStart() + (sourceFile.text.slice(host.getFullStart(), host.getStart(sourceFile)).search(/\S|$/));
}

function inScope(service: ProjectService, at: ts.Node, name: string): boolean {
  const checker = service.program().getTypeChecker();
  const first = name.split('.')[0]!;
  return checker.getSymbolsInScope(at, ts.SymbolFlags.Type | ts.SymbolFlags.Alias | ts.SymbolFlags.Namespace).some((s) => s.getName() === first);
}

/**
 * Drops the functions whose written parameter types name a declaration of this file the module
 * does not export (callers could not name it). Checked once on the edited text, where the types
 * resolve; the service sees the file as before afterwards.
 */
function withoutHiddenNames(service: ProjectService, relative: string, annotations: readonly ParamTypeAnnotation[]): { annotations: ParamTypeAnnotation[]; skipped: Skipped[] } {
  const before = service.getFileText(relative)!;
  const wasReplaced = service.isFileTextReplaced(relative);
  const hidden = new Map<ParamTypeAnnotation, Skipped[]>();
  service.setFileText(relative, applyTextEdits(before, annotations.map((a) => a.edit)));
  try {
    const program = service.program();
    const checker = program.getTypeChecker();
    const sourceFile = program.getSourceFile(service.absolute(relative))!;
    const exported = exportedSymbols(checker, sourceFile);
    const functions = exportedFunctions(program, sourceFile);
    for (const annotation of annotations) {
      const fn = functions.find((f) => f.name === annotation.name);
      for (const param of fn?.node.parameters ?? []) {
        const name = param.name.getText(sourceFile);
        const written = annotation.params.find((p) => p.name === name);
        const typeNode = written ? (param.type ?? ts.getJSDocType(param)) : undefined;
        if (!written || !typeNode) continue;
        const reason = invisibleNameReason(checker, checker.getTypeFromTypeNode(typeNode), written.type, fn!.node, exported);
        if (!reason) continue;
        const list = hidden.get(annotation) ?? [];
        list.push({ name: `${annotation.name}(${name})`, line: annotation.line, reason: reason.replace('the return type', 'the parameter type') });
        hidden.set(annotation, list);
      }
    }
  } finally {
    if (wasReplaced) service.setFileText(relative, before);
    else service.resetFileText(relative);
  }
  // The fix's edit covers the whole parameter list: with one parameter out, the function is skipped.
  return { annotations: annotations.filter((a) => !hidden.has(a)), skipped: [...hidden.values()].flat() };
}

/** Root-relative project files that import `relative` (their calls may stop compiling). */
export function importersOf(service: ProjectService, relative: string): string[] {
  const program = service.program();
  const checker = program.getTypeChecker();
  const target = program.getSourceFile(service.absolute(relative));
  if (!target) return [];
  const out: string[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile === target || sourceFile.isDeclarationFile || /[\\/]node_modules[\\/]/.test(sourceFile.fileName)) continue;
    const imports = sourceFile.statements.some((statement) => {
      const specifier = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
      const symbol = specifier ? checker.getSymbolAtLocation(specifier) : undefined;
      return symbol?.declarations?.some((d) => d.getSourceFile() === target) ?? false;
    });
    if (imports) out.push(path.relative(service.root, sourceFile.fileName).split(path.sep).join('/'));
  }
  return out.sort();
}

/**
 * The parameter annotations of a file's exported functions and what was skipped. Not yet
 * type-checked: `checkedParameterAnnotations` (candidates.ts) checks the file and its importers.
 */
export function parameterAnnotations(service: ProjectService, relative: string): { annotations: ParamTypeAnnotation[]; skipped: Skipped[] } {
  const text = service.getFileText(relative);
  const sourceFile = service.program().getSourceFile(service.absolute(relative));
  if (text === undefined || !sourceFile) return { annotations: [], skipped: [] };
  const kind = annotationKind(service, relative, text);
  if (!kind) return { annotations: [], skipped: [] };
  const functions = exportedFunctions(service.program(), sourceFile).filter(hasUntypedParameter);
  if (functions.length === 0) return { annotations: [], skipped: [] };
  const diagnostics = implicitAnyDiagnostics(service, relative);
  const annotations: ParamTypeAnnotation[] = [];
  const skipped: Skipped[] = [];
  for (const fn of functions) {
    const outcome = annotateParameters(service, relative, fn, kind, diagnostics);
    skipped.push(...outcome.skipped);
    if (outcome.annotation) annotations.push(outcome.annotation);
  }
  if (annotations.length === 0) return { annotations, skipped };
  const visible = withoutHiddenNames(service, relative, annotations);
  return { annotations: visible.annotations, skipped: [...skipped, ...visible.skipped] };
}
