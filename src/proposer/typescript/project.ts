// A TypeScript language service over the USER's project (its tsconfig.json or jsconfig.json), the
// engine behind editor quick fixes. Built once per run and reused for every file: building the
// program is the expensive part (seconds on a large project), and later queries reuse it. File
// texts can be replaced in memory (`setFileText`) so a proposed change is type-checked without
// touching the disk; `resetFileText` goes back to the file as it is on disk.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { AutonomousError } from '../../core/errors.js';

/** Options when the project has neither tsconfig.json nor jsconfig.json. */
export const DEFAULT_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowJs: false,
  checkJs: false,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
};

export interface ProjectServiceOptions {
  /**
   * Compiler options laid over the project's own (e.g. `isolatedDeclarations` to get TypeScript's
   * "add return type" code fixes). The project's files on disk are never changed by this.
   */
  overrides?: ts.CompilerOptions;
  /** Extra root-relative files to include even when the config does not list them. */
  extraFiles?: string[];
}

export interface ProjectService {
  /** Absolute project root. */
  readonly root: string;
  /** Root-relative path of the config file used, or null when the defaults are used. */
  readonly configFile: string | null;
  /** The effective compiler options (project config plus overrides). */
  readonly options: ts.CompilerOptions;
  readonly languageService: ts.LanguageService;
  /** The current program (rebuilt lazily after a file text changes). */
  program(): ts.Program;
  /** Absolute path of a root-relative file (forward slashes accepted). */
  absolute(relative: string): string;
  /** Replaces a file's text in memory (the file is added to the program when it was not in it). */
  setFileText(relative: string, text: string): void;
  /** Drops the in-memory text of a file: the service reads it from disk again. */
  resetFileText(relative: string): void;
  /** The text the service sees for a file: in-memory when set, else from disk; undefined when absent. */
  getFileText(relative: string): string | undefined;
  /** Whether the file's text is replaced in memory (by `setFileText`). */
  isFileTextReplaced(relative: string): boolean;
  /** Whether the file is one of the program's root files. */
  hasFile(relative: string): boolean;
  dispose(): void;
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/** The config file of the project at `root` (tsconfig.json first), or null. */
export function findConfigFile(root: string): string | null {
  for (const name of CONFIG_NAMES) {
    const file = path.join(root, name);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

function formatDiagnostic(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n')[0] ?? '';
}

/** Reads and parses the project's config; a broken config is a one-line usage error naming the file. */
function parseProjectConfig(root: string): { configFile: string | null; options: ts.CompilerOptions; fileNames: string[] } {
  const configPath = findConfigFile(root);
  if (configPath === null) {
    const fileNames = ts.sys.readDirectory(root, ['.ts', '.tsx', '.mts', '.cts'], ['**/node_modules', '**/dist', '**/.autonomous'], undefined);
    return { configFile: null, options: { ...DEFAULT_COMPILER_OPTIONS }, fileNames };
  }
  const isJsconfig = path.basename(configPath) === 'jsconfig.json';
  let problem: string | undefined;
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      problem = formatDiagnostic(diagnostic);
    },
  };
  // jsconfig.json implies allowJs (as editors treat it); tsconfig.json keeps its own settings.
  const existing: ts.CompilerOptions = isJsconfig ? { allowJs: true, maxNodeModuleJsDepth: 2, allowSyntheticDefaultImports: true, skipLibCheck: true, noEmit: true } : {};
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, existing, host);
  const relative = path.relative(root, configPath);
  if (parsed === undefined || problem !== undefined) {
    throw new AutonomousError('E_USAGE', `${relative}: cannot be read as a TypeScript config: ${problem ?? 'unknown error'}`);
  }
  // JSON syntax errors sit on the parsed config file, not in `errors`; TypeScript itself recovers
  // from them, but options read from a broken file are a guess, so the person is told instead.
  const syntax = ts.readConfigFile(configPath, ts.sys.readFile).error;
  const fatal = [...(syntax ? [syntax] : []), ...parsed.errors].find((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003); // 18003: no inputs found
  if (fatal) throw new AutonomousError('E_USAGE', `${relative}: ${formatDiagnostic(fatal)}`);
  return { configFile: relative.split(path.sep).join('/'), options: parsed.options, fileNames: parsed.fileNames };
}

/**
 * Builds the language service of the project at `root`. Build it once per run and reuse it for
 * every file (and hand it to the validator): each build parses the whole program.
 */
export function createProjectService(root: string, serviceOptions: ProjectServiceOptions = {}): ProjectService {
  const absoluteRoot = path.resolve(root);
  const config = parseProjectConfig(absoluteRoot);
  const options: ts.CompilerOptions = { ...config.options, ...serviceOptions.overrides };
  const rootFiles = new Set(config.fileNames.map((f) => path.resolve(f)));
  for (const extra of serviceOptions.extraFiles ?? []) rootFiles.add(path.resolve(absoluteRoot, extra));
  const versions = new Map<string, number>();
  const memory = new Map<string, string>();
  let projectVersion = 0;

  const absolute = (relative: string): string => path.resolve(absoluteRoot, relative);
  const bump = (file: string): void => {
    versions.set(file, (versions.get(file) ?? 0) + 1);
    projectVersion++;
  };
  const readText = (file: string): string | undefined => memory.get(file) ?? ts.sys.readFile(file);

  const host: ts.LanguageServiceHost = {
    getProjectVersion: () => String(projectVersion),
    getScriptFileNames: () => [...rootFiles],
    getScriptVersion: (file) => String(versions.get(path.resolve(file)) ?? 0),
    getScriptSnapshot: (file) => {
      const text = readText(path.resolve(file));
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => absoluteRoot,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (file) => memory.has(path.resolve(file)) || ts.sys.fileExists(file),
    readFile: (file) => readText(path.resolve(file)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: ts.sys.realpath,
    useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
  };
  const languageService = ts.createLanguageService(host, ts.createDocumentRegistry());

  return {
    root: absoluteRoot,
    configFile: config.configFile,
    options,
    languageService,
    program() {
      const program = languageService.getProgram();
      if (!program) throw new Error('the TypeScript language service has no program');
      return program;
    },
    absolute,
    setFileText(relative, text) {
      const file = absolute(relative);
      memory.set(file, text);
      rootFiles.add(file);
      bump(file);
    },
    resetFileText(relative) {
      const file = absolute(relative);
      if (memory.delete(file)) bump(file);
    },
    getFileText(relative) {
      return readText(absolute(relative));
    },
    isFileTextReplaced(relative) {
      return memory.has(absolute(relative));
    },
    hasFile(relative) {
      return rootFiles.has(absolute(relative));
    },
    dispose() {
      languageService.dispose();
      memory.clear();
    },
  };
}
