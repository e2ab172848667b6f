// Fixer for weak-crypto, insecureRandom only: a `Math.random().toString(36).slice(2)`-style token
// becomes `randomBytes(16).toString('hex')` (alternative: `randomUUID()`), importing from
// node:crypto in the file's module style. Unsafe: the token's length and alphabet change (code
// or stored data that expects the old format may reject it). Weak hashes and ciphers are
// declined: whether a digest is compared with stored values cannot be seen from here.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { declined, type FixCandidate, type FixContext, type Fixer } from './types.js';
import { bareModule, importInsertionPoint, insert, moduleBinding, moduleKind, nodeAtFinding, propertyKey, replace, requiredModule, usedNames } from './ast-helpers.js';
import type { TextEdit } from '../edits.js';

const SLICING = new Set(['slice', 'substring', 'substr']);

/** The token expression grown from `Math.random()`: `.toString(radix)` then optional slicing calls. */
function tokenExpression(random: TSESTree.CallExpression): TSESTree.CallExpression | undefined {
  const toStringCall = callOn(random, 'toString');
  if (!toStringCall) return undefined;
  let current = toStringCall;
  for (;;) {
    const next = slicingCall(current);
    if (!next) return current;
    current = next;
  }
}

function slicingCall(node: TSESTree.CallExpression): TSESTree.CallExpression | undefined {
  for (const method of SLICING) {
    const call = callOn(node, method);
    if (call) return call;
  }
  return undefined;
}

/** `node.method(...)` when node is the object of that call. */
function callOn(node: TSESTree.Node, method: string): TSESTree.CallExpression | undefined {
  const member = node.parent;
  if (member?.type !== 'MemberExpression' || member.object !== node || member.computed) return undefined;
  if (member.property.type !== 'Identifier' || member.property.name !== method) return undefined;
  const call = member.parent;
  return call?.type === 'CallExpression' && call.callee === member ? call : undefined;
}

type CryptoCall = { call: string; edits: TextEdit[] };

/** `fn` through an existing named import or destructuring require of crypto (added to it when missing). */
function fromNamedBinding(program: TSESTree.Program, filePath: string, fn: string): CryptoCall | 'taken' | undefined {
  for (const statement of program.body) {
    let names: Array<{ imported: string; local: string }> = [];
    let last: TSESTree.Node | undefined;
    if (statement.type === 'ImportDeclaration' && bareModule(String(statement.source.value)) === 'crypto' && statement.importKind !== 'type') {
      const named = statement.specifiers.filter((s): s is TSESTree.ImportSpecifier => s.type === 'ImportSpecifier');
      names = named.map((s) => ({ imported: s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value), local: s.local.name }));
      last = named[named.length - 1];
    } else if (statement.type === 'VariableDeclaration') {
      const declarator = statement.declarations.find((d) => d.id.type === 'ObjectPattern' && bareModule(requiredModule(d.init) ?? '') === 'crypto');
      if (declarator?.id.type !== 'ObjectPattern') continue;
      const props = declarator.id.properties.filter((p): p is TSESTree.Property => p.type === 'Property' && p.value.type === 'Identifier');
      names = props.map((p) => ({ imported: propertyKey(p) ?? '', local: (p.value as TSESTree.Identifier).name }));
      last = declarator.id.properties[declarator.id.properties.length - 1];
    }
    const existing = names.find((n) => n.imported === fn);
    if (existing) return { call: existing.local, edits: [] };
    if (last) return usedNames(program).has(fn) ? 'taken' : { call: fn, edits: [insert(filePath, last.range[1], `, ${fn}`)] };
  }
  return undefined;
}

/** How to call a node:crypto function here, with the import edits that make it available. */
function cryptoFunction(ctx: FixContext, fn: string): CryptoCall | undefined {
  const { program, source, filePath } = ctx;
  const namespace = moduleBinding(program, 'crypto');
  if (namespace) return { call: `${namespace}.${fn}`, edits: [] };
  const named = fromNamedBinding(program, filePath, fn);
  if (named !== undefined) return named === 'taken' ? undefined : named;
  if (usedNames(program).has(fn)) return undefined;
  const point = importInsertionPoint(program, source);
  const statement = moduleKind(program, filePath) === 'cjs' ? `const { ${fn} } = require('node:crypto');` : `import { ${fn} } from 'node:crypto';`;
  return { call: fn, edits: [insert(filePath, point.at, `${point.prefix}${statement}${point.suffix}`)] };
}

function candidate(title: string, description: string, edits: TextEdit[], format: string): FixCandidate {
  return {
    title,
    description,
    edits,
    safety: 'unsafe',
    rationale: 'Math.random() is not a cryptographic generator: its next outputs can be predicted from a few observed tokens.',
    benefits: ['Tokens come from the operating system\'s cryptographic random source and cannot be predicted'],
    risks: [`The token format changes to ${format}; code, database columns or clients that check the old length or alphabet may reject it.`],
    test_strategy: 'Run the tests that create and check these tokens; check the length limits of wherever they are stored.',
    test_cases: [{ name: 'tokens are unique and well-formed', description: `Two generated tokens differ and match ${format}.` }],
  };
}

const fixer: Fixer = {
  ruleId: 'weak-crypto',
  description: 'Replaces Math.random() tokens with crypto.randomBytes / randomUUID (unsafe: the token format changes); declines weak hashes and ciphers.',
  fix(ctx) {
    if (ctx.finding.metadata.message_id !== 'insecureRandom') {
      return declined('weak hashes and ciphers are not fixed automatically: stored digests or ciphertexts may depend on the algorithm');
    }
    const random = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['CallExpression']);
    if (!random) return declined('no Math.random() call at the finding location');
    const token = tokenExpression(random);
    if (!token) return declined('Math.random() is not turned into a string with .toString(radix) here (it builds a number or picks characters); rewrite it by hand');
    const candidates: FixCandidate[] = [];
    const bytes = cryptoFunction(ctx, 'randomBytes');
    if (bytes) {
      candidates.push(
        candidate('Make the token with crypto.randomBytes', "Replaces the Math.random() token with `randomBytes(16).toString('hex')` (32 hex characters, 128 bits).", [
          replace(ctx.filePath, token, `${bytes.call}(16).toString('hex')`),
          ...bytes.edits,
        ], '32 lower-case hex characters'),
      );
    }
    const uuid = cryptoFunction(ctx, 'randomUUID');
    if (uuid) {
      candidates.push(
        candidate('Make the token with crypto.randomUUID', 'Replaces the Math.random() token with `randomUUID()` (a v4 UUID, 122 random bits).', [
          replace(ctx.filePath, token, `${uuid.call}()`),
          ...uuid.edits,
        ], 'a 36-character UUID'),
      );
    }
    if (candidates.length === 0) return declined('randomBytes / randomUUID names are taken in this file');
    return { candidates };
  },
};

export default fixer;
