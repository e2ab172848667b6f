// Diagnostic logging with pino: silent by default, JSON lines on stderr with --debug (or
// AUTONOMOUS_LOG_LEVEL=debug|info|warn), so that what the tool did and how long each step took
// can be read back or piped to pino-pretty. Findings and results never go through the logger.
import { pino, type Logger } from 'pino';

let logger: Logger | undefined;

export function configureLogger(options: { debug?: boolean }): Logger {
  const fromEnv = process.env.AUTONOMOUS_LOG_LEVEL;
  const level = options.debug ? 'debug' : fromEnv && ['debug', 'info', 'warn', 'error'].includes(fromEnv) ? fromEnv : 'silent';
  logger = pino({ name: 'autonomous', level, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: true }));
  return logger;
}

export function log(): Logger {
  logger ??= configureLogger({});
  return logger;
}
