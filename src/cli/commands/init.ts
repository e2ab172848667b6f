// `autonomous init`: writes a commented starter configuration (JSONC, like tsconfig.json) at the
// project root. It never overwrites an existing file unless asked to.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE, parseConfig } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/state-store.js';
import { parse as parseJsonc } from 'jsonc-parser';

export const STARTER_CONFIG = `{
  // autonomous configuration. Every key is optional; the values below are the defaults unless
  // marked "example". Reference: docs/configuration.md

  // Globs of files to scan (empty: everything not ignored by .gitignore) and to leave out.
  "include": [],
  "exclude": [],

  // Per-rule severity ("critical" ... "info") or "off", and options. \`autonomous rules\` lists them.
  "rules": {
    // example: "complexity": { "severity": "low", "options": { "max": 15 } }
  },

  "scan": {
    "minConfidence": 0.5,
    "maxFileSizeKb": 1024
  },

  "test": {
    // The project's test command when detection from package.json is not right, e.g. ["npm", "run", "test:ci"].
    // "command": ["npm", "test"],
    "timeoutMinutes": 10,
    // Fast stages first; the run stops at the first failing one.
    "stages": []
  },

  "proposer": {
    // Timeout added to fetch() calls that have none.
    "fetchTimeoutMs": 10000,
    // What an empty catch block gets: "log" (safe) or "rethrow" (needs a person).
    "emptyCatch": "log"
  },

  // An LLM widens what can be fixed; without one, built-in fixers and TypeScript's code fixes run
  // offline. Keys are read from XAI_API_KEY / ANTHROPIC_API_KEY / OPENAI_API_KEY, never from here.
  // See docs/llm.md.
  "llm": {
    // "provider": "xai",
    // "model": "grok-4",
    "timeoutMs": 60000
  },

  "validator": {
    // Proposals auto-approved with --auto-approve-safe must meet all of these.
    "autoApprove": {
      "maxRisk": "low",
      "minSecurityScore": 0.95,
      "minQualityScore": 0.9,
      "categories": ["formatting", "documentation", "comments", "types"]
    },
    // Changes to these files always need a person (example: ["src/core/**"]).
    "corePaths": []
  },

  "implement": {
    // Changes are committed on branches with this prefix, never on your current branch.
    "branchPrefix": "auto/",
    "remote": "origin"
  }
}
`;

export function registerInit(program: Command, root: () => string): void {
  program
    .command('init')
    .description(`Write a commented starter ${CONFIG_FILE} at the project root.`)
    .option('--force', `overwrite an existing ${CONFIG_FILE}`)
    .action((options: { force?: boolean }) => {
      const file = path.join(root(), CONFIG_FILE);
      if (fs.existsSync(file) && !options.force) {
        throw new AutonomousError('E_USAGE', `${file} already exists`, { hint: 'Pass --force to overwrite it.' });
      }
      // The template must itself be a valid configuration; a test checks it too.
      parseConfig(parseJsonc(STARTER_CONFIG), CONFIG_FILE, '');
      writeFileAtomic(file, STARTER_CONFIG);
      process.stdout.write(`Wrote ${file}\nNext: autonomous scan src/   (or: autonomous demo, to see a whole run on a sample project)\n`);
      process.exitCode = ExitCode.ok;
    });
}
