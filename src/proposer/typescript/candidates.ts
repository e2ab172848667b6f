// Turns TypeScript's answers into candidate changes, one per file: all return-type annotations of a
// file in one candidate (so `add-types src/` gives one proposal per file), unused-import removal as
// another. Each candidate is re-type-checked in memory before it is handed on: a change that would
// add a type error is dropped with the error as its reason.
import ts from 'typescript';
import { applyTextEdits, type TextEdit } from '../edits.js';
import { declined, type FixCandidate, type FixContext, type FixOutcome } from '../fixers/types.js';
import { createProjectService, type ProjectService } from './project.js';
import {
  ANNOTATION_FIX_OPTIONS,
  annotateReturnType,
  annotationDiagnostics,
  annotationKind,
  exportedFunctionsWithoutReturnType,
  type ReturnTypeAnnotation,
  type Skipped,
} from './return-types.js';
import { UNUSED_IMPORT_OPTIONS, findUnusedImports } from './unused-imports.js';
import { PARAM_TYPE_OPTIONS, importersOf, parameterAnnotations, type ParamTypeAnnotation } from './param-types.js';

/** Diagnostics that only exist because of the options the fix service adds; ignored when comparing. */
const OVERRIDE_ONLY_CODES = new Set([6133, 6138, 6192, 6196, 6198, 6199, 6205]);
const isOverrideOnly = (code: number): boolean => OVERRIDE_ONLY_CODES.has(code) || (code >= 9005 && code <= 9039);

/**
 * The service the type fixes need: the project's own options plus isolatedDeclarations (for
 * TypeScript's "add return type" fix) and noUnusedLocals (for its unused-import fix); with `params`
 * also noImplicitAny (for its "infer parameter types from usage" fix; only then, as it changes how
 * some return types are inferred in a project that has it off). Build it once per run and pass it
 * to every call.
 */
export function createTypeFixService(root: string, options: { params?: boolean } = {}): ProjectService {
  const params = options.params ? PARAM_TYPE_OPTIONS : {};
  return createProjectService(root, { overrides: { ...ANNOTATION_FIX_OPTIONS, ...UNUSED_IMPORT_OPTIONS, ...params } });
}

export interface TypeCandidateOptions {
  /** Also propose removing unused imports (a separate candidate per file). Default false. */
  unusedImports?: boolean;
  /**
   * Also propose parameter types inferred from usage (a separate, unsafe candidate per file). The
   * service must be built with `createTypeFixService(root, { params: true })`. Default false.
   */
  params?: boolean;
  /** A service built before (reused across calls); otherwise one is built and disposed. */
  service?: ProjectService;
}

export interface FileTypeResult {
  file: string;
  candidate?: FixCandidate;
  /** Annotations the candidate holds. */
  annotations: ReturnTypeAnnotation[];
  /** Unused-import removal of the file, when asked for and found. */
  importsCandidate?: FixCandidate;
  /** Parameter types inferred from usage, when asked for and found. */
  paramsCandidate?: FixCandidate;
  paramAnnotations?: ParamTypeAnnotation[];
  skipped: Skipped[];
}

