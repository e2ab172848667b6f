import { describe, expect, it } from 'vitest';
import rule, { checkPattern, patternShape } from '../../../src/scanner/rules/security/redos.js';
import { runRule, testRule, type RuleTests } from '../../helpers/rule-tester.js';

/**
 * The rule's default budget (100 ms per pattern) is for scans; on a loaded test machine a check
 * can need more, and a timed-out check reports nothing. The tests give it room, so they test the
 * rule's judgement, not the machine's speed.
 */
const BUDGET = { timeoutMs: 5000 };
function withBudget(tests: RuleTests): RuleTests {
  return {
    valid: tests.valid.map((c) => (typeof c === 'string' ? { code: c, options: BUDGET } : { ...c, options: { ...BUDGET, ...c.options } })),
    invalid: tests.invalid.map((c) => ({ ...c, options: { ...BUDGET, ...c.options } })),
  };
}

testRule(rule, withBudget({
  valid: [
    { name: 'bounded user-name pattern', code: `export const USER = /^[a-z0-9_-]{3,16}$/;` },
    { name: 'a single global quantifier', code: `export const n = 'a1b22'.match(/\\d+/g);` },
    { name: 'URL scheme prefix', code: `export const isUrl = (s: string) => /^https?:\\/\\//.test(s);` },
    { name: 'unanchored split on a constant is only quadratic by scanning', code: `export const parts = 'a , b'.split(/\\s*,\\s*/);` },
    { name: 'dynamic pattern escaped with a helper', code: `import escapeRegExp from 'lodash/escapeRegExp';\nfunction h(req, res) { return new RegExp(escapeRegExp(req.query.q)); }`, filename: 'case.js' },
    { name: 'dynamic pattern escaped with lodash', code: `import _ from 'lodash';\nfunction h(req, res) { return new RegExp('^' + _.escapeRegExp(req.query.q) + '$', 'i'); }`, filename: 'case.js' },
    { name: 'dynamic pattern escaped with escape-string-regexp', code: `import escapeStringRegexp from 'escape-string-regexp';\nfunction h(req) { const safe = escapeStringRegexp(req.body.name);\n  return new RegExp(safe); }`, filename: 'case.js' },
    { name: 'dynamic pattern escaped inline', code: `function h(req) { const q = req.query.q.replace(/[.*+?^\${}()|[\\]\\\\]/g, '\\\\$&');\n  return new RegExp(q); }`, filename: 'case.js' },
    {
      name: 'a parameter applied to an unanchored split is not checked for scanning cost',
      code: `export function tags(s: string) {\n  return s.split(/\\s*,\\s*/);\n}`,
    },
    { name: 'pattern of unknown origin is not injection', code: `import { PATTERN } from './config';\nexport const re = new RegExp(PATTERN);` },
    {
      name: 'a pattern that exhausts the time budget is not reported',
      code: `export const re = /^(a|a){1,30}$/;`,
      options: { timeoutMs: 20 },
    },
  ],
  invalid: [
    {
      name: 'nested quantifier',
      code: `export const re = /^(a+)+$/;`,
      errors: [{ line: 1, messageId: 'vulnerable', severity: 'medium', message: 'exponential', minConfidence: 0.9 }],
    },
    {
      name: 'overlapping quantifiers under a repetition',
      code: `export const re = /(x+x+)+y/;`,
      errors: [{ line: 1, messageId: 'vulnerable', message: '"xxxxxxxx' }],
    },
    {
      name: 'words with optional separators, applied to a parameter',
      code: `export function words(s: string) {\n  return /^(\\w+\\s?)*$/.test(s);\n}`,
      errors: [{ line: 2, messageId: 'vulnerable', severity: 'high', message: 'exponential backtracking: the attack string "0000' }],
    },
    {
      name: 'constant new RegExp',
      code: `export const re = new RegExp('^(a|a)*$');`,
      errors: [{ line: 1, messageId: 'vulnerable', message: 'exponential' }],
    },
    {
      name: 'constant pattern and flags through constants',
      code: `const P = '^(a|a)*';\nconst F = 'i';\nexport const re = RegExp(P + '$', F);`,
      errors: [{ line: 3, messageId: 'vulnerable', message: '/i' }],
    },
    {
      name: 'regex injection from the request',
      code: `import express from 'express';\nconst app = express();\napp.get('/s', (req, res) => {\n  const re = new RegExp(req.query.q);\n  res.send(re.test('x'));\n});`,
      filename: 'case.js',
      errors: [{ line: 4, messageId: 'injection', severity: 'high', minConfidence: 0.9, message: 'req.query' }],
    },
    {
      name: 'pattern from a parameter of an exported function is injection at low confidence',
      code: `export function matcher(pattern: string) {\n  return new RegExp(pattern, 'i');\n}`,
      errors: [{ line: 2, messageId: 'injection', severity: 'high', maxConfidence: 0.45, minConfidence: 0.4 }],
    },
    {
      name: 'vulnerable regex applied to request data is high',
      code: `const RE = /^(\\w+\\s?)*$/;\nfunction h(req, res) {\n  res.send(RE.test(req.body.name));\n}`,
      filename: 'case.js',
      errors: [{ line: 1, severity: 'high', message: 'on req.body' }],
    },
    {
      name: 'quadratic scan reported when the subject comes from outside',
      code: `function h(req, res) {\n  res.send(req.query.tags.split(/\\s*,\\s*/));\n}`,
      filename: 'case.js',
      errors: [{ line: 2, severity: 'high', message: '2nd degree polynomial', maxConfidence: 0.7 }],
    },
    {
      name: 'polynomial backtracking on a parameter is medium',
      code: `export function pair(s: string) {\n  return /^\\s*\\w+\\s*\\w+!$/.test(s);\n}`,
      errors: [{ line: 2, severity: 'medium', message: 'on parameter s' }],
    },
    {
      name: 'polynomial backtracking inside one attempt',
      code: `export const re = /^\\s*\\w+\\s*\\w+!$/;`,
      errors: [{ line: 1, severity: 'low', message: 'polynomial', maxConfidence: 0.7 }],
    },
  ],
}));

