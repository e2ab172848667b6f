// Asks the configured model for a fix of one finding and turns the answer into FixCandidates.
// The SDK validates the answer against the zod schema and retries 429/5xx with backoff; this module
// adds what the SDK cannot know: old_code must occur exactly once in the file, new_code must not
// carry a redaction marker, the changed file must parse. A bad answer gets one more try with the
// problem explained, then the finding is declined with that reason. Every LLM fix is `unsafe`.
import { APICallError, generateObject, NoObjectGeneratedError, RetryError, type ModelMessage } from 'ai';
import { AutonomousError, describeError } from '../../core/errors.js';
import type { TestCase, TokenUsage } from '../../models/proposal.js';
import { parseSource } from '../../scanner/engine.js';
import { applyTextEdits, type TextEdit } from '../edits.js';
import type { FixCandidate, FixContext } from '../fixers/types.js';
import { buildUserPrompt, SYSTEM_PROMPT } from './prompt.js';
import { createLanguageModel, tokenUsage } from './provider.js';
import { containsMarker, Redactor } from './redact.js';
import { LlmAnswer } from './schema.js';
import { llmSource, type LlmSettings } from './settings.js';

export interface LlmOptions {
  /** Most alternatives to ask for and keep (0: none). */
  alternatives: number;
  signal?: AbortSignal;
  /** Rule docs folder override (tests). */
  docsDir?: string;
}

export type LlmOutcome =
  | { candidates: FixCandidate[]; usage: TokenUsage; source: string }
  | { declined: string; usage?: TokenUsage; source: string };

/** Answers checked per finding: the first, and one more after feedback. */
const MAX_ATTEMPTS = 2;
const SECRET_RULES = new Set(['hardcoded-secret', 'secret-in-file']);

export async function llmCandidates(context: FixContext, settings: LlmSettings, options: LlmOptions): Promise<LlmOutcome> {
  const source = llmSource(settings);
  const redactor = await redactorFor(context);
  const model = createLanguageModel(settings);
  const prompt = buildUserPrompt(context, options);
  // and over the text actually sent, docs page included: what is detected there is never sent either
  await redactor.scan(context.filePath, prompt);
  const messages: ModelMessage[] = [{ role: 'user', content: redactor.redact(prompt) }];
  let input = 0;
  let output = 0;
  const usage = (): TokenUsage => tokenUsage(settings.provider, settings.model, input, output);
  let problem = '';

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
    let answer: LlmAnswer;
    let replyText: string;
    try {
      const result = await generateObject({
        model,
        schema: LlmAnswer,
        schemaName: 'fix_proposal',
        schemaDescription: 'A minimal fix of the finding, as a replacement of text that occurs once in the file',
        system: SYSTEM_PROMPT,
        messages,
        maxRetries: settings.maxRetries,
        maxOutputTokens: settings.maxOutputTokens,
        abortSignal: signal,
      });
      input += result.usage.inputTokens ?? 0;
      output += result.usage.outputTokens ?? 0;
      answer = result.object;
      replyText = JSON.stringify(result.object);
    } catch (error) {
      if (options.signal?.aborted) throw error; // the person interrupted: not ours to explain
      if (timeout.aborted) {
        return { declined: `no answer from ${settings.provider} within ${formatSeconds(settings.timeoutMs)} s`, usage: usage(), source };
      }
      if (!NoObjectGeneratedError.isInstance(error)) throw apiError(error, settings);
      input += error.usage?.inputTokens ?? 0;
      output += error.usage?.outputTokens ?? 0;
      problem = `the answer was not JSON matching the schema (${shorten(describeError(error.cause ?? error), 300)})`;
      // providers refuse an empty assistant turn
      messages.push({ role: 'assistant', content: redactor.redact(error.text || '(no answer)') });
      messages.push({ role: 'user', content: `Your answer was rejected: ${problem}. Answer again with JSON that matches the schema exactly.` });
      continue;
    }
    const mapped = candidatesFromAnswer(answer, context, redactor, options.alternatives);
    if ('candidates' in mapped) return { candidates: mapped.candidates, usage: usage(), source };
    problem = mapped.problem;
    messages.push({ role: 'assistant', content: replyText });
    messages.push({ role: 'user', content: `Your answer was rejected: ${problem}. Answer again, fixing that.` });
  }
  return { declined: `${source} gave no usable fix: ${problem}`, usage: usage(), source };
}

