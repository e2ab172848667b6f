// Errors a person can act on: one class with a machine code, a message for the terminal,
// an optional hint, and the process exit code the CLI should end with.

/** Exit codes of every command; documented in README.md ("Exit codes"). */
export const ExitCode = {
  /** Success: nothing at or above the failure threshold. */
  ok: 0,
  /** The command worked and found something at or above `--fail-on` (or a check failed). */
  findings: 1,
  /** Bad usage: unknown option, bad argument, invalid configuration. */
  usage: 2,
  /** The operation could not be carried out (I/O, git, environment). */
  failed: 3,
  /** Interrupted by the person (Ctrl-C). */
  interrupted: 130,
  /** Terminated (SIGTERM) while changing the repository, after restoring it. */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  | 'E_USAGE'
  | 'E_CONFIG'
  | 'E_TARGET_NOT_FOUND'
  | 'E_BASELINE'
  | 'E_STATE'
  | 'E_IO'
  | 'E_BUS'
  | 'E_LLM'
  | 'E_LLM_AUTH'
  | 'E_INTERNAL';

const defaultExitCode: Record<ErrorCode, ExitCode> = {
  E_USAGE: ExitCode.usage,
  E_CONFIG: ExitCode.usage,
  E_TARGET_NOT_FOUND: ExitCode.usage,
  E_BASELINE: ExitCode.usage,
  E_STATE: ExitCode.failed,
  E_IO: ExitCode.failed,
  E_BUS: ExitCode.failed,
  E_LLM: ExitCode.failed,
  E_LLM_AUTH: ExitCode.failed,
  E_INTERNAL: ExitCode.failed,
};

export interface AutonomousErrorOptions {
  hint?: string;
  exitCode?: ExitCode;
  cause?: unknown;
}

export class AutonomousError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;

  constructor(code: ErrorCode, message: string, options: AutonomousErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AutonomousError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? defaultExitCode[code];
  }
}

export function isAutonomousError(error: unknown): error is AutonomousError {
  return error instanceof AutonomousError;
}

/** The one-line description of any thrown value, for messages that wrap a lower-level failure. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
