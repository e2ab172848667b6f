// `autonomous add-types <target>`: proposes explicit return types for exported functions (JSDoc
// `@returns` in type-checked JavaScript), computed by the TypeScript language service over the
// project's own tsconfig, and with --params parameter types inferred from usage (unsafe: they
// narrow what callers may pass). One proposal per file and kind, saved for review; nothing is
// applied here.
import type { Command } from 'commander';
import { AutonomousError } from '../../core/errors.js';
import type { GlobalOptions } from '../main.js';
import type { AddTypesFlags } from './add-types-action.js';

export function registerAddTypes(program: Command, globals: () => GlobalOptions, root: () => string): void {
  program
    .command('add-types')
    .description('Propose explicit return types for exported functions, inferred by TypeScript (one proposal per file).')
    .argument('<target>', 'file or folder inside the repository')
    .option('--auto-approve-safe', 'run the workflow: propose per function, validate, apply what the policy marks safe on an auto/... branch, run the tests')
    .option('--no-tests', 'with --auto-approve-safe: do not run the tests after applying')
    .option('--unused-imports', "also propose removing unused imports (TypeScript's own fix; side-effect imports are kept)")
    .option('--params', "also propose parameter types inferred from usage (TypeScript's own fix; unsafe, for review)")
    .option('-f, --format <format>', 'output format: text or json', 'text')
    .addHelpText(
      'after',
      `
Files: .ts/.tsx/.mts/.cts under the target (respecting .gitignore and the config's include/exclude),
and .js files that TypeScript checks (checkJs in tsconfig/jsconfig, or a // @ts-check comment).

Types that are unsafe to write down are skipped with a reason: types containing \`any\`, object
types longer than 120 characters, inline import("...") types, and names the module does not export.

--params adds, per file, a separate proposal with the parameter types TypeScript infers from how
each untyped parameter is used (as with noImplicitAny on): \`: T\` in TypeScript, JSDoc @param in
type-checked JavaScript. It is always unsafe: a parameter that was \`any\` then rejects what does
not fit, so callers elsewhere may stop compiling. The file and the files importing it must still
type-check. Destructured parameters and types that need a new import are skipped with a reason.

Without --auto-approve-safe the proposals are saved for review (\`autonomous implement <ids>\`
applies them). With it, this is the design's "add type hints" example: a preset of \`autonomous
improve\` over the missing-return-type findings, with the exit codes of improve.

Exit codes: 0 proposals saved (or nothing to do), 2 bad usage or a target that does not exist.`,
    )
    .action(async (target: string, flags: AddTypesFlags & { tests?: boolean }) => {
      if (flags.autoApproveSafe && flags.params) {
        throw new AutonomousError('E_USAGE', '--params cannot be combined with --auto-approve-safe: parameter types are unsafe (they narrow what callers may pass) and always need a review', {
          hint: 'Run `autonomous add-types <target> --params` and review the proposals.',
        });
      }
      if (flags.autoApproveSafe) {
        const { runImproveCommand } = await import('./improve-action.js');
        process.exitCode = await runImproveCommand([target], { rule: 'missing-return-type', autoApproveSafe: true, tests: flags.tests !== false }, globals(), root(), 'add-types');
        return;
      }
      // Loaded on use: the TypeScript compiler is large and only this command needs it.
      const { runAddTypes } = await import('./add-types-action.js');
      process.exitCode = runAddTypes(target, flags, globals(), root());
    });
}
