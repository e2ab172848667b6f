// `autonomous rules`: the rule catalogue (id, category, severity, CWE, description).
import type { Command } from 'commander';
import type { RuleMeta } from '../../scanner/rule.js';
import { allRuleMetas } from '../../scanner/rule-config.js';

/** The rule table of README.md (between the `rules:start` and `rules:end` markers). */
export function rulesMarkdownTable(metas: readonly RuleMeta[]): string {
  const rows = [...metas]
    .sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id))
    .map((m) => {
      const cwe = (m.cwe ?? []).join(', ') || '—';
      return `| [${m.id}](docs/rules/${m.id}.md) | ${m.category} | ${m.severity} | ${cwe} | ${m.fixable ? 'yes' : ''} | ${m.description} |`;
    });
  return ['| Rule | Category | Severity | CWE | Fixer | What it finds |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

export function registerRules(program: Command): void {
  program
    .command('rules')
    .description('List every rule with its category, default severity and CWE.')
    .option('--json', 'print the catalogue as JSON')
    .option('--markdown', 'print the catalogue as a Markdown table')
    .action((flags: { json?: boolean; markdown?: boolean }) => {
      const metas = allRuleMetas();
      if (flags.markdown) {
        process.stdout.write(`${rulesMarkdownTable(metas)}\n`);
        return;
      }
      if (flags.json) {
        const out = metas.map((m) => ({
          id: m.id,
          category: m.category,
          severity: m.severity,
          cwe: m.cwe ?? [],
          description: m.description,
          fixable: m.fixable ?? false,
        }));
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      const width = Math.max(...metas.map((m) => m.id.length));
      for (const m of metas) {
        const cwe = (m.cwe ?? []).join(',');
        process.stdout.write(`${m.id.padEnd(width)}  ${m.category.padEnd(14)} ${m.severity.padEnd(8)} ${cwe.padEnd(16)} ${m.description}\n`);
      }
    });
}
