import rule from '../../../src/scanner/rules/security/insecure-deserialization.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'JSON.parse of a request body', code: `export function h(req: any) { return JSON.parse(req.body); }` },
    { name: 'node-serialize of a constant', code: `import serialize from 'node-serialize';\nserialize.unserialize('{"a":1}');` },
    { name: 'js-yaml 4 load is safe', code: `import yaml from 'js-yaml';\nimport { readFileSync } from 'fs';\nexport const config = yaml.load(readFileSync('config.yml', 'utf8'));` },
    { name: 'js-yaml load with the default safe schema', code: `import { load, FAILSAFE_SCHEMA } from 'js-yaml';\nexport const f = (s: string) => load(s, { schema: FAILSAFE_SCHEMA });` },
    { name: 'js-yaml options from a variable', code: `import yaml from 'js-yaml';\nexport const f = (s: string, o: object) => yaml.load(s, o);` },
    { name: 'v8.deserialize of an internal buffer', code: `import v8 from 'v8';\nconst snapshot = v8.serialize({ a: 1 });\nexport const copy = v8.deserialize(snapshot);` },
    { name: 'a local unserialize', code: `function unserialize(s: string) { return JSON.parse(s); }\nexport const f = (x: string) => unserialize(x);` },
    { name: 'eval in a file without serialize-javascript', code: `export const f = (x: string) => eval('(' + x + ')');` },
    { name: 'serialize-javascript used only to serialise', code: `import serialize from 'serialize-javascript';\nexport const html = (state: object) => \`<script>window.__S = \${serialize(state)}</script>\`;` },
  ],
  invalid: [
    {
      name: 'node-serialize unserialize of a cookie',
      code: `const serialize = require('node-serialize');\napp.get('/', (req, res) => {\n  const profile = serialize.unserialize(Buffer.from(req.cookies.profile, 'base64').toString());\n});`,
      filename: 'case.js',
      errors: [{ line: 3, messageId: 'codeRunning', minConfidence: 0.8, message: 'req.cookies' }],
    },
    {
      name: 'destructured with alias and node-serialize unknown input',
      code: `import { unserialize as load } from 'node-serialize';\nimport { data } from './store';\nexport const obj = load(data);`,
      errors: [{ line: 3, messageId: 'codeRunning', maxConfidence: 0.5 }],
    },
    {
      name: 'js-yaml full schema',
      code: `import * as yaml from 'js-yaml';\nexport function parse(text: string) {\n  return yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });\n}`,
      errors: [{ line: 3, messageId: 'yamlFull' }],
    },
    {
      name: 'js-yaml 3 detected from safeLoad use',
      code: `const yaml = require('js-yaml');\nexports.trusted = (s) => yaml.safeLoad(s);\nexports.parse = (s) => yaml.load(s);`,
      filename: 'case.js',
      errors: [{ line: 3, messageId: 'yamlDefault' }],
    },
    {
      name: 'js-yaml 3 from the option',
      code: `import { load } from 'js-yaml';\nexport const parse = (s: string) => load(s);`,
      options: { jsYamlMajor: 3 },
      errors: [{ line: 2, messageId: 'yamlDefault' }],
    },
    {
      name: 'v8.deserialize of request data',
      code: `import { deserialize } from 'node:v8';\nexport function h(req: any) { return deserialize(req.body); }`,
      errors: [{ line: 2, messageId: 'v8', severity: 'medium' }],
    },
    {
      name: 'serialize-javascript read back with eval',
      code: `import serialize from 'serialize-javascript';\nexport const out = (s: object) => serialize(s);\nexport const back = (text: string) => eval('(' + text + ')');`,
      errors: [{ line: 3, messageId: 'evalReadBack' }],
    },
    {
      name: 'funcster deepDeserialize',
      code: `const funcster = require('funcster');\nmodule.exports = (req) => funcster.deepDeserialize(req.body);`,
      filename: 'case.js',
      errors: [{ line: 2, messageId: 'codeRunning' }],
    },
  ],
});
