// Decides which rules run and with what options and severity, from the registry and the
// project configuration; also the key that ties cached results to that rule set.
import { createHash } from 'node:crypto';
import type { Config } from '../core/config.js';
import type { EnabledRule } from './engine.js';
import { AutonomousError } from '../core/errors.js';
import type { Category, Severity } from '../models/finding.js';
import { ENGINE_RULES } from './finding-builder.js';
import type { RuleMeta } from './rule.js';
import { fileRules } from './rules/index.js';
import { projectRules } from './rules/project.js';
import { securityCheckMetas } from '../security/rule-metas.js';

export interface RuleSpec {
  id: string;
  options: Record<string, unknown>;
}

export interface RulePlan {
  /** File rules to run, by id, with merged options (sent to workers as data). */
  fileRules: RuleSpec[];
  projectRules: RuleSpec[];
  /** Severity overrides from the configuration. */
  severity: Map<string, Severity>;
  /** Changes whenever a change of rules or options can change per-file results. */
  cacheKey: string;
}

/** `--rule` and `--category` narrow what is reported, not what runs, so one cache serves every filter. */
export interface RuleFilter {
  rules?: string[];
  categories?: Category[];
  /** Rules to run even when they are off by default (security-scan turns on the costly ones). */
  enable?: string[];
}

/** Metadata of every rule the scanner knows, including the engine's own. */
export function allRuleMetas(): RuleMeta[] {
  const engine: RuleMeta[] = Object.entries(ENGINE_RULES).map(([id, info]) => ({
    id,
    category: 'quality',
    severity: 'info',
    description: info.description,
    recommendation: info.recommendation,
    messages: {},
  }));
  return [...fileRules.map((r) => r.meta), ...projectRules.map((r) => r.meta), ...securityCheckMetas, ...engine];
}

export function planRules(config: Config, filter: RuleFilter, toolVersion: string): RulePlan {
  validateFilter(filter);
  const known = new Set(allRuleMetas().map((m) => m.id));
  for (const id of Object.keys(config.rules)) {
    if (!known.has(id)) {
      throw new AutonomousError('E_CONFIG', `rules.${id}: unknown rule "${id}"`, {
        hint: 'Run `autonomous rules` to list the rule ids.',
      });
    }
  }
  const severity = new Map<string, Severity>();
  const select = (meta: RuleMeta): RuleSpec | undefined => {
    const setting = config.rules[meta.id];
    let enabled = meta.enabledByDefault !== false || (filter.enable ?? []).includes(meta.id);
    let options: Record<string, unknown> = { ...meta.defaultOptions };
    if (setting !== undefined) {
      const level = typeof setting === 'string' ? setting : setting.severity;
      if (level === 'off') enabled = false;
      else if (level !== undefined) {
        enabled = true;
        severity.set(meta.id, level);
      }
      if (typeof setting === 'object') {
        options = { ...options, ...setting.options };
        if (setting.severity === undefined) enabled = true;
      }
    }
    return enabled ? { id: meta.id, options } : undefined;
  };
  const file = fileRules.map((r) => select(r.meta)).filter((s): s is RuleSpec => s !== undefined);
  const project = projectRules.map((r) => select(r.meta)).filter((s): s is RuleSpec => s !== undefined);
  const cacheKey = createHash('sha256')
    .update(JSON.stringify({ toolVersion, rules: file }))
    .digest('hex')
    .slice(0, 16);
  return { fileRules: file, projectRules: project, severity, cacheKey };
}

function validateFilter(filter: RuleFilter): void {
  const known = new Set(allRuleMetas().map((m) => m.id));
  for (const id of filter.rules ?? []) {
    if (!known.has(id)) {
      throw new AutonomousError('E_USAGE', `--rule ${id}: unknown rule`, { hint: 'Run `autonomous rules` to list the rule ids.' });
    }
  }
}

/** The rule objects for planned specs, with their merged options, as the engine takes them. */
export function enabledRules(specs: readonly RuleSpec[]): EnabledRule[] {
  const byId = new Map(fileRules.map((rule) => [rule.meta.id, rule]));
  return specs.flatMap((spec) => {
    const rule = byId.get(spec.id);
    return rule ? [{ rule, options: spec.options }] : [];
  });
}
