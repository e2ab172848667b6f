// The validator's view of the project's TypeScript program: an adapter over the proposer's
// language-service host (src/proposer/typescript/project.ts), so one implementation reads the
// tsconfig, keeps script versions and lays a proposal's new text over the files in memory. One host
// is built per run and reused (incrementally) for every proposal; `resetFileText` puts the disk
// text back.
import path from 'node:path';
import type ts from 'typescript';
import { toRelative } from '../core/paths.js';
import { createProjectService } from '../proposer/typescript/project.js';

export interface ProjectHost {
  readonly root: string;
  readonly languageService: ts.LanguageService;
  /** Whether a tsconfig.json (or jsconfig.json) was found (without one, the changed files are checked alone). */
  readonly hasConfig: boolean;
  program(): ts.Program;
  /** Lays `text` over the file at repository-relative `rel` (creating it in memory when new). */
  setFileText(rel: string, text: string): void;
  resetFileText(rel: string): void;
  getFileText(rel: string): string | undefined;
  /** Absolute, normalised file name the language service uses for `rel`. */
  fileName(rel: string): string;
  /** Repository-relative path (forward slashes) of a language-service file name. */
  relative(fileName: string): string;
  dispose(): void;
}

export function createProjectHost(root: string): ProjectHost {
  const service = createProjectService(root);
  return {
    root: service.root,
    languageService: service.languageService,
    hasConfig: service.configFile !== null,
    program: () => service.program(),
    setFileText: (rel, text) => service.setFileText(rel, text),
    resetFileText: (rel) => service.resetFileText(rel),
    getFileText: (rel) => service.getFileText(rel),
    fileName: (rel) => path.normalize(service.absolute(rel)),
    relative: (fileName) => toRelative(service.root, fileName),
    dispose: () => service.dispose(),
  };
}
