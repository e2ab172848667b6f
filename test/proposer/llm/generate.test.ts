// The LLM path end to end: the real AI SDK providers talk HTTP to a local server that speaks the
// OpenAI chat-completions and Anthropic messages protocols with scripted replies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/core/config.js';
import { AutonomousError } from '../../../src/core/errors.js';
import { applyTextEdits } from '../../../src/proposer/edits.js';
import { llmCandidates } from '../../../src/proposer/llm/generate.js';
import { resolveLlmSettings, type LlmSettings } from '../../../src/proposer/llm/settings.js';
import { startLlmServer, type LlmServer } from '../../helpers/llm-server.js';
import { API_TOKEN, AWS_KEY, QUERY_LINE, SAFE_QUERY_LINE, SOURCE, answer, fixContext } from './fixture.js';

const FAKE_KEY = 'test-key-not-a-secret';
let server: LlmServer;

beforeEach(async () => {
  server = await startLlmServer();
});
afterEach(async () => {
  await server.close();
});

function settingsFor(flag: string, llm: Record<string, unknown> = {}): LlmSettings {
  const config = { ...defaultConfig().llm, ...llm };
  const env = { XAI_API_KEY: FAKE_KEY, ANTHROPIC_API_KEY: FAKE_KEY, OPENAI_API_KEY: FAKE_KEY, AUTONOMOUS_LLM_BASE_URL: server.baseUrl };
  const settings = resolveLlmSettings(config, flag, env);
  if (settings === undefined) throw new Error('no settings');
  return settings;
}

describe.each([
  { flag: 'xai', path: '/v1/chat/completions', source: 'llm:xai/grok-4.3' },
  { flag: 'anthropic', path: '/v1/messages', source: 'llm:anthropic/claude-sonnet-4-5' },
  { flag: 'openai', path: '/v1/chat/completions', source: 'llm:openai/gpt-5-mini' },
  { flag: 'openai-compatible/qwen2.5-coder', path: '/v1/chat/completions', source: 'llm:openai-compatible/qwen2.5-coder' },
])('llmCandidates with $flag', ({ flag, path, source }) => {
  it('turns a good answer into an unsafe candidate whose edit replaces the only occurrence of old_code', async () => {
    server.reply({ kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE) });
    const outcome = await llmCandidates(fixContext(), settingsFor(flag), { alternatives: 0 });
    if (!('candidates' in outcome)) throw new Error(outcome.declined);
    expect(outcome.source).toBe(source);
    expect(outcome.candidates).toHaveLength(1);
    const [candidate] = outcome.candidates;
    expect(candidate?.safety).toBe('unsafe'); // the model said "safe"
    expect(candidate?.test_cases?.[0]).toEqual({ name: 'a quote in the name does not break the query', description: "name = \"O'Brien\"" });
    const changed = applyTextEdits(SOURCE, candidate?.edits ?? []);
    expect(changed).toBe(SOURCE.replace(QUERY_LINE, SAFE_QUERY_LINE));
    expect(server.requests.map((r) => r.path)).toEqual([path]);
  });

  it('asks again after malformed JSON and uses the second answer', async () => {
    server.reply({ kind: 'answer', content: '{"title": "half an answer", "old_code": ' }, { kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE) });
    const outcome = await llmCandidates(fixContext(), settingsFor(flag), { alternatives: 0 });
    expect('candidates' in outcome).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.raw).toContain('not JSON matching the schema');
  });

  it('declines after two answers whose old_code is not in the file, saying how often it occurred', async () => {
    const wrong = answer('  const rows = db.query(name);', SAFE_QUERY_LINE);
    server.reply({ kind: 'answer', content: wrong }, { kind: 'answer', content: wrong });
    const outcome = await llmCandidates(fixContext(), settingsFor(flag), { alternatives: 0 });
    expect(outcome).toMatchObject({ declined: `${source} gave no usable fix: old_code must occur exactly once in the file; it occurred 0 times` });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.raw).toContain('it occurred 0 times');
  });

  it('retries a 429 through the SDK and succeeds on the second request', async () => {
    server.reply(
      { kind: 'error', status: 429, message: 'rate limited', headers: { 'retry-after-ms': '20' } },
      { kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE) },
    );
    const outcome = await llmCandidates(fixContext(), settingsFor(flag), { alternatives: 0 });
    expect('candidates' in outcome).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('never sends the secrets of the file, only markers, and restores them to locate old_code', async () => {
    const keyLine = `const AWS_ACCESS_KEY_ID = '${AWS_KEY}';`;
    server.reply({
      kind: 'answer',
      content: answer("const AWS_ACCESS_KEY_ID = '<redacted:secret-1>';", 'const AWS_ACCESS_KEY_ID = process.env.AWS_ACCESS_KEY_ID;'),
    });
    const context = fixContext({ rule_id: 'hardcoded-secret', line_number: 4, column: 27, end_line: 4, end_column: 49, code_snippet: keyLine });
    const outcome = await llmCandidates(context, settingsFor(flag), { alternatives: 0 });
    for (const request of server.requests) {
      expect(request.raw).not.toContain(AWS_KEY);
      expect(request.raw).not.toContain(API_TOKEN);
    }
    expect(server.requests[0]?.raw).toContain("const AWS_ACCESS_KEY_ID = '<redacted:secret-");
    expect(server.requests[0]?.raw).toContain('const apiToken = \\"<redacted:secret-');
    if (!('candidates' in outcome)) throw new Error(outcome.declined);
    expect(applyTextEdits(SOURCE, outcome.candidates[0]?.edits ?? [])).toContain('const AWS_ACCESS_KEY_ID = process.env.AWS_ACCESS_KEY_ID;\n');
  });
});

