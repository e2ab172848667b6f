import { describe, expect, it } from 'vitest';
import rule from '../../../src/scanner/rules/security/prototype-pollution.js';
import { runRule, testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'numeric loop index', code: `export function fill(out: number[], n: number) {\n  for (let i = 0; i < n; i++) out[i] = i * 2;\n  const arr: string[] = [];\n  arr[arr.length] = 'x';\n}` },
    { name: 'reads with computed keys', code: `export function pick(obj: Record<string, number>, keys: string[]) {\n  let sum = 0;\n  for (const k of keys) sum += obj[k];\n  return sum;\n}` },
    { name: 'lookup tables and caches keyed by a parameter', code: `const cache: Record<string, string> = {};\nexport function remember(key: string, value: string) { cache[key] = value; }\nexport function count(words: string[]) {\n  const counts: Record<string, number> = {};\n  for (const w of words) counts[w] = (counts[w] ?? 0) + 1;\n  return counts;\n}` },
    { name: 'shallow copy loop (not recursive) is not reported by default', code: `export function copy(src: any) {\n  const out: any = {};\n  for (const key in src) out[key] = src[key];\n  return out;\n}` },
    { name: 'reduce building an object from keys', code: `export function upper(src: Record<string, string>) {\n  return Object.keys(src).reduce((acc, key) => { acc[key] = src[key].toUpperCase(); return acc; }, {} as Record<string, string>);\n}` },
    { name: 'recursive merge that skips dangerous keys', code: `export function merge(target: any, source: any) {\n  for (const key of Object.keys(source)) {\n    if (key === '__proto__' || key === 'constructor') continue;\n    if (typeof source[key] === 'object') merge(target[key] ??= {}, source[key]);\n    else target[key] = source[key];\n  }\n  return target;\n}` },
    { name: 'recursive merge with hasOwnProperty check', code: `function deepAssign(a, b) {\n  for (var k in b) {\n    if (!Object.prototype.hasOwnProperty.call(a, k) && typeof b[k] === 'object') { a[k] = {}; deepAssign(a[k], b[k]); }\n  }\n}`, filename: 'case.js' },
    { name: 'blocklist constant at module level', code: `const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);\nexport function merge(t: any, s: any) {\n  Object.entries(s).forEach(([key, value]) => {\n    if (FORBIDDEN.has(key)) return;\n    if (value && typeof value === 'object') merge(t[key], value);\n    else t[key] = value;\n  });\n}` },
    { name: 'target with a null prototype', code: `export function merge(src: any) {\n  const out = Object.create(null);\n  for (const k in src) { out[k] = src[k]; merge(src[k]); }\n  return out;\n}` },
    { name: 'Map set is never a computed write', code: `export function index(req: any) {\n  const m = new Map();\n  m.set(req.body.key, req.body.value);\n}` },
    { name: 'in-place update of the same object', code: `export function trimAll(obj: Record<string, string>) {\n  for (const k in obj) obj[k] = obj[k].trim();\n  trimAll(obj);\n}` },
    { name: 'recursion that builds a new object (does not pass target[key] down)', code: `function deepMerge(...objects) {\n  const output = {};\n  for (const obj of objects) {\n    for (const [key, value] of Object.entries(obj)) {\n      const prev = output[key];\n      output[key] = isPlain(prev) && isPlain(value) ? deepMerge(prev, value) : value;\n    }\n  }\n  return output;\n}\nfunction isPlain(v) { return v !== null && typeof v === 'object'; }`, filename: 'case.js' },
    { name: 'keys of a required module or an object literal', code: `const conversions = require('./conversions');\nconst convert = {};\nfor (const from of Object.keys(conversions)) {\n  convert[from] = {};\n  for (const to of Object.keys(conversions[from])) convert[from][to] = conversions[from][to];\n}`, filename: 'case.js' },
    { name: 'a method call that shares the function name is not recursion', code: `export function set(target: any, src: any, cache: Map<string, unknown>) {\n  for (const k in src) { target[k] = src[k]; cache.set(k, src[k]); }\n}` },
    { name: 'a parameter named event is not request data', code: `const handlers: Record<string, Function[]> = {};\nexport function on(event: string, fn: Function) { handlers[event] = [fn]; }` },
    { name: 'key vetted by a helper', code: `import { isSafeKey } from './keys';\nexport function set(obj: any, req: any) {\n  const { key, value } = req.body;\n  if (!isSafeKey(key)) return;\n  obj[key][value.name] = value;\n}` },
  ],
  invalid: [
    {
      name: 'classic recursive merge with for-in',
      code: `function merge(target, source) {\n  for (const key in source) {\n    if (typeof source[key] === 'object' && source[key] !== null) {\n      if (!target[key]) target[key] = {};\n      merge(target[key], source[key]);\n    } else {\n      target[key] = source[key];\n    }\n  }\n  return target;\n}\nmodule.exports = merge;`,
      filename: 'case.js',
      errors: [{ line: 4, messageId: 'mergeKey', minConfidence: 0.7 }, { line: 7, messageId: 'mergeKey' }],
    },
    {
      name: 'recursive merge through Object.entries().forEach and an arrow',
      code: `export const deepMerge = (t: any, s: any): any => {\n  Object.entries(s).forEach(([k, v]) => {\n    if (v && typeof v === 'object') deepMerge(t[k] || (t[k] = {}), v);\n    else t[k] = v;\n  });\n  return t;\n};`,
      errors: [{ line: 3 }, { line: 4 }],
    },
    {
      name: 'two-level write from keys of another object',
      code: `export function applyDefaults(config: any, defaults: any) {\n  for (const [section, values] of Object.entries(defaults)) {\n    for (const name of Object.keys(values as object)) {\n      config[section][name] = (values as any)[name];\n    }\n  }\n}`,
      errors: [{ line: 4, messageId: 'mergeKey' }],
    },
    {
      name: 'request data as key, two levels deep',
      code: `const settings = {};\nfunction update(req, res) {\n  settings[req.body.section][req.body.key] = req.body.value;\n  res.end();\n}`,
      filename: 'case.js',
      errors: [{ line: 3, messageId: 'inputKey', severity: 'high', minConfidence: 0.9 }],
    },
    {
      name: 'request data as a single key: medium',
      code: `const store: Record<string, unknown> = {};\nexport function put(req: any) {\n  store[req.params.id] = req.body;\n}`,
      errors: [{ line: 3, messageId: 'inputKey', severity: 'medium', maxConfidence: 0.6 }],
    },
    {
      name: 'dotted path setter walking a cursor',
      code: `export function setPath(obj: any, path: string, value: unknown) {\n  const parts = path.split('.');\n  let cur = obj;\n  for (let i = 0; i < parts.length - 1; i++) {\n    cur = cur[parts[i]] ??= {};\n  }\n  cur[parts[parts.length - 1]] = value;\n}`,
      errors: [{ line: 5, messageId: 'pathKey' }, { line: 7, messageId: 'pathKey' }],
    },
    {
      name: 'path setter with non-null segments held in a constant (corpus case)',
      code: `export function setPath(obj: Record<string, any>, dotted: string, value: unknown) {\n  const parts = dotted.split('.');\n  let cur = obj;\n  for (let i = 0; i < parts.length - 1; i++) {\n    const part = parts[i]!;\n    if (cur[part] === undefined) cur[part] = {};\n    cur = cur[part];\n  }\n  cur[parts[parts.length - 1]!] = value;\n}`,
      errors: [{ line: 6, messageId: 'pathKey' }, { line: 9, messageId: 'pathKey' }],
    },
    {
      name: 'old-style var key declared before the loop, method recursion via this',
      code: `var utils = {\n  extend: function (a, b) {\n    var key;\n    for (key in b) {\n      if (typeof b[key] === 'object') this.extend(a[key], b[key]);\n      else a[key] = b[key];\n    }\n  }\n};`,
      filename: 'case.js',
      errors: [{ line: 6 }],
    },
    {
      name: 'shallow copies when asked for',
      code: `export function copy(src: any) {\n  const out: any = {};\n  for (const key in src) out[key] = src[key];\n  return out;\n}`,
      options: { reportShallowCopies: true },
      errors: [{ line: 3, severity: 'medium', maxConfidence: 0.4 }],
    },
  ],
});

describe('prototype-pollution flows', () => {
  it('names where an outside key came from and the path it took', () => {
    const code = `import express from 'express';\nconst app = express();\nconst settings = {};\napp.post('/s', (req, res) => {\n  const { group, key } = req.body;\n  settings[group][key] = req.body.value;\n  res.end();\n});`;
    const [finding] = runRule(rule, code, 'case.js');
    expect(finding?.description).toMatch(/Key from req\.body\.group \(line 5\)/);
    const flow = finding!.metadata.flow as Array<{ line: number; text: string }>;
    expect(flow.map((s) => s.line)).toEqual([5, 5, 6]);
    expect(flow[flow.length - 1]!.text).toContain('settings[group][key]');
  });
});
