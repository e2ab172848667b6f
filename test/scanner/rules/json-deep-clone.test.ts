import rule from '../../../src/scanner/rules/performance/json-deep-clone.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    'const copy = structuredClone(state);',
    'const data = JSON.parse(text);\nconst text2 = JSON.stringify(data);',
    { name: 'replacer: a transformation', code: 'const safe = JSON.parse(JSON.stringify(obj, (k, v) => (k === "password" ? undefined : v)));' },
    { name: 'reviver: a transformation', code: 'const d = JSON.parse(JSON.stringify(obj), reviveDates);' },
    { name: 'shadowed JSON', code: "import JSON from 'json5';\nconst x = JSON.parse(JSON.stringify(obj));" },
    { name: 'local JSON variable', code: 'function f(JSON) { return JSON.parse(JSON.stringify(x)); }', filename: 'case.js' },
    'const parsed = JSON.parse(JSON.stringify`tagged`);',
  ],
  invalid: [
    { code: 'const copy = JSON.parse(JSON.stringify(state));', errors: [{ line: 1, column: 14, message: 'structuredClone' }] },
    { code: 'const copy = JSON.parse(JSON.stringify(state, null, 2));', errors: [{ line: 1 }] },
    { code: 'function clone(o) {\n  return JSON.parse(JSON.stringify(o));\n}', filename: 'case.js', errors: [{ line: 2 }] },
    { code: 'const snapshot = JSON.parse(JSON.stringify(state));', filename: 'bench/clone.bench.js', errors: [{ line: 1, maxConfidence: 0.3 }] },
    { code: 'const j = JSON;\nconst c = j.parse(j.stringify(x));', errors: [{ line: 2 }] },
    { code: 'export const copy = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;', filename: 'case.tsx', errors: [{ line: 1 }] },
  ],
});
