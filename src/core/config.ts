// Project configuration: `autonomous.config.json` at the project root, or an "autonomous" key in
// package.json. Validated with zod; a bad file is reported with its name, the key and what was
// expected, and the CLI exits with the usage code.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { Severity } from '../models/finding.js';
import { AutonomousError, describeError } from './errors.js';

export const CONFIG_FILE = 'autonomous.config.json';

const RuleSetting = z.union([
  z.literal('off'),
  Severity,
  z
    .object({
      severity: z.union([z.literal('off'), Severity]).optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);
export type RuleSetting = z.infer<typeof RuleSetting>;

export const ScanConfig = z
  .object({
    /** Files larger than this are reported (rule `file-too-large`) and not parsed. */
    maxFileSizeKb: z.number().int().positive().default(1024),
    /** Findings below this confidence are dropped (`--strict` lowers it). */
    minConfidence: z.number().min(0).max(1).default(0.5),
    /** Worker threads; 0 means decide from the available cores. */
    jobs: z.number().int().min(0).max(64).default(0),
    /** Content-hash cache under `.autonomous/cache`. */
    cache: z.boolean().default(true),
    /** Skip build output folders (dist, build, out, coverage, .next, ...) unless named as a target. */
    skipBuildOutput: z.boolean().default(true),
  })
  .strict();

export const TestConfig = z
  .object({
    /**
     * The command that runs the project's tests, instead of detection: an argument array, or a
     * string that is split on whitespace (never run through a shell).
     */
    command: z.union([z.array(z.string().min(1)).min(1), z.string().min(1)]).optional(),
    /** Minutes before the whole test process tree is killed. */
    timeoutMinutes: z.number().positive().max(24 * 60).default(10),
    /**
     * Test stages run in order, fastest first (e.g. unit, then integration); the run stops at the
     * first failing stage. Each has a name and a command (array, or string split on whitespace).
     */
    stages: z
      .array(
        z
          .object({
            name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, ".", "_" or "-"'),
            command: z.union([z.array(z.string().min(1)).min(1), z.string().min(1)]),
            timeoutMinutes: z.number().positive().max(24 * 60).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export const ProposerConfig = z
  .object({
    /** Timeout the missing-timeout fixer adds to fetch calls (`AbortSignal.timeout(ms)`). */
    fetchTimeoutMs: z.number().int().positive().default(10_000),
    /** What the empty-catch fixer puts in an empty catch block. */
    emptyCatch: z.enum(['log', 'rethrow']).default('log'),
    /** Most alternatives `--alternatives` asks for. */
    maxAlternatives: z.number().int().min(1).max(10).default(3),
  })
  .strict();

export const LLM_PROVIDERS = ['xai', 'anthropic', 'openai', 'openai-compatible'] as const;
export const LlmConfig = z
  .object({
    /** Provider used when `--llm` is not given; none means fixers and TypeScript code fixes only. */
    provider: z.enum(LLM_PROVIDERS).optional(),
    model: z.string().min(1).optional(),
    /** Base URL of the API (required for openai-compatible servers such as Ollama or vLLM). */
    baseUrl: z.string().url().optional(),
    /**
     * Name of the environment variable holding the key, for openai-compatible servers that need
     * one. Keys are only ever read from the environment, never from this file.
     */
    apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').optional(),
    timeoutMs: z.number().int().positive().default(60_000),
    maxRetries: z.number().int().min(0).max(10).default(2),
    maxOutputTokens: z.number().int().positive().default(4096),
  })
  .strict();

export const ValidatorConfig = z
  .object({
    autoApprove: z
      .object({
        /** Highest risk level that may be auto-approved. */
        maxRisk: z.enum(['low', 'medium', 'high', 'critical']).default('low'),
        minSecurityScore: z.number().min(0).max(1).default(0.95),
        minQualityScore: z.number().min(0).max(1).default(0.9),
        /** Proposal categories that may be auto-approved (deterministic fixers marked safe also may). */
        categories: z.array(z.string().min(1)).default(['formatting', 'documentation', 'comments', 'types']),
        /** Safe-tier deterministic security fixers may be auto-approved. */
        safeSecurityFixers: z.boolean().default(true),
      })
      .strict()
      .default({ maxRisk: 'low', minSecurityScore: 0.95, minQualityScore: 0.9, categories: ['formatting', 'documentation', 'comments', 'types'], safeSecurityFixers: true }),
    human: z
      .object({
        /** Coverage drop (percentage points) above which a person must look. */
        maxCoverageDrop: z.number().min(0).max(100).default(5),
      })
      .strict()
      .default({ maxCoverageDrop: 5 }),
    reject: z
      .object({
        minSecurityScore: z.number().min(0).max(1).default(0.5),
        /** Critical-risk proposals below this confidence are rejected without review. */
        criticalMinConfidence: z.number().min(0).max(1).default(0.7),
      })
      .strict()
      .default({ minSecurityScore: 0.5, criticalMinConfidence: 0.7 }),
    /** Globs of core files: a change there always needs a person. */
    corePaths: z.array(z.string().min(1)).default([]),
    /** How much a function's cyclomatic complexity may grow before the quality layer fails. */
    maxComplexityIncrease: z.number().int().min(0).default(3),
  })
  .strict();

export const ImplementConfig = z
  .object({
    /** Prefix of the branches changes are committed on. */
    branchPrefix: z.string().regex(/^[A-Za-z0-9._/-]+\/$/, 'a branch prefix ending in "/"').default('auto/'),
    /** Remote `--push` pushes to. */
    remote: z.string().min(1).default('origin'),
  })
  .strict();

/** The test command as an argument array, or undefined to detect it. */
export function testCommandOf(config: Config): string[] | undefined {
  const command = config.test.command;
  if (command === undefined) return undefined;
  return typeof command === 'string' ? command.trim().split(/\s+/) : command;
}

export const Config = z
  .object({
    $schema: z.string().optional(),
    /** Globs (relative to the project root) a file must match to be scanned; empty means all. */
    include: z.array(z.string().min(1)).default([]),
    /** Globs of files never scanned, on top of .gitignore and the built-in skips. */
    exclude: z.array(z.string().min(1)).default([]),
    /** Per-rule severity override or "off", and rule options. */
    rules: z.record(z.string(), RuleSetting).default({}),
    scan: ScanConfig.default(ScanConfig.parse({})),
    test: TestConfig.default(TestConfig.parse({})),
    proposer: ProposerConfig.default(ProposerConfig.parse({})),
    llm: LlmConfig.default(LlmConfig.parse({})),
    validator: ValidatorConfig.default(ValidatorConfig.parse({})),
    implement: ImplementConfig.default(ImplementConfig.parse({})),
  })
  .strict();
export type Config = z.infer<typeof Config>;

export interface LoadedConfig {
  config: Config;
  /** The file the configuration came from, or undefined for the defaults. */
  source: string | undefined;
}

export function defaultConfig(): Config {
  return Config.parse({});
}

/** Loads the configuration of the project at `root`; `explicitPath` (from `--config`) wins. */
export function loadConfig(root: string, explicitPath?: string): LoadedConfig {
  if (explicitPath !== undefined) {
    const file = path.resolve(explicitPath);
    if (!fs.existsSync(file)) {
      throw new AutonomousError('E_CONFIG', `${explicitPath}: configuration file not found`);
    }
    return { config: parseConfig(readJson(file), file, ''), source: file };
  }
  const file = path.join(root, CONFIG_FILE);
  if (fs.existsSync(file)) return { config: parseConfig(readJson(file), file, ''), source: file };
  const pkgFile = path.join(root, 'package.json');
  if (fs.existsSync(pkgFile)) {
    const pkg = readJson(pkgFile);
    if (pkg !== null && typeof pkg === 'object' && 'autonomous' in pkg) {
      return { config: parseConfig((pkg as Record<string, unknown>).autonomous, pkgFile, 'autonomous'), source: pkgFile };
    }
  }
  return { config: defaultConfig(), source: undefined };
}

/**
 * Reads a JSON file; `autonomous.config.json` may hold comments and trailing commas (JSONC, as
 * tsconfig.json does), so the starter config `autonomous init` writes can explain itself.
 */
function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AutonomousError('E_CONFIG', `${file}: cannot read: ${describeError(error)}`);
  }
  if (path.basename(file) === 'package.json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new AutonomousError('E_CONFIG', `${file}: invalid JSON: ${describeError(error)}`);
    }
  }
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const before = text.slice(0, first.offset);
    const line = before.split('\n').length;
    const column = first.offset - before.lastIndexOf('\n');
    throw new AutonomousError('E_CONFIG', `${file}:${line}:${column}: invalid JSON: ${printParseErrorCode(first.error)}`);
  }
  return value;
}

/** Validates raw configuration; `prefix` is the key it sits under (e.g. "autonomous" in package.json). */
export function parseConfig(raw: unknown, file: string, prefix: string): Config {
  const result = Config.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const keyPath = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.') || '(top level)';
  throw new AutonomousError('E_CONFIG', `${file}: ${keyPath}: ${describeIssue(issue)}`, {
    hint: 'See docs/configuration.md for every key and its type.',
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message.replace(/^Invalid input: /, '');
}
