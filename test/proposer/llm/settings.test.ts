// Choosing the provider, model, key and base URL from --llm, the config and the environment.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/core/config.js';
import { NO_LLM_REASON, parseLlmFlag, resolveLlmSettings } from '../../../src/proposer/llm/settings.js';

const llm = (extra: Record<string, unknown> = {}) => ({ ...defaultConfig().llm, ...extra });

describe('parseLlmFlag', () => {
  it.each([
    ['xai', { provider: 'xai', model: undefined }],
    ['anthropic/claude-opus-4-1', { provider: 'anthropic', model: 'claude-opus-4-1' }],
    ['openai-compatible/meta-llama/Llama-3.1-8B', { provider: 'openai-compatible', model: 'meta-llama/Llama-3.1-8B' }],
  ])('reads %s', (flag, expected) => {
    expect(parseLlmFlag(flag)).toEqual(expected);
  });

  it('rejects an unknown provider with E_USAGE naming the value and listing the providers', () => {
    expect(() => parseLlmFlag('gemini/pro')).toThrow(expect.objectContaining({ code: 'E_USAGE', message: expect.stringContaining('"gemini"') }));
    try {
      parseLlmFlag('gemini/pro');
    } catch (error) {
      expect((error as { hint: string }).hint).toContain('xai, anthropic, openai, openai-compatible');
    }
  });

  it('rejects an empty model after the slash', () => {
    expect(() => parseLlmFlag('xai/')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });
});

describe('resolveLlmSettings', () => {
  it('returns undefined when neither the flag nor the config names a provider', () => {
    expect(resolveLlmSettings(llm(), undefined, {})).toBeUndefined();
    expect(NO_LLM_REASON).toBe('no automatic fix; configure an LLM (docs/llm.md)');
  });

  it('uses the default model and the key from the provider environment variable', () => {
    expect(resolveLlmSettings(llm(), 'xai', { XAI_API_KEY: 'k1' })).toMatchObject({
      provider: 'xai',
      model: 'grok-4.3',
      apiKey: 'k1',
      apiKeyEnv: 'XAI_API_KEY',
      baseUrl: undefined,
      timeoutMs: 60_000,
      maxRetries: 2,
    });
  });

  it('takes provider, model and limits from the config when no flag is given', () => {
    const settings = resolveLlmSettings(llm({ provider: 'anthropic', model: 'claude-opus-4-1', timeoutMs: 5000 }), undefined, { ANTHROPIC_API_KEY: 'k' });
    expect(settings).toMatchObject({ provider: 'anthropic', model: 'claude-opus-4-1', timeoutMs: 5000 });
  });

  it('does not give the config model or base URL of another provider to the --llm provider', () => {
    const config = llm({ provider: 'openai-compatible', model: 'llama3', baseUrl: 'http://127.0.0.1:11434/v1' });
    expect(resolveLlmSettings(config, 'anthropic', { ANTHROPIC_API_KEY: 'k' })).toMatchObject({ model: 'claude-sonnet-4-5', baseUrl: undefined });
  });

  it('fails with E_CONFIG naming the variable when the key is missing', () => {
    expect(() => resolveLlmSettings(llm(), 'openai', { OPENAI_API_KEY: ' ' })).toThrow(
      expect.objectContaining({ code: 'E_CONFIG', message: expect.stringContaining('OPENAI_API_KEY') }),
    );
  });

  it('lets AUTONOMOUS_LLM_BASE_URL override the base URL of any provider', () => {
    const env = { XAI_API_KEY: 'k', AUTONOMOUS_LLM_BASE_URL: 'http://127.0.0.1:9/v1' };
    expect(resolveLlmSettings(llm({ baseUrl: 'https://proxy.example/v1' }), 'xai', env)?.baseUrl).toBe('http://127.0.0.1:9/v1');
  });

  it('requires a base URL and a model for openai-compatible, but no key unless apiKeyEnv names one', () => {
    expect(() => resolveLlmSettings(llm(), 'openai-compatible/llama3', {})).toThrow(expect.objectContaining({ code: 'E_CONFIG', message: expect.stringContaining('llm.baseUrl') }));
    expect(() => resolveLlmSettings(llm({ baseUrl: 'http://127.0.0.1:11434/v1' }), 'openai-compatible', {})).toThrow(
      expect.objectContaining({ code: 'E_CONFIG', message: expect.stringContaining('needs a model') }),
    );
    expect(resolveLlmSettings(llm({ baseUrl: 'http://127.0.0.1:11434/v1' }), 'openai-compatible/llama3', {})).toMatchObject({
      apiKey: undefined,
      apiKeyEnv: undefined,
    });
    const withKey = llm({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', apiKeyEnv: 'VLLM_KEY' });
    expect(() => resolveLlmSettings(withKey, undefined, {})).toThrow(expect.objectContaining({ message: expect.stringContaining('VLLM_KEY') }));
    expect(resolveLlmSettings(withKey, undefined, { VLLM_KEY: 'v' })?.apiKey).toBe('v');
  });
});
