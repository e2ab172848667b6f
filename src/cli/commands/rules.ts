// `autonomous rules`: the rule catalogue (id, category, severity, CWE, description).
import type { Command } from 'commander';
import { allRuleMetas } from '../../scanner/rule-config.js';

export function registerRules(program: Command): void {
  program
    .command('rules')
    .description('List every rule with its category, default severity and CWE.')
    .option('--json', 'print the catalogue as JSON')
    .action((flags: { json?: boolean }) => {
      const metas = allRuleMetas();
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
