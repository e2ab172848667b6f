// Token prices: known models are priced, dated snapshots cost what their alias costs, others are null.
import { describe, expect, it } from 'vitest';
import { priceOf, tokenUsage } from '../../../src/proposer/llm/provider.js';
import { DEFAULT_MODELS } from '../../../src/proposer/llm/settings.js';

describe('token usage and cost', () => {
  it('prices every default model', () => {
    for (const [provider, model] of Object.entries(DEFAULT_MODELS)) expect(priceOf(provider, model), `${provider}/${model}`).toBeDefined();
  });

  it('computes the cost from the per-million prices', () => {
    expect(tokenUsage('anthropic', 'claude-sonnet-4-5', 2_000, 1_000)).toEqual({ input_tokens: 2000, output_tokens: 1000, cost_usd: 0.021 });
  });

  it('prices a dated snapshot like its alias', () => {
    expect(priceOf('anthropic', 'claude-sonnet-4-5-20250929')).toEqual(priceOf('anthropic', 'claude-sonnet-4-5'));
    expect(priceOf('openai', 'gpt-4.1-2025-04-14')).toEqual(priceOf('openai', 'gpt-4.1'));
  });

  it('gives a null cost for unknown and local models', () => {
    expect(tokenUsage('openai-compatible', 'gpt-4o', 10, 10).cost_usd).toBeNull();
    expect(tokenUsage('xai', 'grok-99', 10, 10).cost_usd).toBeNull();
  });
});
