// How a workflow talks to the person: one line per agent step in the design's form
// (`[SCANNER] Found 3 issues`), an ora spinner for long steps on an interactive terminal, plain
// lines otherwise (CI, pipes), all on stderr-free stdout so the output can be read or logged.
import ora, { type Ora } from 'ora';
import type { ChalkInstance } from 'chalk';
import { makeChalk } from '../cli/terminal.js';

export type AgentLabel = 'ORCHESTRATOR' | 'SCANNER' | 'PROPOSER' | 'VALIDATOR' | 'APPROVAL' | 'IMPLEMENTER' | 'TEST_RUNNER' | 'SECURITY';

export interface Reporter {
  readonly chalk: ChalkInstance;
  line(agent: AgentLabel, text: string): void;
  /** A line under the last one, indented. */
  detail(text: string): void;
  /** Free text (summaries, diffs). */
  raw(text: string): void;
  /** Starts a long step; the returned function ends it. */
  start(agent: AgentLabel, text: string): () => void;
}

export function createReporter(out: NodeJS.WritableStream, options: { color: boolean; spinners: boolean }): Reporter {
  const chalk = makeChalk(options.color);
  let spinner: Ora | undefined;
  const write = (text: string): void => {
    if (spinner) spinner.clear();
    out.write(text);
    if (spinner) spinner.render();
  };
  return {
    chalk,
    line: (agent, text) => write(`${chalk.bold(`[${agent}]`)} ${text}\n`),
    detail: (text) => write(`  ${text}\n`),
    raw: (text) => write(text.endsWith('\n') ? text : `${text}\n`),
    start: (agent, text) => {
      if (!options.spinners) {
        write(`${chalk.bold(`[${agent}]`)} ${text}\n`);
        return () => {};
      }
      spinner = ora({ text: `${chalk.bold(`[${agent}]`)} ${text}`, stream: process.stderr }).start();
      return () => {
        spinner?.stop();
        spinner = undefined;
        out.write(`${chalk.bold(`[${agent}]`)} ${text}\n`);
      };
    },
  };
}

/** A reporter that keeps the lines, for tests. */
export function memoryReporter(): Reporter & { lines: string[] } {
  const lines: string[] = [];
  const chalk = makeChalk(false);
  return {
    chalk,
    lines,
    line: (agent, text) => lines.push(`[${agent}] ${text}`),
    detail: (text) => lines.push(`  ${text}`),
    raw: (text) => lines.push(text),
    start: (agent, text) => {
      lines.push(`[${agent}] ${text}`);
      return () => {};
    },
  };
}
