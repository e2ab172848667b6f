// Fixer for empty-catch: fills an empty catch block (or empty `.catch()` handler) per
// `proposer.emptyCatch`: 'log' logs the error (through a `logger` the file already has, else
// console.error) and is safe, since it only adds output and the control flow stays the same;
// 'rethrow' rethrows it and is unsafe, because the error now propagates to callers.
// A catch without a binding gets one (`catch {` -> `catch (error) {`), named to avoid clashes.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { declined, type FixCandidate, type FixContext, type Fixer } from './types.js';
import { indentAt, nodeAtFinding, replace, uniqueName } from './ast-helpers.js';
import type { TextEdit } from '../edits.js';

/**
 * A `logger` binding declared at the top of the file (import, require or const). Only that name:
 * a `log` may well be a plain function without `.error`, and calling that would throw.
 */
function fileLogger(program: TSESTree.Program): string | undefined {
  const names = new Set<string>();
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration') for (const s of statement.specifiers) names.add(s.local.name);
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration') {
      for (const d of declaration.declarations) if (d.id.type === 'Identifier') names.add(d.id.name);
    }
  }
  return names.has('logger') ? 'logger' : undefined;
}

interface CatchTarget {
  block: TSESTree.BlockStatement;
  paramName: string;
  /** Edits binding a parameter when there is none. */
  edits: TextEdit[];
  kind: 'catch block' | '.catch() handler';
}

/** The empty block to fill and the name of the error in it (bound when missing), or why not. */
function catchTarget(ctx: FixContext, found: TSESTree.Node): CatchTarget | string {
  if (found.type === 'BlockStatement' && found.parent?.type === 'CatchClause') {
    const param = found.parent.param;
    if (param?.type === 'Identifier') return { block: found, paramName: param.name, edits: [], kind: 'catch block' };
    if (param) return 'the catch binding is a destructuring pattern; there is no single error value to log';
    const paramName = uniqueName(ctx.program, 'error');
    return { block: found, paramName, edits: [replace(ctx.filePath, [found.parent.range[0], found.range[0]], `catch (${paramName}) `)], kind: 'catch block' };
  }
  if ((found.type !== 'ArrowFunctionExpression' && found.type !== 'FunctionExpression') || found.body.type !== 'BlockStatement') {
    return 'no empty catch block or handler at the finding location';
  }
  const first = found.params[0];
  if (first?.type === 'Identifier') return { block: found.body, paramName: first.name, edits: [], kind: '.catch() handler' };
  if (first) return 'the handler parameter is a pattern; there is no single error value to log';
  const open = ctx.source.indexOf('(', found.range[0]);
  if (open === -1 || open > found.body.range[0]) return 'cannot find the parameter list of the handler';
  const paramName = uniqueName(ctx.program, 'error');
  return { block: found.body, paramName, edits: [replace(ctx.filePath, [open, open + 1], `(${paramName}`)], kind: '.catch() handler' };
}

const fixer: Fixer = {
  ruleId: 'empty-catch',
  description: "Logs (safe) or rethrows (unsafe) the error in an empty catch block, per `proposer.emptyCatch`.",
  fix(ctx) {
    const mode = ctx.config.proposer.emptyCatch;
    const found = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['BlockStatement', 'ArrowFunctionExpression', 'FunctionExpression']);
    const target = found ? catchTarget(ctx, found) : 'no empty catch block or handler at the finding location';
    if (typeof target === 'string') return declined(target);
    const { block, paramName, edits } = target;
    const logger = fileLogger(ctx.program);
    const line = mode === 'rethrow' ? `throw ${paramName};` : `${logger ?? 'console'}.error(${paramName});`;
    const indent = indentAt(ctx.source, block.range[0]);
    edits.push(replace(ctx.filePath, block, `{\n${indent}  ${line}\n${indent}}`));

    const candidate: FixCandidate =
      mode === 'rethrow'
        ? {
            title: 'Rethrow the error instead of swallowing it',
            description: `Adds \`${line}\` to the empty ${target.kind}.`,
            edits,
            safety: 'unsafe',
            rationale: 'A swallowed error hides failures; rethrowing lets the caller decide, as if there were no catch.',
            benefits: ['Failures surface where they can be handled or reported'],
            risks: ['Errors that were silently ignored now propagate to callers and may crash a process or fail a request.'],
            test_strategy: 'Run the tests of the callers; add a test making the guarded call fail and checking the caller handles it.',
          }
        : {
            title: `Log the swallowed error with ${logger ?? 'console'}.error`,
            description: `Adds \`${line}\` to the empty ${target.kind}; control flow is unchanged.`,
            edits,
            safety: 'safe',
            rationale: 'The error is still handled as before (nothing propagates), but it is no longer invisible.',
            benefits: ['Failures become visible in logs without changing behaviour'],
            risks: ['More log output; an error that happens in a hot path may log often.'],
            test_strategy: 'Behaviour is unchanged; the existing tests cover it. Optionally assert the log line when the guarded call fails.',
          };
    return { candidates: [candidate] };
  },
};

export default fixer;
