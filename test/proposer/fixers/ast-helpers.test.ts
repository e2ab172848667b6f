// The shared AST helpers of the fixers: names, module style, and merging edits per line.
import { describe, expect, it } from 'vitest';
import { applyTextEdits } from '../../../src/proposer/edits.js';
import { mergeLineEdits, moduleKind, upperSnake } from '../../../src/proposer/fixers/ast-helpers.js';
import { parseSource } from '../../../src/scanner/engine.js';

describe('upperSnake', () => {
  it('turns camelCase, kebab-case and acronyms into UPPER_SNAKE_CASE', () => {
    expect(upperSnake('apiKey')).toBe('API_KEY');
    expect(upperSnake('stripe-secret')).toBe('STRIPE_SECRET');
    expect(upperSnake('AWSSecretKey')).toBe('AWS_SECRET_KEY');
    expect(upperSnake('DB_PASSWORD')).toBe('DB_PASSWORD');
  });
});

describe('moduleKind', () => {
  it('reads the module style from the extension first, then from import and require statements', () => {
    expect(moduleKind(parseSource('a.cjs', 'import x from "y";'), 'a.cjs')).toBe('cjs');
    expect(moduleKind(parseSource('a.mjs', 'const x = require("y");'), 'a.mjs')).toBe('esm');
    expect(moduleKind(parseSource('a.js', 'const x = require("y");'), 'a.js')).toBe('cjs');
    expect(moduleKind(parseSource('a.js', 'export const x = 1;'), 'a.js')).toBe('esm');
    expect(moduleKind(parseSource('a.ts', 'const x = 1;'), 'a.ts')).toBe('esm');
    expect(moduleKind(parseSource('a.js', 'const x = 1;'), 'a.js')).toBe('cjs');
  });
});

describe('mergeLineEdits', () => {
  const source = 'const a = f(x);\nconst b = 2;\n';
  it('combines two edits on one line into one edit with the same result', () => {
    const edits = [
      { file_path: 'a.ts', start: 10, end: 11, new_code: 'g' },
      { file_path: 'a.ts', start: 12, end: 13, new_code: 'y' },
    ];
    const merged = mergeLineEdits(source, 'a.ts', edits);
    expect(merged).toHaveLength(1);
    expect(applyTextEdits(source, merged)).toBe(applyTextEdits(source, edits));
    expect(applyTextEdits(source, merged)).toBe('const a = g(y);\nconst b = 2;\n');
  });
  it('keeps edits on different lines and of other files apart', () => {
    const edits = [
      { file_path: 'a.ts', start: 10, end: 11, new_code: 'g' },
      { file_path: 'a.ts', start: 26, end: 27, new_code: '3' },
      { file_path: '.env.example', start: 0, end: 0, new_code: 'A=\n' },
    ];
    const merged = mergeLineEdits(source, 'a.ts', edits);
    expect(merged).toHaveLength(3);
    expect(applyTextEdits(source, merged.filter((e) => e.file_path === 'a.ts'))).toBe('const a = g(x);\nconst b = 3;\n');
  });
});
