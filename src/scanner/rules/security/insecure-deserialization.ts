// insecure-deserialization: deserialisers that can run code or build arbitrary objects, fed with a
// value that is not a constant.
//   - node-serialize `unserialize` (runs `_$$ND_FUNC$$_` functions: remote code execution),
//     funcster `deepDeserialize`, serialize-to-js `deserialize`;
//   - the serialize-javascript read-back idiom `eval('(' + data + ')')` in a file that uses it;
//   - js-yaml `load` with the full schema (`DEFAULT_FULL_SCHEMA`, js-yaml 3), and plain `load`
//     without a schema when the file shows js-yaml 3 (it also uses `safeLoad`/`safeDump`, removed
//     in js-yaml 4) or the `jsYamlMajor` option says 3. In js-yaml 4 `load` is safe and not reported;
//   - `v8.deserialize` of outside data (object confusion, crashes).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, numberOption } from '../../rule.js';
import type { ValueOrigin } from '../../analysis/file-analysis.js';
import { confidenceOf, describeOrigin } from './command-injection.js';

/** Deserialisers that run functions embedded in their input. */
const CODE_RUNNING = new Map([
  ['node-serialize.unserialize', 'node-serialize unserialize()'],
  ['funcster.deepDeserialize', 'funcster deepDeserialize()'],
  ['serialize-to-js.deserialize', 'serialize-to-js deserialize()'],
]);
const YAML_LOADS = new Set(['js-yaml.load', 'js-yaml.loadAll']);
const YAML3_HINT = /\b(?:safeLoad|safeLoadAll|safeDump|DEFAULT_SAFE_SCHEMA)\b/;
const UNSAFE_SCHEMAS = new Set(['js-yaml.DEFAULT_FULL_SCHEMA', 'DEFAULT_FULL_SCHEMA']);

export default defineRule({
  meta: {
    id: 'insecure-deserialization',
    category: 'security',
    severity: 'high',
    description: 'Deserialisers that can run code or build arbitrary objects, fed with non-constant data.',
    cwe: ['CWE-502'],
    owasp: ['A08:2021-Software and Data Integrity Failures'],
    defaultOptions: { jsYamlMajor: 4 },
    messages: {
      codeRunning: '{{sink}} runs functions embedded in its input, and the input comes from {{source}}: whoever controls it runs code.',
      evalReadBack: 'Serialised data from {{source}} is read back with eval(): any code in it runs.',
      yamlFull: 'js-yaml {{fn}}() with the full schema builds JavaScript functions and regexps from {{source}}.',
      yamlDefault: 'js-yaml 3 {{fn}}() without a schema uses the full schema: YAML from {{source}} can build JavaScript functions.',
      v8: 'v8.deserialize() of {{source}}: crafted buffers build unexpected objects or crash the process.',
    },
    recommendation:
      'Deserialise data with JSON.parse (and validate it), js-yaml 4 `load` or `safeLoad` (js-yaml 3), and never with eval or libraries that revive functions.',
  },
  create(context) {
    const { analysis } = context;
    const jsYamlMajor = numberOption(context.options, 'jsYamlMajor', 4);
    let usesSerializeJavascript = false;
    let yaml3: boolean | undefined;
    const isYaml3 = (): boolean => {
      yaml3 ??= jsYamlMajor < 4 || YAML3_HINT.test(context.source);
      return yaml3;
    };
    const reportOrigin = (node: TSESTree.Node, messageId: 'codeRunning' | 'evalReadBack' | 'yamlFull' | 'yamlDefault' | 'v8', origin: ValueOrigin, data: Record<string, string>, floor = 0): void => {
      context.report({
        node,
        messageId,
        data: { ...data, source: describeOrigin(origin) },
        confidence: Math.max(floor, confidenceOf(origin)),
        ...(messageId === 'v8' ? { severity: 'medium' as const } : {}),
        metadata: { source: describeOrigin(origin) },
      });
    };
    return {
      ImportDeclaration(node) {
        if (node.source.value === 'serialize-javascript') usesSerializeJavascript = true;
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          const arg = node.arguments[0];
          if (arg?.type === 'Literal' && arg.value === 'serialize-javascript') usesSerializeJavascript = true;
          return;
        }
        const callee = analysis.qualifiedName(node.callee);
        if (callee === undefined) return;
        const input = node.arguments[0];
        if (!input || input.type === 'SpreadElement') return;
        const sink = CODE_RUNNING.get(callee);
        if (sink !== undefined) {
          const origin = analysis.origin(input);
          if (origin.kind !== 'constant') reportOrigin(input, 'codeRunning', origin, { sink }, 0.5);
          return;
        }
        if (YAML_LOADS.has(callee)) {
          const fn = callee.slice('js-yaml.'.length);
          const options = node.arguments.slice(1).find((a) => a.type !== 'ArrowFunctionExpression' && a.type !== 'FunctionExpression');
          const schema = options?.type === 'ObjectExpression' ? schemaOf(options) : undefined;
          if (schema !== undefined) {
            const schemaName = analysis.qualifiedName(schema);
            if (schemaName === undefined || !UNSAFE_SCHEMAS.has(schemaName)) return;
            const origin = analysis.origin(input);
            if (origin.kind !== 'constant') reportOrigin(input, 'yamlFull', origin, { fn });
            return;
          }
          if (options !== undefined && options.type !== 'ObjectExpression') return; // options from elsewhere: cannot know
          if (!isYaml3()) return;
          const origin = analysis.origin(input);
          if (origin.kind !== 'constant') reportOrigin(input, 'yamlDefault', origin, { fn });
          return;
        }
        if (callee === 'v8.deserialize') {
          const origin = analysis.origin(input);
          if (origin.kind === 'external') reportOrigin(input, 'v8', origin, {});
          return;
        }
        if (callee === 'eval' && usesSerializeJavascript && isParenthesised(input)) {
          const origin = analysis.origin(input);
          if (origin.kind !== 'constant') reportOrigin(input, 'evalReadBack', origin, {}, 0.6);
        }
      },
    };
  },
});

/** The `schema` value of a js-yaml options literal. */
function schemaOf(options: TSESTree.ObjectExpression): TSESTree.Node | undefined {
  for (const property of options.properties) {
    if (property.type !== 'Property' || property.computed) continue;
    if (property.key.type === 'Identifier' && property.key.name === 'schema') return property.value;
  }
  return undefined;
}

/** `'(' + data + ')'` or `` `(${data})` ``: the serialize-javascript read-back idiom. */
function isParenthesised(node: TSESTree.Node): boolean {
  if (node.type === 'TemplateLiteral') {
    const first = node.quasis[0]?.value.cooked ?? '';
    return first.trimStart().startsWith('(') && node.expressions.length > 0;
  }
  if (node.type !== 'BinaryExpression' || node.operator !== '+') return false;
  let left: TSESTree.Node = node;
  while (left.type === 'BinaryExpression' && left.operator === '+') left = left.left;
  return left.type === 'Literal' && typeof left.value === 'string' && left.value.trimStart().startsWith('(');
}
