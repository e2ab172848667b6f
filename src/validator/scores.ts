// The validator's risk and confidence scores (security and quality scores come from their layers).
// Formulas, also in docs/validation.md:
//   risk = base(risk_level: low 0.1, medium 0.35, high 0.65, critical 0.9)
//          + 0.2 when an exported signature changes + min(0.2, 0.02 x call sites)
//          + 0.1 when a core path is touched - coverage bonus (0.1 at >= 80% touched coverage,
//          0.05 at >= 50%), clamped to [0, 1].
//   confidence = 0.9 - 0.15 when touched coverage is unknown or < 50% - 0.05 when the proposal has
//          no test cases - 0.1 for an LLM-made proposal - 0.05 per skipped layer or tool,
//          clamped to [0, 1].
import type { RiskLevel } from '../models/proposal.js';

export const RISK_BASE: Record<RiskLevel, number> = { low: 0.1, medium: 0.35, high: 0.65, critical: 0.9 };

function clamp(value: number): number {
  return Math.min(1, Math.max(0, Math.round(value * 1000) / 1000));
}

export interface RiskInput {
  riskLevel: RiskLevel;
  breaking: boolean;
  callSites: number;
  corePath: boolean;
  coveragePercent: number | null;
}

export function riskScore(input: RiskInput): number {
  let score = RISK_BASE[input.riskLevel];
  if (input.breaking) score += 0.2;
  score += Math.min(0.2, 0.02 * input.callSites);
  if (input.corePath) score += 0.1;
  if (input.coveragePercent !== null) score -= input.coveragePercent >= 80 ? 0.1 : input.coveragePercent >= 50 ? 0.05 : 0;
  return clamp(score);
}

export interface ConfidenceInput {
  coveragePercent: number | null;
  hasTestCases: boolean;
  source: string;
  /** Layers and tools that could not run. */
  skipped: number;
}

export function confidenceScore(input: ConfidenceInput): number {
  let score = 0.9;
  if (input.coveragePercent === null || input.coveragePercent < 50) score -= 0.15;
  if (!input.hasTestCases) score -= 0.05;
  if (input.source.startsWith('llm:')) score -= 0.1;
  score -= 0.05 * input.skipped;
  return clamp(score);
}
