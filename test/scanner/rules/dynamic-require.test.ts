import rule from '../../../src/scanner/rules/security/dynamic-require.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'constant require', code: `const fs = require('fs');\nmodule.exports = fs;`, filename: 'case.js' },
    { name: 'constant template', code: `const NAME = 'lodash';\nconst _ = require(\`\${NAME}/fp\`);\nmodule.exports = _;`, filename: 'case.js' },
    { name: 'relative path of constants', code: `const DIR = './locales';\nconst en = require(DIR + '/en.json');\nconst path = require('path');\nconst de = require(path.join(__dirname, 'locales', 'de.json'));\nmodule.exports = { en, de };`, filename: 'case.js' },
    { name: 'constant dynamic import', code: `export const load = () => import('./heavy.js');\nconst PAGE = 'home';\nexport const page = () => import('./pages/' + PAGE);` },
    { name: 'require.resolve is not loading', code: `export function where(name: string) { return require.resolve(name); }` },
    { name: 'require of a resolved constant', code: `const pino = require(require.resolve('./../../'));\nmodule.exports = pino;`, filename: 'case.js' },
    { name: 'a local function named require', code: `function require(x: string) { return x; }\nexport function f(name: string) { return require(name); }` },
    { name: 'a method called require', code: `export function f(loader: { require(s: string): unknown }, name: string) { return loader.require(name); }` },
  ],
  invalid: [
    {
      name: 'require of a request value',
      code: `app.get('/plugin', (req, res) => {\n  const plugin = require(req.query.name);\n  res.send(plugin.run());\n});`,
      filename: 'case.js',
      errors: [{ line: 2, messageId: 'dynamicRequire', minConfidence: 0.8, message: 'req.query' }],
    },
    {
      name: 'import() of a parameter',
      code: `export async function loadPlugin(name: string) {\n  return import(\`./plugins/\${name}.js\`);\n}`,
      errors: [{ line: 2, messageId: 'dynamicImport', minConfidence: 0.6 }],
    },
    {
      name: 'createRequire from node:module',
      code: `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nexport function f(mod: string) { return require(mod); }`,
      errors: [{ line: 3, messageId: 'dynamicRequire' }],
    },
    {
      name: 'createRequire via namespace import',
      code: `import * as m from 'module';\nconst load = m.createRequire(import.meta.url);\nexport function f(mod: string) { return load(mod); }\nconst req2 = m.createRequire(__filename);\nexport const g = (x: string) => req2(x);`,
      errors: [{ line: 3 }, { line: 5 }],
    },
    {
      name: 'unknown value at low confidence',
      code: `import { pluginPath } from './config';\nexport const plugin = require(pluginPath);`,
      errors: [{ line: 2, maxConfidence: 0.5 }],
    },
    {
      name: 'a JSON file is data, not code: low confidence',
      code: `const path = require('path');\nmodule.exports = (dir) => require(path.join(dir, 'package.json'));`,
      filename: 'case.js',
      errors: [{ line: 2, maxConfidence: 0.3 }],
    },
    {
      name: 'process.argv',
      code: `const mod = require(process.argv[2]);\nmodule.exports = mod;`,
      filename: 'case.js',
      errors: [{ line: 1, minConfidence: 0.9 }],
    },
  ],
});