/** Errors of a file as `code:message` keys, with counts, ignoring those only the fix options cause. */
function errorKeys(service: ProjectService, relative: string): Map<string, number> {
  const fileName = service.absolute(relative);
  const keys = new Map<string, number>();
  const all = [...service.languageService.getSyntacticDiagnostics(fileName), ...service.languageService.getSemanticDiagnostics(fileName)];
  for (const d of all) {
    if (d.category !== ts.DiagnosticCategory.Error || isOverrideOnly(d.code)) continue;
    const key = `${d.code}:${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    keys.set(key, (keys.get(key) ?? 0) + 1);
  }
  return keys;
}

/**
 * Type-checks `edits` applied to the file in memory. Returns the first new error, or null when the
 * change adds none. `alsoCheck` (root-relative files, e.g. the file's importers) must gain no new
 * error either; theirs are reported as `file: TSnnnn: ...`. The text the service saw before (on
 * disk or in memory) is restored afterwards.
 */
export function newTypeError(service: ProjectService, relative: string, edits: readonly TextEdit[], alsoCheck: readonly string[] = []): string | null {
  const before = service.getFileText(relative);
  if (before === undefined) return `${relative}: not readable`;
  const wasReplaced = service.isFileTextReplaced(relative);
  const files = [relative, ...alsoCheck.filter((f) => f !== relative)];
  const baselines = files.map((file) => errorKeys(service, file));
  service.setFileText(relative, applyTextEdits(before, edits));
  try {
    for (const [index, file] of files.entries()) {
      for (const [key, count] of errorKeys(service, file)) {
        if (count > (baselines[index]!.get(key) ?? 0)) return `${index === 0 ? '' : `${file}: `}${key.replace(/^(\d+):/, 'TS$1: ')}`;
      }
    }
    return null;
  } finally {
    if (wasReplaced) service.setFileText(relative, before);
    else service.resetFileText(relative);
  }
}

const lineOfText = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** The annotations one file gets, checked together, and what was skipped. */
export function fileAnnotations(service: ProjectService, relative: string): { annotations: ReturnTypeAnnotation[]; skipped: Skipped[] } {
  const text = service.getFileText(relative);
  const sourceFile = service.program().getSourceFile(service.absolute(relative));
  if (text === undefined || !sourceFile) return { annotations: [], skipped: [] };
  const kind = annotationKind(service, relative, text);
  if (!kind) return { annotations: [], skipped: [] };
  const functions = exportedFunctionsWithoutReturnType(service.program(), sourceFile);
  if (functions.length === 0) return { annotations: [], skipped: [] };
  // Type-checking the file (for the code fix's diagnostics) is the slow part: only when needed.
  const diagnostics = kind === 'ts' ? annotationDiagnostics(service, relative) : [];
  const annotations: ReturnTypeAnnotation[] = [];
  const skipped: Skipped[] = [];
  for (const fn of functions) {
    const outcome = annotateReturnType(service, relative, fn, kind, diagnostics);
    if ('skipped' in outcome) skipped.push(outcome.skipped);
    else annotations.push(outcome.annotation);
  }
  if (annotations.length === 0) return { annotations, skipped };
  // Checked together first (the common case, one type-check); on a new error, one by one.
  if (newTypeError(service, relative, annotations.map((a) => a.edit)) === null) return { annotations, skipped };
  const kept: ReturnTypeAnnotation[] = [];
  for (const annotation of annotations) {
    const error = newTypeError(service, relative, [...kept.map((a) => a.edit), annotation.edit]);
    if (error === null) kept.push(annotation);
    else skipped.push({ name: annotation.name, line: lineOfText(text, annotation.edit.start), reason: `the annotation \`${annotation.type}\` would not type-check: ${error}` });
  }
  return { annotations: kept, skipped };
}

/** One candidate holding every annotation of a file. */
export function annotationCandidate(relative: string, annotations: readonly ReturnTypeAnnotation[], kind: 'ts' | 'jsdoc'): FixCandidate {
  const first = annotations[0]!;
  const what = kind === 'jsdoc' ? 'JSDoc @returns type' : 'return type';
  const title =
    annotations.length === 1
      ? `Add ${what} to exported function \`${first.name}\``
      : `Add ${what}s to ${annotations.length} exported functions in ${relative}`;
  const list = annotations.map((a) => `- \`${a.name}\` (line ${a.line}): \`${a.type}\``).join('\n');
  const engine = annotations.every((a) => a.viaCodeFix)
    ? "TypeScript's own \"add return type\" code fix"
    : annotations.some((a) => a.viaCodeFix)
      ? "TypeScript's \"add return type\" code fix and the checker's inferred return types"
      : "the return types TypeScript's checker infers";
  return {
    title,
    description: `Writes down the return type TypeScript already infers for each exported function of ${relative} (from ${engine}):\n${list}`,
    edits: annotations.map((a) => a.edit),
    // Types are erased at run time and each annotation equals the inferred type: behaviour cannot change.
    safety: 'safe',
    category: 'types',
    rationale:
      'An exported function without a return type lets any change to its body silently change the contract its callers compile against; writing the inferred type down makes that contract explicit and checked.',
    benefits: [
      'The API of the module is explicit and reviewable in the source',
      'A change in the body that alters the return type becomes a type error at the function instead of at distant call sites',
      'Faster type-checking and declaration emit (isolatedDeclarations-ready)',
    ],
    risks: ['The annotation pins the current inferred type; later changes to the body must keep it or change the annotation deliberately'],
    test_strategy: 'Type-check the project (tsc --noEmit): the annotations equal the inferred types, so no new errors may appear; the compiled JavaScript is unchanged.',
    test_cases: [{ name: 'type-check passes', description: 'tsc --noEmit reports no new errors in the changed file' }],
    estimated_effort: 'trivial',
  };
}

/**
 * The parameter annotations of a file that add no type error to it nor to the files importing it:
 * checked together first (one type-check), on a new error one function at a time.
 */
