// Ctrl-C and SIGTERM while a command is changing the repository: the CLI's own SIGINT handler
// (src/cli/main.ts) exits at once, which is right for read-only commands but would leave a
// half-applied change behind. A command that must finish a step and restore first registers a
// handler here; main.ts calls it before exiting and stays alive when it says it took over.
import { ExitCode } from '../core/errors.js';

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** Returns true when it took over (the process must not exit now). */
export type InterruptHandler = (signal: InterruptSignal) => boolean;

let current: InterruptHandler | undefined;

/** Installs `handler` (undefined removes it); returns the one it replaced. */
export function setInterruptHandler(handler: InterruptHandler | undefined): InterruptHandler | undefined {
  const previous = current;
  current = handler;
  return previous;
}

/** Called by the process-level signal handlers first; true when a command took over. */
export function dispatchInterrupt(signal: InterruptSignal): boolean {
  return current !== undefined && current(signal);
}

/** The exit code of a process ended by `signal`, as shells report it (128 + signal number). */
export function exitCodeForSignal(signal: InterruptSignal): number {
  return signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
}

/**
 * Records signals while `work` runs instead of dying on them, so `work` can check `interrupted()`
 * between steps, stop, and restore. SIGTERM gets a listener only for that time (Node's default is
 * to die); SIGINT goes through setInterruptHandler because main.ts already listens for it.
 */
export async function withInterruptGuard<T>(work: (interrupted: () => InterruptSignal | undefined) => Promise<T>): Promise<T> {
  let received: InterruptSignal | undefined;
  const note = (signal: InterruptSignal): boolean => {
    if (received === undefined) {
      received = signal;
      process.stderr.write(`\nautonomous: ${signal} received: stopping after the current step and restoring the checkpoint...\n`);
    } else {
      process.stderr.write('autonomous: still restoring, please wait (killing now could leave the repository half-restored; the journal would then offer recovery)\n');
    }
    return true;
  };
  const onTerm = (): void => {
    note('SIGTERM');
  };
  const previous = setInterruptHandler(note);
  process.on('SIGTERM', onTerm);
  try {
    return await work(() => received);
  } finally {
    process.off('SIGTERM', onTerm);
    setInterruptHandler(previous);
  }
}
