// What every validation layer receives and returns. Layers are pure over this context except for
// the shared TypeScript host, which they leave as they found it (disk text) when they return.
import type { Config } from '../core/config.js';
import type { Proposal } from '../models/proposal.js';
import type { ValidationIssue } from '../models/validation.js';
import type { ProjectHost } from './ts-host.js';

export interface ChangedFile {
  file_path: string;
  /** null when the proposal creates the file. */
  before: string | null;
  after: string;
}

export interface LayerContext {
  /** Absolute project root. */
  root: string;
  config: Config;
  proposal: Proposal;
  files: ChangedFile[];
  /** Built lazily once per run; layers that need types ask for it. */
  host: () => ProjectHost;
}

export interface LayerOutcome {
  passed: boolean;
  skipped?: string;
  summary: string;
  issues: ValidationIssue[];
  warnings: string[];
  suggestions: string[];
}

export const SOURCE_FILE = /\.([cm]?[jt]sx?)$/i;
