// The LLM path end to end: the built binary, `propose --llm xai/...`, the real AI SDK provider
// pointed (AUTONOMOUS_LLM_BASE_URL) at a local server that speaks the OpenAI-compatible chat
// completions protocol xAI uses. The finding is one no built-in fixer can prove safe to fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/models/finding.js';
import { Proposal } from '../../src/models/proposal.js';
import { startLlmServer, type LlmServer } from '../helpers/llm-server.js';
import { fixtureRepo, runCli, runCliAsync } from '../helpers/cli.js';

const OLD = "  if (forecast.days.length == 0) return 'no forecast';";
const NEW = "  if (forecast.days.length === 0) return 'no forecast';";

describe('propose with an LLM', () => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await startLlmServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('asks the model for findings no fixer handles, checks its answer and records token usage', async () => {
    const repo = fixtureRepo('demo');
    const scan = JSON.parse(runCli(['scan', 'src', '--format', 'json'], repo).stdout) as { findings: Finding[] };
    const finding = scan.findings.find((f) => f.rule_id === 'loose-equality')!;
    server.reply({
      kind: 'answer',
      content: JSON.stringify({
        title: 'Compare the length strictly',
        description: 'length is a number, so === keeps the meaning.',
        old_code: OLD,
        new_code: NEW,
        rationale: 'Strict equality does not convert types.',
        benefits: ['No surprising coercion'],
        risks: ['None for a number compared with a number'],
        test_strategy: 'Run the summary tests.',
        test_cases: [{ name: 'an empty forecast says so', description: 'days: [] gives "no forecast"', code: null }],
        safety: 'safe',
        alternatives: [],
      }),
      inputTokens: 1200,
      outputTokens: 150,
    });
    const env = { XAI_API_KEY: 'xai-test-key-not-real', AUTONOMOUS_LLM_BASE_URL: server.baseUrl };
    const result = await runCliAsync(['propose', finding.finding_id, '--llm', 'xai/grok-4.3', '--format', 'json'], repo, env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [proposal] = (JSON.parse(result.stdout) as { proposals: unknown[] }).proposals.map((p) => Proposal.parse(p));
    expect(proposal).toMatchObject({ source: 'llm:xai/grok-4.3', safety: 'unsafe', finding_id: finding.finding_id });
    expect(proposal!.new_code).toContain('=== 0');
    expect(proposal!.usage).toMatchObject({ input_tokens: 1200, output_tokens: 150 });
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer xai-test-key-not-real');
    expect(request.raw).toContain('loose-equality');
    expect(request.raw).toContain('forecast.days.length == 0');
  }, 120_000);

  it('says clearly when the key is missing, without a stack trace', () => {
    const repo = fixtureRepo('demo');
    runCli(['scan', 'src'], repo);
    const result = runCli(['propose', '--all', '--llm', 'anthropic'], repo, { ANTHROPIC_API_KEY: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ANTHROPIC_API_KEY, which is not set/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
