// The LLM source of proposals, as the proposer uses it: resolve the settings once per command,
// then ask for candidates per finding that no deterministic fixer handles.
export { llmCandidates, type LlmOptions, type LlmOutcome } from './generate.js';
export { llmSource, NO_LLM_REASON, parseLlmFlag, resolveLlmSettings, type LlmProvider, type LlmSettings } from './settings.js';