/** Every secret of the file, of the finding's text, and the finding's own value for secret rules. */
async function redactorFor(context: FixContext): Promise<Redactor> {
  const redactor = new Redactor();
  await redactor.scan(context.filePath, context.source);
  const { finding } = context;
  await redactor.scan(context.filePath, `${finding.description}\n${finding.code_snippet}\n${finding.recommendation}`);
  if (SECRET_RULES.has(finding.rule_id)) {
    const value = textAt(context.source, finding.line_number, finding.column, finding.end_line, finding.end_column);
    const literal = /^(["'`])(.*)\1$/s.exec(value);
    redactor.add(literal?.[2] ?? value);
  }
  return redactor;
}

function textAt(source: string, line: number, column: number, endLine: number, endColumn: number): string {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1);
  const from = (starts[line - 1] ?? 0) + column - 1;
  const to = (starts[endLine - 1] ?? 0) + endColumn - 1;
  return source.slice(from, Math.max(from, to));
}

type Mapped = { candidates: FixCandidate[] } | { problem: string };

/** Pure: checks the answer against the file and turns it into candidates (alternatives last). */
export function candidatesFromAnswer(answer: LlmAnswer, context: FixContext, redactor: Redactor, maxAlternatives: number): Mapped {
  const main = editFromAnswer(answer.old_code, answer.new_code, context, redactor);
  if ('problem' in main) return main;
  const testCases: TestCase[] = answer.test_cases.map((test) => ({
    name: test.name,
    description: test.description,
    ...(test.code === null || test.code === '' ? {} : { code: test.code }),
  }));
  const candidates: FixCandidate[] = [
    {
      title: answer.title,
      description: answer.description,
      edits: [main.edit],
      // a person reviews every LLM fix, whatever the model thinks of it
      safety: 'unsafe',
      rationale: answer.rationale,
      benefits: answer.benefits,
      risks: answer.risks,
      test_strategy: answer.test_strategy,
      test_cases: testCases,
    },
  ];
  for (const alternative of answer.alternatives.slice(0, maxAlternatives)) {
    const edit = editFromAnswer(alternative.old_code, alternative.new_code, context, redactor);
    if ('problem' in edit) continue; // a bad alternative is dropped, the main fix still stands
    candidates.push({
      title: alternative.title,
      description: alternative.description,
      edits: [edit.edit],
      safety: 'unsafe',
      rationale: alternative.description,
      benefits: [],
      risks: alternative.tradeoffs,
      test_strategy: answer.test_strategy,
    });
  }
  return { candidates };
}

function editFromAnswer(oldCode: string, newCode: string, context: FixContext, redactor: Redactor): { edit: TextEdit } | { problem: string } {
  if (containsMarker(newCode)) {
    return { problem: 'new_code contains a <redacted:secret-N> marker; read the secret from process.env instead of writing it into the code' };
  }
  const original = redactor.restore(oldCode);
  if (original.trim() === '') return { problem: 'old_code is empty' };
  if (original === newCode) return { problem: 'new_code is identical to old_code' };
  const count = occurrences(context.source, original);
  if (count !== 1) return { problem: `old_code must occur exactly once in the file; it occurred ${count} times` };
  const start = context.source.indexOf(original);
  const edit: TextEdit = { file_path: context.filePath, start, end: start + original.length, new_code: newCode };
  try {
    parseSource(context.filePath, applyTextEdits(context.source, [edit]), false);
  } catch (error) {
    return { problem: `the file does not parse after the change: ${describeError(error)}` };
  }
  return { edit };
}

/** Occurrences of a text, overlapping ones included (they make the location ambiguous too). */
export function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) count++;
  return count;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** The SDK's failure as one line for the person: auth problems named with the env var to check. */
function apiError(error: unknown, settings: LlmSettings): AutonomousError {
  const last = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(last) && (last.statusCode === 401 || last.statusCode === 403)) {
    const check = settings.apiKeyEnv === undefined ? 'check the server configuration' : `check ${settings.apiKeyEnv}`;
    return new AutonomousError('E_LLM_AUTH', `${settings.provider} rejected the API key (HTTP ${last.statusCode}): ${check}`, {
      hint: 'keys are read from the environment only; see docs/llm.md',
      cause: error,
    });
  }
  const status = APICallError.isInstance(last) && last.statusCode !== undefined ? ` (HTTP ${last.statusCode})` : '';
  return new AutonomousError('E_LLM', `${settings.provider} request failed${status}: ${describeError(last)}`, {
    hint: settings.baseUrl === undefined ? 'see docs/llm.md' : `is the server at ${settings.baseUrl} running? see docs/llm.md`,
    cause: error,
  });
}
