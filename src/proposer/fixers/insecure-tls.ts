// Fixer for insecure-tls: removes `rejectUnauthorized: false` / `strictSSL: false` (verification
// is on by default), a no-op `checkServerIdentity`, `NODE_TLS_REJECT_UNAUTHORIZED: '0'` in an env
// object, and `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'` statements. Unsafe: connections to
// hosts with self-signed or otherwise unverifiable certificates, which worked before, now fail.
import { declined, type FixCandidate, type Fixer } from './types.js';
import { nodeAtFinding, propertyKey, removeProperty, removeStatement, replace, text } from './ast-helpers.js';

const RISKS = [
  'Connections to servers with self-signed, expired or mismatched certificates, which worked before, now fail with a certificate error.',
  'For a private CA, pass it with the `ca` option or NODE_EXTRA_CA_CERTS instead of turning verification off again.',
];

function candidate(title: string, description: string, edits: FixCandidate['edits']): FixCandidate {
  return {
    title,
    description,
    edits,
    safety: 'unsafe',
    rationale: 'With certificate verification off, anyone on the network path can impersonate the server and read or alter the traffic.',
    benefits: ['TLS certificates are verified again: man-in-the-middle attacks are detected'],
    risks: RISKS,
    test_strategy: 'Run the integration tests against the real endpoints (staging), which must present valid certificates.',
  };
}

const fixer: Fixer = {
  ruleId: 'insecure-tls',
  description: 'Removes settings that turn off TLS certificate verification (unsafe: self-signed hosts start failing).',
  fix(ctx) {
    const messageId = ctx.finding.metadata.message_id;
    if (messageId === 'envVar') {
      const assignment = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['AssignmentExpression']);
      const statement = assignment?.parent;
      if (!assignment || statement?.type !== 'ExpressionStatement') {
        return declined('the NODE_TLS_REJECT_UNAUTHORIZED assignment is part of a larger expression');
      }
      return {
        candidates: [
          candidate(
            'Stop turning off TLS verification for the whole process',
            'Removes the statement setting process.env.NODE_TLS_REJECT_UNAUTHORIZED to "0".',
            [removeStatement(ctx.filePath, ctx.source, statement)],
          ),
        ],
      };
    }
    const property = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['Property']);
    if (!property || property.parent?.type !== 'ObjectExpression') return declined('no object property at the finding location');
    const key = propertyKey(property) ?? 'the property';
    const remove = candidate(`Remove \`${key}\` so certificates are verified`, `Removes \`${text(ctx.source, property)}\` from the options object.`, [
      removeProperty(ctx.filePath, ctx.source, property.parent, property),
    ]);
    if (key === 'rejectUnauthorized' || key === 'strictSSL') {
      const setTrue = candidate(`Set \`${key}: true\``, `Sets \`${key}\` to true, stating that certificates are verified.`, [
        replace(ctx.filePath, property.value, 'true'),
      ]);
      return { candidates: [remove, setTrue] };
    }
    return { candidates: [remove] };
  },
};

export default fixer;
