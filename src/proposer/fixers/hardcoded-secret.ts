// Fixer for hardcoded-secret: the literal becomes `process.env.NAME` (NAME from the variable or
// property it is stored under, in UPPER_SNAKE_CASE) and `NAME=` (empty) is added to .env.example
// at the repository root. The secret itself never appears in any edit, title or text this fixer
// produces. Unsafe: the program now needs NAME at run time, and the secret must still be rotated
// (it stays in the version history).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { declined, type Fixer } from './types.js';
import { insert, nodeAtFinding, propertyKey, replace, upperSnake } from './ast-helpers.js';
import type { TextEdit } from '../edits.js';

const ENV_EXAMPLE = '.env.example';

/** The name the value is stored under, or undefined when it is anonymous. */
function targetName(node: TSESTree.Node): string | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === node && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'Property':
      return parent.value === node ? propertyKey(parent) : undefined;
    case 'PropertyDefinition':
      return parent.value === node ? propertyKey(parent) : undefined;
    case 'AssignmentExpression':
      if (parent.right !== node) return undefined;
      if (parent.left.type === 'Identifier') return parent.left.name;
      if (parent.left.type === 'MemberExpression' && !parent.left.computed && parent.left.property.type === 'Identifier') return parent.left.property.name;
      return undefined;
    case 'AssignmentPattern':
      return parent.right === node && parent.left.type === 'Identifier' ? parent.left.name : undefined;
    default:
      return undefined;
  }
}

/** Adds `NAME=` to .env.example (created when missing), or nothing when NAME is listed already. */
export function envExampleEdit(current: string | undefined, name: string): TextEdit | undefined {
  if (current === undefined) return insert(ENV_EXAMPLE, 0, `${name}=\n`);
  const listed = current.split(/\r?\n/).some((line) => new RegExp(`^\\s*(export\\s+)?${name}\\s*=`).test(line));
  if (listed) return undefined;
  const separator = current.length === 0 || current.endsWith('\n') ? '' : '\n';
  return insert(ENV_EXAMPLE, current.length, `${separator}${name}=\n`);
}

const fixer: Fixer = {
  ruleId: 'hardcoded-secret',
  description: 'Moves a hard-coded secret to `process.env.NAME` and lists NAME in .env.example (unsafe: NAME must be set at run time).',
  fix(ctx) {
    const literal = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['Literal', 'TemplateLiteral']);
    if (!literal) return declined('no string literal at the finding location');
    if (literal.type === 'TemplateLiteral' && literal.expressions.length > 0) {
      return declined('the secret is part of a template with interpolations; move it by hand');
    }
    const stored = targetName(literal);
    if (stored === undefined) return declined('the value is not stored under a variable or property name to name the environment variable after');
    const name = upperSnake(stored);
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) return declined('the variable name does not make a valid environment variable name');
    const parent = literal.parent;
    if (parent?.type === 'Property' && parent.parent?.type === 'ObjectPattern') return declined('the value is a destructuring default');
    const edits: TextEdit[] = [replace(ctx.filePath, literal, `process.env.${name}`)];
    const example = envExampleEdit(ctx.readFile(ENV_EXAMPLE), name);
    if (example) edits.push(example);
    return {
      candidates: [
        {
          title: `Read the secret from the environment variable ${name}`,
          description: `Replaces the hard-coded value of \`${stored}\` with \`process.env.${name}\`${example ? ` and adds \`${name}=\` (empty) to ${ENV_EXAMPLE}` : ` (${name} is already listed in ${ENV_EXAMPLE})`}.`,
          edits,
          safety: 'unsafe',
          rationale: 'A secret in the source is readable by everyone with access to the code or its history; the environment keeps it out.',
          benefits: ['The secret leaves the source code', 'Each environment can use its own value'],
          risks: [
            `The program now needs ${name} set at run time; without it the value is undefined.`,
            'The secret is still in the version history: rotate it.',
            'In TypeScript the type becomes `string | undefined`; the code may need a check.',
          ],
          test_strategy: `Set ${name} in the test environment (and the deployment) and run the tests that use it.`,
          requires_migration: true,
        },
      ],
    };
  },
};

export default fixer;