describe('redos findings', () => {
  it('carry the full attack string and complexity, and show it shortened with its length', () => {
    const [finding] = runRule(rule, `export const re = /(x+x+)+y/;`, 'case.ts', BUDGET);
    expect(finding).toBeDefined();
    const attack = finding!.metadata.attack as string;
    expect(attack.length).toBeGreaterThan(20);
    expect(finding!.metadata.complexity).toBe('exponential');
    expect(finding!.metadata.attack_length).toBe(attack.length);
    expect(finding!.description).toContain(`(${attack.length} chars)`);
    // a quadratic attack string is tens of thousands of characters: the message shows 60 of them
    const [quadratic] = runRule(rule, `function h(req) { return /\\s*,\\s*/.exec(req.query.q); }`, 'case.js', BUDGET);
    const long = quadratic!.metadata.attack as string;
    expect(long.length).toBeGreaterThan(1000);
    expect(quadratic!.description).toContain(`${JSON.stringify(long.slice(0, 60) + '…')} (${long.length} chars)`);
    expect(quadratic!.description.length).toBeLessThan(400);
  });
});

describe('checkPattern', () => {
  it('returns nothing for a pattern whose check runs out of time, and does not throw', () => {
    const started = performance.now();
    expect(checkPattern('^(a|a){1,30}$', '', 20)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('returns nothing for an invalid pattern', () => {
    expect(checkPattern('(a+', '', 100)).toBeUndefined();
  });
});

describe('patternShape pre-filter', () => {
  // Vulnerable examples from recheck's documentation and the ReDoS literature: none may be dropped.
  const vulnerable = [
    '^(a+)+$', '^(a*)*$', '^(a|a)*$', '^(a|aa)+$', '(x+x+)+y', '^(\\w+\\s?)*$', '^(([a-z])+.)+[A-Z]([a-z])+$',
    '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
    '^\\s*\\w+\\s*\\w+!$', '^(\\d+|\\d+\\.\\d+)*$', '^(a|b|ab)*c$', '^(a?){25}a{25}$',
    '^(\\w+)\\1+$', '^(.*,)*x$', '^([^\\s]+\\s?)+$', '^(?<word>\\w+)\\s*\\k<word>+\\w*$',
  ];
  for (const source of vulnerable) {
    it(`lets ${source} through`, () => {
      expect(patternShape(source).mayBacktrack).toBe(true);
    });
  }
  it('and recheck confirms that the checked ones are vulnerable when anchored', () => {
    for (const source of ['^(a+)+$', '^(a|a)*$', '(x+x+)+y', '^(\\w+\\s?)*$', '^\\s*\\w+\\s*\\w+!$']) {
      expect(checkPattern(source, 'y', 100), source).toBeDefined();
    }
  });

  it('drops patterns that are linear within one attempt', () => {
    for (const source of ['^[a-z0-9_-]{3,16}$', '\\d+', '^https?:\\/\\/', '^\\d{4}-\\d{2}-\\d{2}$', '[\\p{L}]+', '^(?:abc)+$', '\\s+$']) {
      expect(patternShape(source).mayBacktrack, source).toBe(false);
    }
    expect(patternShape('^[a-z0-9_-]{3,16}$').unbounded).toBe(1);
    expect(patternShape('^\\d{4}-\\d{2}$').unbounded).toBe(0);
  });
});
