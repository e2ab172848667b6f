// What the prompt holds: the finding, the rule docs of this package, the imports and the enclosing code, bounded.
import { describe, expect, it } from 'vitest';
import { buildUserPrompt, enclosingCode, importStatements, ruleDocs, RULE_DOCS_DIR } from '../../../src/proposer/llm/prompt.js';
import { parseSource } from '../../../src/scanner/engine.js';
import { QUERY_LINE, SOURCE, fixContext } from './fixture.js';

describe('buildUserPrompt', () => {
  it('holds the finding, the rule docs, the imports and the enclosing function', () => {
    const prompt = buildUserPrompt(fixContext(), { alternatives: 0 });
    expect(prompt).toContain('rule: sql-injection');
    expect(prompt).toContain('recommendation: Use a parameterised query.');
    expect(prompt).toContain('# Rule documentation (sql-injection)');
    expect(prompt).toContain("import { db } from './db.js';\nimport { log } from './log.js';");
    expect(prompt).toContain('enclosing function findUser, lines 7-11');
    expect(prompt).toContain(QUERY_LINE);
    expect(prompt).not.toContain('const AWS_ACCESS_KEY_ID ='); // outside the function
    expect(prompt).toContain('Leave "alternatives" empty.');
  });
});

describe('enclosingCode', () => {
  it('picks the smallest enclosing method over its class', () => {
    const source = ['class A {', '  one() {', '    return 1;', '  }', '  two() {', '    return 2;', '  }', '}'].join('\n');
    const excerpt = enclosingCode(source, parseSource('a.ts', source), 6);
    expect(excerpt).toMatchObject({ startLine: 5, endLine: 7, label: 'enclosing method two' });
  });

  it('falls back to 30 lines either side at the top level', () => {
    const source = Array.from({ length: 100 }, (_, i) => `const v${i} = ${i};`).join('\n');
    expect(enclosingCode(source, parseSource('a.ts', source), 50)).toMatchObject({ startLine: 20, endLine: 80 });
  });

  it('cuts a huge function around the finding', () => {
    const body = Array.from({ length: 1000 }, (_, i) => `  const v${i} = ${i};`);
    const source = ['function big() {', ...body, '}'].join('\n');
    const excerpt = enclosingCode(source, parseSource('a.ts', source), 500);
    expect(excerpt.endLine - excerpt.startLine + 1).toBeLessThanOrEqual(161);
    expect(excerpt.text).toContain('const v498 = 498;');
  });
});

describe('ruleDocs and importStatements', () => {
  it('reads the docs page of this package and refuses ids that are not rule ids', () => {
    expect(ruleDocs('sql-injection', RULE_DOCS_DIR)).toContain('# sql-injection');
    expect(ruleDocs('../../package', RULE_DOCS_DIR)).toBeUndefined();
    expect(ruleDocs('no-such-rule', RULE_DOCS_DIR)).toBeUndefined();
  });

  it('lists import declarations and top-level requires only', () => {
    const source = "import a from 'a';\nconst b = require('b');\nconst c = 1;\nfunction f() { const d = require('d'); }";
    expect(importStatements(source, parseSource('a.js', source))).toBe("import a from 'a';\nconst b = require('b');");
    expect(importStatements(SOURCE, parseSource('a.ts', SOURCE))).toContain('./db.js');
  });
});
