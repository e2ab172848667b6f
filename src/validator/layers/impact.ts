// Layer 4, impact: exported declarations whose signature the change alters, with every call site
// across the project (TypeScript's find-references on the unchanged program), packages the change
// adds, and changed files under the configured core paths. Impact informs the policy; it fails
// only for what it cannot have wrong (it never rejects by itself).
import picomatch from 'picomatch';
import ts from 'typescript';
import type { CallSite, ImpactAnalysis } from '../../models/validation.js';
import { breakingExportChanges } from '../../proposer/exports.js';
import { SOURCE_FILE, type LayerContext, type LayerOutcome } from '../context.js';
import type { ProjectHost } from '../ts-host.js';
import { addedImports, declaredPackages, isBuiltin, packageName } from './syntax.js';

export interface ImpactOutcome extends LayerOutcome {
  impact: ImpactAnalysis;
}

const MAX_CALL_SITES = 200;

/** The declaration name node of an export (`name` or `Class.member`) in the program's current text. */
function exportNameNode(host: ProjectHost, rel: string, exportName: string): ts.Node | undefined {
  const program = host.program();
  const sf = program.getSourceFile(host.fileName(rel));
  if (!sf) return undefined;
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  if (!moduleSymbol) return undefined;
  const [head, ...rest] = exportName.split('.');
  let symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === head);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const member = rest.join('.').replace(/^static /, '');
  if (symbol && member) {
    const memberSymbol = symbol.members?.get(ts.escapeLeadingUnderscores(member)) ?? symbol.exports?.get(ts.escapeLeadingUnderscores(member));
    symbol = memberSymbol;
  }
  const decl = symbol?.declarations?.[0];
  if (!decl) return undefined;
  return ts.getNameOfDeclaration(decl) ?? decl;
}

/** References to an export outside its own declaration, as file, line and line text. */
export function callSitesOf(host: ProjectHost, rel: string, exportName: string): CallSite[] {
  const node = exportNameNode(host, rel, exportName);
  if (!node) return [];
  const fileName = host.fileName(rel);
  const refs = host.languageService.findReferences(fileName, node.getStart()) ?? [];
  const out: CallSite[] = [];
  for (const entry of refs.flatMap((r) => r.references)) {
    if (entry.isDefinition) continue;
    const sf = host.program().getSourceFile(entry.fileName);
    if (!sf || sf.fileName.includes('/node_modules/')) continue;
    const { line } = sf.getLineAndCharacterOfPosition(entry.textSpan.start);
    const lineText = sf.text.split('\n')[line] ?? '';
    // Import lines are not call sites; the uses below them are.
    if (/^\s*(import|export)\b.*\bfrom\b/.test(lineText)) continue;
    out.push({ file_path: host.relative(entry.fileName), line: line + 1, text: lineText.trim().slice(0, 200) });
  }
  return out;
}

function dependencyNames(text: string | null): Set<string> {
  const out = new Set<string>();
  if (text === null) return out;
  try {
    const pkg = JSON.parse(text) as Record<string, unknown>;
    for (const section of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const deps = pkg[section];
      if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) out.add(name);
    }
  } catch {
    // an unparsable package.json is the syntax layer's to report
  }
  return out;
}

/** Packages added to package.json, and added bare imports of packages package.json does not declare. */
export function newDependenciesOf(context: Pick<LayerContext, 'root' | 'files'>): Set<string> {
  const out = new Set<string>();
  const pkgChange = context.files.find((f) => f.file_path === 'package.json');
  if (pkgChange) {
    const old = dependencyNames(pkgChange.before);
    for (const name of dependencyNames(pkgChange.after)) if (!old.has(name)) out.add(name);
  }
  const declared = declaredPackages(context.root, pkgChange?.before ?? undefined);
  for (const file of context.files) {
    for (const ref of addedImports(file)) {
      if (/^[./#]/.test(ref.specifier) || isBuiltin(ref.specifier)) continue;
      if (!declared.has(packageName(ref.specifier))) out.add(packageName(ref.specifier));
    }
  }
  return out;
}

export function runImpactLayer(context: LayerContext): ImpactOutcome {
  const changedExports: string[] = [];
  const callSites: CallSite[] = [];
  const reasons: string[] = [];
  let host: ProjectHost | undefined;
  for (const file of context.files) {
    if (file.before === null || !SOURCE_FILE.test(file.file_path)) continue;
    for (const change of breakingExportChanges(file.file_path, file.before, file.after)) {
      changedExports.push(`${file.file_path}: ${change.name}`);
      reasons.push(`${file.file_path}: ${change.name} ${change.reason}`);
      host ??= context.host();
      if (callSites.length < MAX_CALL_SITES) callSites.push(...callSitesOf(host, file.file_path, change.name).slice(0, MAX_CALL_SITES - callSites.length));
    }
  }
  const newDependencies = newDependenciesOf(context);
  const patterns = context.config.validator.corePaths;
  const isCore = patterns.length > 0 ? picomatch(patterns, { dot: true }) : () => false;
  const corePaths = context.files.map((f) => f.file_path).filter((p) => isCore(p));
  const impact: ImpactAnalysis = {
    breaking_change: changedExports.length > 0,
    changed_exports: changedExports,
    call_sites: callSites,
    new_dependencies: [...newDependencies].sort(),
    core_paths: corePaths,
  };
  const parts: string[] = [];
  parts.push(changedExports.length > 0 ? `breaking: ${changedExports.length} export(s) change, ${callSites.length} call site(s)` : 'no exported signature changes');
  if (newDependencies.size > 0) parts.push(`new dependencies: ${[...newDependencies].join(', ')}`);
  if (corePaths.length > 0) parts.push(`core paths: ${corePaths.join(', ')}`);
  return {
    passed: true,
    summary: parts.join('; '),
    issues: [
      ...reasons.map((message) => ({ layer: 'impact' as const, severity: 'warning' as const, message: `breaking change: ${message}` })),
      ...callSites.map((site) => ({ layer: 'impact' as const, severity: 'info' as const, message: `call site: ${site.text}`, file_path: site.file_path, line: site.line })),
    ],
    warnings: [],
    suggestions: changedExports.length > 0 ? ['Keep the old signature (an overload or an optional parameter) or update every call site listed.'] : [],
    impact,
  };
}