export function checkedParameterAnnotations(service: ProjectService, relative: string): { annotations: ParamTypeAnnotation[]; skipped: Skipped[]; importers: string[] } {
  const { annotations, skipped } = parameterAnnotations(service, relative);
  if (annotations.length === 0) return { annotations, skipped, importers: [] };
  const importers = importersOf(service, relative);
  if (newTypeError(service, relative, annotations.map((a) => a.edit), importers) === null) return { annotations, skipped, importers };
  const kept: ParamTypeAnnotation[] = [];
  for (const annotation of annotations) {
    const error = newTypeError(service, relative, [...kept.map((a) => a.edit), annotation.edit], importers);
    if (error === null) kept.push(annotation);
    else skipped.push({ name: annotation.name, line: annotation.line, reason: `the parameter types ${paramList(annotation)} would not type-check: ${error}` });
  }
  return { annotations: kept, skipped, importers };
}

const paramList = (a: ParamTypeAnnotation): string => a.params.map((p) => `\`${p.name}: ${p.type}\``).join(', ');

/**
 * One candidate holding every parameter annotation of a file. Unsafe: an annotation narrows what
 * callers may pass (from `any` to the type the body's usage implies), so a person decides.
 */
export function parameterTypesCandidate(relative: string, annotations: readonly ParamTypeAnnotation[], kind: 'ts' | 'jsdoc', importers: readonly string[] = []): FixCandidate {
  const first = annotations[0]!;
  const what = kind === 'jsdoc' ? 'JSDoc @param types' : 'parameter types';
  const title =
    annotations.length === 1
      ? `Add ${what} inferred from usage to exported function \`${first.name}\``
      : `Add ${what} inferred from usage to ${annotations.length} exported functions in ${relative}`;
  const list = annotations.map((a) => `- \`${a.name}\` (line ${a.line}): ${paramList(a)}`).join('\n');
  const checked = importers.length > 0 ? `${relative} and the ${importers.length} file(s) importing it (${importers.join(', ')})` : relative;
  return {
    title,
    description: `Writes down the parameter types TypeScript infers from how each exported function of ${relative} uses its parameters (TypeScript's own "infer parameter types from usage" code fix):\n${list}\n\nChecked: ${checked} type-check with the annotations.`,
    edits: annotations.map((a) => a.edit),
    // A parameter that was `any` accepts everything; the annotation rejects what does not fit the
    // usage TypeScript saw. Callers outside the project (or untyped JavaScript ones) may break.
    safety: 'unsafe',
    category: 'types',
    rationale:
      'A parameter without a type is `any`: nothing checks what callers pass or how the body uses it. The types the body already relies on, written down, make that contract checked at every call site.',
    benefits: [
      'Callers that pass a wrong value get a type error at the call instead of a failure at run time',
      'The body is type-checked against the declared parameter types instead of `any`',
      'The API of the module is explicit and reviewable in the source',
    ],
    risks: [
      'The annotation narrows what callers may pass: callers elsewhere (other packages, files outside this project, untyped JavaScript) may stop compiling',
      'The type is inferred from usage, not from intent: a parameter meant to accept more (a union, a wider object) is pinned to what the body uses today',
    ],
    test_strategy: `Type-check the project (tsc --noEmit), including every caller of the changed functions; the compiled JavaScript is unchanged (types are erased), so run-time behaviour is the same.`,
    test_cases: [{ name: 'type-check passes', description: `tsc --noEmit reports no new errors in ${checked}` }],
    estimated_effort: 'small',
  };
}

/** Removal of a file's unused imports, safe only when nothing that runs is removed. */
export function unusedImportsCandidate(service: ProjectService, relative: string): { candidate: FixCandidate } | { skipped: string } | null {
  const removals = findUnusedImports(service, relative, service.program().getTypeChecker());
  if (removals.length === 0) return null;
  const edits = removals.flatMap((r) => r.edits);
  const error = newTypeError(service, relative, edits);
  if (error) return { skipped: `removing the unused imports would not type-check: ${error}` };
  // Dropping a whole value import stops this file from loading that module: its side effects on
  // load (registrations, polyfills) could then no longer happen. A person decides that.
  const loadsLess = removals.filter((r) => r.wholeDeclaration && !r.typeOnly);
  const names = removals.flatMap((r) => r.names.map((n) => `\`${n}\` from '${r.module}'`));
  const candidate: FixCandidate = {
    title: `Remove ${names.length === 1 ? 'an unused import' : `${names.length} unused imports`} in ${relative}`,
    description: `Removes imports nothing in ${relative} uses (TypeScript's "remove unused declaration" fix): ${names.join(', ')}.`,
    edits,
    safety: loadsLess.length === 0 ? 'safe' : 'unsafe',
    category: 'quality',
    rationale: 'Unused imports mislead readers about dependencies and keep modules in the import graph for no reason.',
    benefits: ['Imports show what the file really depends on', 'Smaller import graph for bundlers and import-cycle checks'],
    risks:
      loadsLess.length === 0
        ? ['None at run time: only type imports or some names of a still-loaded module are removed']
        : loadsLess.map((r) => `'${r.module}' is no longer loaded by this file; if loading it has side effects, they no longer happen here`),
    test_strategy: 'Type-check and run the tests: nothing in the file referred to the removed names.',
    estimated_effort: 'trivial',
  };
  return { candidate };
}

