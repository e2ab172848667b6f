// insecure-tls: code that turns off TLS certificate checking. `rejectUnauthorized: false`
// (https/tls/undici/axios agents), `strictSSL: false` (request), a `checkServerIdentity` that
// accepts every host, and `NODE_TLS_REJECT_UNAUTHORIZED = "0"` for the whole process. With
// verification off, anyone on the network path can impersonate the server and read or change
// the traffic. Only literal `false` / `"0"` / no-op functions are reported: a value computed at
// run time (`rejectUnauthorized: !isDev`) is a deliberate switch, not a mistake we can see.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isNonProductionPath } from '../../analysis/paths.js';
import { defineRule } from '../../rule.js';
import { memberPropertyName } from '../../analysis/file-analysis.js';

const ENV_NAME = 'NODE_TLS_REJECT_UNAUTHORIZED';

export default defineRule({
  meta: {
    id: 'insecure-tls',
    category: 'security',
    severity: 'high',
    fixable: true,
    description: 'TLS certificate verification turned off.',
    cwe: ['CWE-295'],
    owasp: ['A02:2021-Cryptographic Failures', 'A07:2021-Identification and Authentication Failures'],
    confidence: 0.9,
    messages: {
      rejectUnauthorized: '`{{key}}: false` turns off TLS certificate verification: any server, including an attacker in the middle, is accepted.',
      checkServerIdentity: '`checkServerIdentity` accepts every certificate host name: a certificate for any domain is trusted for this one.',
      envVar: 'Setting NODE_TLS_REJECT_UNAUTHORIZED to 0 turns off certificate verification for every TLS connection of the process.',
      envProperty: 'NODE_TLS_REJECT_UNAUTHORIZED is set to 0 in an environment object: the process started with it verifies no certificate.',
    },
    recommendation:
      'Keep certificate verification on. For a private or self-signed CA, pass it with the `ca` option (or NODE_EXTRA_CA_CERTS) instead of disabling checks.',
  },
  create(context) {
    const { analysis } = context;
    const inTest = isNonProductionPath(context.filePath);
    const severity = inTest ? 'low' : undefined;
    const confidence = inTest ? 0.5 : undefined;
    return {
      Property(node) {
        if (node.parent?.type !== 'ObjectExpression' || node.kind !== 'init') return;
        const key = propertyKeyName(node);
        if (key === undefined) return;
        const value = node.value;
        if (key === 'rejectUnauthorized' || key === 'strictSSL') {
          if (value.type === 'Literal' && value.value === false) {
            context.report({ node, messageId: 'rejectUnauthorized', data: { key }, severity, confidence });
          }
        } else if (key === 'checkServerIdentity') {
          if (isNoOpFunction(value)) context.report({ node, messageId: 'checkServerIdentity', severity, confidence });
        } else if (key === ENV_NAME) {
          if (isZero(value)) context.report({ node, messageId: 'envProperty', severity, confidence: confidence ?? 0.8 });
        }
      },
      AssignmentExpression(node) {
        if (node.operator !== '=' || node.left.type !== 'MemberExpression') return;
        if (memberPropertyName(node.left) !== ENV_NAME) return;
        if (!isZero(node.right)) return;
        if (analysis.qualifiedName(node.left) !== `process.env.${ENV_NAME}`) return;
        context.report({ node, messageId: 'envVar', severity, confidence });
      },
    };
  },
});

function propertyKeyName(node: TSESTree.Property): string | undefined {
  if (!node.computed && node.key.type === 'Identifier') return node.key.name;
  if (node.key.type === 'Literal' && typeof node.key.value === 'string') return node.key.value;
  return undefined;
}

function isZero(node: TSESTree.Node): boolean {
  if (node.type === 'Literal') return node.value === 0 || node.value === '0';
  if (node.type === 'TemplateLiteral') return node.expressions.length === 0 && node.quasis[0]?.value.cooked === '0';
  return false;
}

/** `() => undefined`, `() => {}`, `function () { return undefined; }`, `() => null`. */
function isNoOpFunction(node: TSESTree.Node): boolean {
  if (node.type !== 'ArrowFunctionExpression' && node.type !== 'FunctionExpression') return false;
  const body = node.body;
  if (body.type !== 'BlockStatement') return isNothing(body);
  if (body.body.length === 0) return true;
  if (body.body.length !== 1) return false;
  const only = body.body[0]!;
  return only.type === 'ReturnStatement' && (only.argument === null || isNothing(only.argument));
}

function isNothing(node: TSESTree.Node): boolean {
  if (node.type === 'Identifier') return node.name === 'undefined';
  if (node.type === 'Literal') return node.value === null && node.raw === 'null';
  return node.type === 'UnaryExpression' && node.operator === 'void';
}
