// The language model behind each provider name, built with the Vercel AI SDK providers, and the
// token prices that turn a call's usage into an estimated cost. Keys go from the settings (read
// from the environment) straight into the SDK's request headers; nothing here logs or stores them.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createXai } from '@ai-sdk/xai';
import type { LanguageModel } from 'ai';
import type { TokenUsage } from '../../models/proposal.js';
import type { LlmSettings } from './settings.js';

/**
 * OpenAI goes through its chat-completions API (`.chat`), not the SDK's default Responses API:
 * one wire format for xai, openai and openai-compatible servers, and the same structured-output
 * request (`response_format: json_schema`) everywhere.
 */
export function createLanguageModel(settings: LlmSettings): LanguageModel {
  const baseURL = settings.baseUrl;
  switch (settings.provider) {
    case 'xai':
      return createXai({ apiKey: settings.apiKey, baseURL }).chat(settings.model);
    case 'anthropic':
      return createAnthropic({ apiKey: settings.apiKey, baseURL }).languageModel(settings.model);
    case 'openai':
      return createOpenAI({ apiKey: settings.apiKey, baseURL }).chat(settings.model);
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'openai-compatible',
        // resolveLlmSettings guarantees a base URL for this provider
        baseURL: baseURL ?? '',
        apiKey: settings.apiKey,
        supportsStructuredOutputs: true,
      }).chatModel(settings.model);
  }
}

/** US dollars per million tokens, from the providers' public price lists. */
interface Price {
  input: number;
  output: number;
}

/**
 * List prices (USD per 1M tokens) of the models we know, as published by xAI, Anthropic and OpenAI.
 * A model not listed (and every openai-compatible server, usually local) gets a null cost.
 */
export const PRICES: Readonly<Record<string, Price>> = {
  'xai/grok-4.3': { input: 1.25, output: 2.5 },
  'xai/grok-4': { input: 3, output: 15 },
  'xai/grok-3': { input: 3, output: 15 },
  'xai/grok-3-mini': { input: 0.3, output: 0.5 },
  'anthropic/claude-sonnet-4-5': { input: 3, output: 15 },
  'anthropic/claude-sonnet-4-0': { input: 3, output: 15 },
  'anthropic/claude-opus-4-1': { input: 15, output: 75 },
  'anthropic/claude-haiku-4-5': { input: 1, output: 5 },
  'openai/gpt-5': { input: 1.25, output: 10 },
  'openai/gpt-5-mini': { input: 0.25, output: 2 },
  'openai/gpt-5-nano': { input: 0.05, output: 0.4 },
  'openai/gpt-4.1': { input: 2, output: 8 },
  'openai/gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'openai/gpt-4o': { input: 2.5, output: 10 },
  'openai/gpt-4o-mini': { input: 0.15, output: 0.6 },
};

/** Dated snapshots (`claude-sonnet-4-5-20250929`, `gpt-4.1-2025-04-14`) cost what their alias costs. */
export function priceOf(provider: string, model: string): Price | undefined {
  const key = `${provider}/${model}`;
  return PRICES[key] ?? PRICES[key.replace(/-\d{4}-?\d{2}-?\d{2}$/, '')];
}

export function tokenUsage(provider: string, model: string, input: number, output: number): TokenUsage {
  const price = priceOf(provider, model);
  const cost = price === undefined ? null : (input * price.input + output * price.output) / 1_000_000;
  return { input_tokens: input, output_tokens: output, cost_usd: cost === null ? null : Math.round(cost * 1e6) / 1e6 };
}
