// A FixContext for the LLM tests: a small file with an SQL injection finding and two secrets (an
// AWS access key ID and a token assigned in code), both built at run time so this repository's own
// secret scan does not report the test.
import { defaultConfig } from '../../../src/core/config.js';
import type { Finding } from '../../../src/models/finding.js';
import type { FixContext } from '../../../src/proposer/fixers/types.js';
import { parseSource } from '../../../src/scanner/engine.js';

export const AWS_KEY = ['AKIA', 'Z7QK3M9TB2XW4PLR'].join('');
export const API_TOKEN = ['q8Zr2LmX', '9vT4pW7sK1nB'].join('');

export const QUERY_LINE = "  const rows = await db.query(`SELECT * FROM users WHERE name = '${name}'`);";
export const SAFE_QUERY_LINE = "  const rows = await db.query('SELECT * FROM users WHERE name = ?', [name]);";

export const SOURCE = [
  "import { db } from './db.js';",
  "import { log } from './log.js';",
  '',
  `const AWS_ACCESS_KEY_ID = '${AWS_KEY}';`,
  `const apiToken = "${API_TOKEN}";`,
  '',
  'export async function findUser(name: string) {',
  "  log('lookup', AWS_ACCESS_KEY_ID, apiToken);",
  QUERY_LINE,
  '  return rows[0];',
  '}',
  '',
].join('\n');

export function fixContext(overrides: Partial<Finding> = {}, source = SOURCE): FixContext {
  const finding: Finding = {
    finding_id: 'fnd_0123456789ab',
    rule_id: 'sql-injection',
    severity: 'high',
    category: 'security',
    file_path: 'src/users.ts',
    line_number: 9,
    column: 22,
    end_line: 9,
    end_column: 76,
    description: 'SQL built from a template literal with interpolated values.',
    code_snippet: QUERY_LINE.trim(),
    recommendation: 'Use a parameterised query.',
    confidence: 0.9,
    cwe: ['CWE-89'],
    fingerprint: '0123456789abcdef0123456789abcdef',
    metadata: {},
    ...overrides,
  };
  return {
    root: '/nonexistent',
    finding,
    filePath: 'src/users.ts',
    source,
    program: parseSource('src/users.ts', source),
    config: defaultConfig(),
    readFile: () => undefined,
  };
}

/** A schema-valid answer replacing `oldCode` by `newCode`. */
export function answer(oldCode: string, newCode: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    title: 'Use a parameterised query',
    description: 'Pass the name as a bound parameter.',
    old_code: oldCode,
    new_code: newCode,
    rationale: 'Interpolated SQL lets input change the query.',
    benefits: ['No SQL injection'],
    risks: ['The driver must support ? placeholders'],
    test_strategy: 'Query with a name holding a quote.',
    test_cases: [{ name: 'a quote in the name does not break the query', description: "name = \"O'Brien\"", code: null }],
    safety: 'safe',
    alternatives: [],
    ...extra,
  });
}