/**
 * Candidates for the files (root-relative): per file one candidate with all its annotations, an
 * optional unused-import candidate, and what was skipped with reasons.
 */
export function typeCandidates(root: string, files: readonly string[], options: TypeCandidateOptions = {}): FileTypeResult[] {
  const service = options.service ?? createTypeFixService(root, { params: options.params });
  try {
    return files.map((file) => {
      const text = service.getFileText(file) ?? '';
      const kind = annotationKind(service, file, text);
      if (!kind) return { file, annotations: [], skipped: [] };
      if (!service.program().getSourceFile(service.absolute(file))) {
        const where = service.configFile ?? 'the default compiler options';
        return { file, annotations: [], skipped: [{ name: '(file)', line: 1, reason: `not part of the TypeScript project (${where} does not include it)` }] };
      }
      const { annotations, skipped } = fileAnnotations(service, file);
      const result: FileTypeResult = { file, annotations, skipped };
      if (annotations.length > 0) result.candidate = annotationCandidate(file, annotations, kind);
      if (options.unusedImports && kind === 'ts') {
        const imports = unusedImportsCandidate(service, file);
        if (imports && 'skipped' in imports) skipped.push({ name: 'unused imports', line: 1, reason: imports.skipped });
        else if (imports) result.importsCandidate = imports.candidate;
      }
      if (options.params) {
        const params = checkedParameterAnnotations(service, file);
        skipped.push(...params.skipped);
        if (params.annotations.length > 0) {
          result.paramAnnotations = params.annotations;
          result.paramsCandidate = parameterTypesCandidate(file, params.annotations, kind, params.importers);
        }
      }
      return result;
    });
  } finally {
    if (!options.service) service.dispose();
  }
}

/**
 * The fix for one `missing-return-type` finding: the annotation of the function at the finding's
 * location. Pass a service from `createTypeFixService` (built once per run).
 */
export function fixMissingReturnType(service: ProjectService, ctx: FixContext): FixOutcome {
  const relative = ctx.filePath;
  // The finding was made against `ctx.source`; the service sees that text while deciding, and the
  // disk text again afterwards.
  const replaced = service.getFileText(relative) !== ctx.source;
  if (replaced) service.setFileText(relative, ctx.source);
  try {
    return missingReturnTypeOutcome(service, ctx);
  } finally {
    if (replaced) service.resetFileText(relative);
  }
}

function missingReturnTypeOutcome(service: ProjectService, ctx: FixContext): FixOutcome {
  const relative = ctx.filePath;
  const sourceFile = service.program().getSourceFile(service.absolute(relative));
  if (!sourceFile) return declined(`${relative} is not part of the TypeScript project (${service.configFile ?? 'default options'})`);
  const kind = annotationKind(service, relative, ctx.source);
  if (!kind) return declined(`${relative} is not a TypeScript file or a type-checked JavaScript file`);
  const line = ctx.finding.line_number;
  const functions = exportedFunctionsWithoutReturnType(service.program(), sourceFile);
  const lineSpan = (f: (typeof functions)[number]): [number, number] => [
    sourceFile.getLineAndCharacterOfPosition(f.node.getStart(sourceFile)).line + 1,
    sourceFile.getLineAndCharacterOfPosition(f.node.getEnd()).line + 1,
  ];
  // The finding points at the function's head; a shifted line still falls inside the function.
  const fn = functions.find((f) => f.line === line) ?? functions.find((f) => lineSpan(f)[0] <= line && line <= lineSpan(f)[1]);
  if (!fn) return declined(`no exported function without a return type at ${relative}:${line}`);
  const outcome = annotateReturnType(service, relative, fn, kind, kind === 'ts' ? annotationDiagnostics(service, relative) : []);
  if ('skipped' in outcome) return declined(outcome.skipped.reason);
  const error = newTypeError(service, relative, [outcome.annotation.edit]);
  if (error) return declined(`the annotation \`${outcome.annotation.type}\` would not type-check: ${error}`);
  return { candidates: [annotationCandidate(relative, [outcome.annotation], kind)] };
}