describe('llmCandidates errors and limits', () => {
  it('reports a rejected key as E_LLM_AUTH naming the environment variable, exit code 3', async () => {
    server.reply({ kind: 'error', status: 401, message: 'invalid api key' });
    const error = await llmCandidates(fixContext(), settingsFor('xai'), { alternatives: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AutonomousError);
    expect(error).toMatchObject({ code: 'E_LLM_AUTH', exitCode: 3, message: 'xai rejected the API key (HTTP 401): check XAI_API_KEY' });
    expect(server.requests).toHaveLength(1); // 401 is not retried
  });

  it('reports an Anthropic 403 the same way with ANTHROPIC_API_KEY', async () => {
    server.reply({ kind: 'error', status: 403, message: 'forbidden' });
    await expect(llmCandidates(fixContext(), settingsFor('anthropic'), { alternatives: 0 })).rejects.toMatchObject({
      code: 'E_LLM_AUTH',
      message: 'anthropic rejected the API key (HTTP 403): check ANTHROPIC_API_KEY',
    });
  });

  it('declines with "no answer within N s" when the reply comes after the timeout', async () => {
    server.reply({ kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE), delayMs: 10_000 });
    const started = Date.now();
    const outcome = await llmCandidates(fixContext(), settingsFor('xai', { timeoutMs: 400 }), { alternatives: 0 });
    expect(outcome).toMatchObject({ declined: 'no answer from xai within 0.4 s' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('fails with E_LLM after the SDK used up its retries on 5xx replies', async () => {
    const busy = { kind: 'error', status: 503, message: 'overloaded', headers: { 'retry-after-ms': '5' } } as const;
    server.reply(busy, busy);
    await expect(llmCandidates(fixContext(), settingsFor('xai', { maxRetries: 1 }), { alternatives: 0 })).rejects.toMatchObject({
      code: 'E_LLM',
      message: expect.stringContaining('HTTP 503') as string,
    });
    expect(server.requests).toHaveLength(2);
  });

  it('fails with E_LLM naming the server when nothing listens at the base URL', async () => {
    const settings = { ...settingsFor('xai', { maxRetries: 0 }), baseUrl: 'http://127.0.0.1:9/v1' };
    await expect(llmCandidates(fixContext(), settings, { alternatives: 0 })).rejects.toMatchObject({
      code: 'E_LLM',
      message: expect.stringContaining('Cannot connect to API') as string,
      hint: expect.stringContaining('http://127.0.0.1:9/v1') as string,
    });
  });

  it('passes an interruption by the caller through instead of declining', async () => {
    server.reply({ kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE), delayMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted by test')), 200);
    await expect(llmCandidates(fixContext(), settingsFor('xai'), { alternatives: 0, signal: controller.signal })).rejects.toThrow('interrupted by test');
  });

  it('records token usage over every attempt and prices known models', async () => {
    server.reply(
      { kind: 'answer', content: answer('nowhere in the file', 'x'), inputTokens: 1000, outputTokens: 200 },
      { kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE), inputTokens: 3000, outputTokens: 800 },
    );
    const outcome = await llmCandidates(fixContext(), settingsFor('xai'), { alternatives: 0 });
    // grok-4.3: $1.25 per 1M input tokens, $2.50 per 1M output tokens
    expect(outcome.usage).toEqual({ input_tokens: 4000, output_tokens: 1000, cost_usd: 0.0075 });
  });

  it('records a null cost for a model without a known price', async () => {
    server.reply({ kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE), inputTokens: 10, outputTokens: 5 });
    const outcome = await llmCandidates(fixContext(), settingsFor('openai-compatible/llama3'), { alternatives: 0 });
    expect(outcome.usage).toEqual({ input_tokens: 10, output_tokens: 5, cost_usd: null });
  });

  it('refuses new_code that carries a redaction marker, then declines', async () => {
    const leak = answer("const AWS_ACCESS_KEY_ID = '<redacted:secret-1>';", "const AWS_ACCESS_KEY_ID = '<redacted:secret-1>'; // kept");
    server.reply({ kind: 'answer', content: leak }, { kind: 'answer', content: leak });
    const outcome = await llmCandidates(fixContext(), settingsFor('xai'), { alternatives: 0 });
    expect('declined' in outcome && outcome.declined).toContain('new_code contains a <redacted:secret-N> marker');
  });

  it('refuses an answer that leaves the file unparseable', async () => {
    const broken = answer(QUERY_LINE, '  const rows = await db.query(;');
    server.reply({ kind: 'answer', content: broken }, { kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE) });
    const outcome = await llmCandidates(fixContext(), settingsFor('xai'), { alternatives: 0 });
    expect('candidates' in outcome).toBe(true);
    expect(server.requests[1]?.raw).toContain('does not parse after the change');
  });

  it('keeps usable alternatives after the main fix, drops the ones that do not match, and asks for them', async () => {
    const alternatives = [
      { title: 'Use a query builder', description: 'knex', old_code: QUERY_LINE, new_code: "  const rows = await db('users').where({ name });", tradeoffs: ['new dependency'] },
      { title: 'Bad', description: 'no match', old_code: 'not in the file', new_code: 'x', tradeoffs: [] },
    ];
    server.reply({ kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE, { alternatives }) });
    const outcome = await llmCandidates(fixContext(), settingsFor('xai'), { alternatives: 2 });
    if (!('candidates' in outcome)) throw new Error(outcome.declined);
    expect(outcome.candidates.map((c) => c.title)).toEqual(['Use a parameterised query', 'Use a query builder']);
    expect(outcome.candidates[1]).toMatchObject({ safety: 'unsafe', risks: ['new dependency'] });
    expect(server.requests[0]?.raw).toContain('up to 2 alternative approaches');
  });

  it('sends the key as the provider expects and a JSON schema for the answer', async () => {
    server.reply({ kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE) }, { kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE) });
    await llmCandidates(fixContext(), settingsFor('xai'), { alternatives: 0 });
    await llmCandidates(fixContext(), settingsFor('anthropic'), { alternatives: 0 });
    const [xai, anthropic] = server.requests;
    expect(xai?.headers.authorization).toBe(`Bearer ${FAKE_KEY}`);
    expect(xai?.body['response_format']).toMatchObject({ type: 'json_schema' });
    expect(anthropic?.headers['x-api-key']).toBe(FAKE_KEY);
    expect(anthropic?.raw).toContain('"old_code"');
  });

  it('answers through the JSON tool for Anthropic models without native structured output', async () => {
    server.reply({ kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE) });
    const outcome = await llmCandidates(fixContext(), settingsFor('anthropic/claude-3-haiku-20240307'), { alternatives: 0 });
    expect('candidates' in outcome).toBe(true);
    const tools = server.requests[0]?.body['tools'] as { name: string }[];
    expect(tools.map((tool) => tool.name)).toEqual(['json']);
  });

  it('sends no authorization header to an openai-compatible server without apiKeyEnv', async () => {
    server.reply({ kind: 'answer', content: answer(QUERY_LINE, SAFE_QUERY_LINE) });
    await llmCandidates(fixContext(), settingsFor('openai-compatible/llama3'), { alternatives: 0 });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });
});
