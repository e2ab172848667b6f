// What the terminal can show: colour only on a TTY (NO_COLOR honoured, FORCE_COLOR respected),
// spinners only on an interactive stderr outside CI.
import { Chalk, type ChalkInstance } from 'chalk';

export function colorEnabled(stream: NodeJS.WriteStream): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function makeChalk(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}

/** A live spinner needs a real terminal with a known width (a pty without one makes ora redraw forever). */
export function interactive(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.CI && process.env.TERM !== 'dumb' && (stream.columns ?? 0) > 0;
}
