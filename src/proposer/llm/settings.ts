// Which LLM to ask and how: the provider and model from `--llm provider/model` or the config's
// `llm` section, the API key from the environment (never from a file), the base URL, timeout,
// retries and output budget. Pure: the environment is passed in, nothing is read or written here.
import type { z } from 'zod';
import { LLM_PROVIDERS, type LlmConfig } from '../../core/config.js';
import { AutonomousError } from '../../core/errors.js';

export type LlmProvider = (typeof LLM_PROVIDERS)[number];

export interface LlmSettings {
  provider: LlmProvider;
  model: string;
  /** API base URL override; undefined means the provider's public endpoint. */
  baseUrl: string | undefined;
  /** The key itself, held in memory only; undefined for local servers that need none. */
  apiKey: string | undefined;
  /** Where the key came from, for messages ("check XAI_API_KEY"). */
  apiKeyEnv: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  maxOutputTokens: number;
}

/**
 * Defaults picked from the model ids the installed providers know: xAI's Grok (the design's
 * default for speed and cost), a Claude Sonnet, a GPT. openai-compatible servers have no default.
 */
export const DEFAULT_MODELS: Record<Exclude<LlmProvider, 'openai-compatible'>, string> = {
  xai: 'grok-4.3',
  anthropic: 'claude-sonnet-4-5',
  openai: 'gpt-5-mini',
};

export const KEY_ENV: Record<Exclude<LlmProvider, 'openai-compatible'>, string> = {
  xai: 'XAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
};

/** Overrides the base URL of whichever provider is used (local proxies, tests). */
export const BASE_URL_ENV = 'AUTONOMOUS_LLM_BASE_URL';

type LlmConfigValue = z.infer<typeof LlmConfig>;

/** `xai`, `xai/grok-4.3`, `openai-compatible/meta-llama/Llama-3.1-8B` (model ids may hold slashes). */
export function parseLlmFlag(value: string): { provider: LlmProvider; model: string | undefined } {
  const trimmed = value.trim();
  const slash = trimmed.indexOf('/');
  const name = slash === -1 ? trimmed : trimmed.slice(0, slash);
  const model = slash === -1 ? undefined : trimmed.slice(slash + 1).trim();
  if (!isProvider(name)) {
    throw new AutonomousError('E_USAGE', `--llm ${JSON.stringify(value)}: unknown provider ${JSON.stringify(name)}`, {
      hint: `use one of ${LLM_PROVIDERS.join(', ')}, optionally followed by /<model> (e.g. --llm xai/${DEFAULT_MODELS.xai})`,
    });
  }
  if (model === '') {
    throw new AutonomousError('E_USAGE', `--llm ${JSON.stringify(value)}: the model after "/" is empty`, {
      hint: `write --llm ${name} for its default model, or --llm ${name}/<model>`,
    });
  }
  return { provider: name, model };
}

function isProvider(name: string): name is LlmProvider {
  return (LLM_PROVIDERS as readonly string[]).includes(name);
}

/**
 * The settings to use, or undefined when no provider is configured (then findings without a fixer
 * get "no automatic fix"). Throws a one-line AutonomousError for a missing key or model.
 */
export function resolveLlmSettings(
  config: LlmConfigValue,
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): LlmSettings | undefined {
  const chosen = flag === undefined ? undefined : parseLlmFlag(flag);
  const provider = chosen?.provider ?? config.provider;
  if (provider === undefined) return undefined;
  const own = providerConfig(config, provider);
  const model = chosen?.model ?? own.model ?? defaultModel(provider);
  const baseUrl = nonEmpty(env[BASE_URL_ENV]) ?? own.baseUrl;

  if (provider === 'openai-compatible') requireServer(baseUrl, model);
  const apiKeyEnv = provider === 'openai-compatible' ? own.apiKeyEnv : KEY_ENV[provider];
  const apiKey = apiKeyEnv === undefined ? undefined : nonEmpty(env[apiKeyEnv]);
  if (apiKeyEnv !== undefined && apiKey === undefined) {
    throw new AutonomousError('E_CONFIG', `llm: ${provider} needs an API key in the environment variable ${apiKeyEnv}, which is not set`, {
      hint: `export ${apiKeyEnv}=... (keys are read only from the environment, never from files; see docs/llm.md)`,
    });
  }
  return {
    provider,
    model: model as string,
    baseUrl,
    apiKey,
    apiKeyEnv,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    maxOutputTokens: config.maxOutputTokens,
  };
}

/**
 * The config's model, base URL and key variable belong to the config's provider: `--llm anthropic`
 * must not send a Grok model id to Anthropic, nor an Anthropic key to the config's local server.
 */
function providerConfig(config: LlmConfigValue, provider: LlmProvider): Pick<LlmConfigValue, 'model' | 'baseUrl' | 'apiKeyEnv'> {
  if (config.provider !== undefined && config.provider !== provider) return {};
  return { model: config.model, baseUrl: config.baseUrl, apiKeyEnv: config.apiKeyEnv };
}

/** A compatible server has no public endpoint nor default model to fall back on. */
function requireServer(baseUrl: string | undefined, model: string | undefined): void {
  if (baseUrl === undefined) {
    throw new AutonomousError('E_CONFIG', 'llm: the openai-compatible provider needs llm.baseUrl (the server address)', {
      hint: 'e.g. "llm": { "provider": "openai-compatible", "baseUrl": "http://127.0.0.1:11434/v1", "model": "qwen2.5-coder" } (see docs/llm.md)',
    });
  }
  if (model === undefined) {
    throw new AutonomousError('E_CONFIG', 'llm: the openai-compatible provider needs a model (llm.model or --llm openai-compatible/<model>)', {
      hint: 'use the model name the server lists (Ollama: `ollama list`)',
    });
  }
}

function defaultModel(provider: LlmProvider): string | undefined {
  return provider === 'openai-compatible' ? undefined : DEFAULT_MODELS[provider];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** `llm:<provider>/<model>`, the Proposal.source of everything this provider proposes. */
export function llmSource(settings: Pick<LlmSettings, 'provider' | 'model'>): string {
  return `llm:${settings.provider}/${settings.model}`;
}

/** What a finding without a fixer gets when no provider is configured. */
export const NO_LLM_REASON = 'no automatic fix; configure an LLM (docs/llm.md)';
