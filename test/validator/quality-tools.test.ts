// The quality layer runs the project's own eslint and prettier (from its node_modules, with its
// config) and counts only what the change adds.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/cli.js';
import { Validator } from '../../src/validator/validate.js';
import { fixtureProject, makeProposal, testConfig } from './helpers.js';

describe("quality layer with the project's eslint", () => {
  const root = fixtureProject();
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ ...pkg, devDependencies: { eslint: '*' } }, null, 2));
  fs.writeFileSync(path.join(root, 'eslint.config.mjs'), "export default [{ files: ['**/*.js'], rules: { 'no-var': 'error', 'no-debugger': 'warn' } }];\n");
  fs.writeFileSync(path.join(root, 'src/plain.js'), '// Plain JavaScript.\nvar legacy = 1;\nlet modern = 2;\nexport { legacy, modern };\n');
  const validator = new Validator(root, testConfig());
  afterAll(() => validator.dispose());

  it('fails on a new eslint error and lowers the quality score', async () => {
    const result = await validator.validate(makeProposal(root, [{ file: 'src/plain.js', find: 'let modern = 2;', replace: 'var modern = 2;' }]));
    const quality = result.layers.find((l) => l.layer === 'quality')!;
    expect(quality.passed).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ layer: 'quality', severity: 'error', message: expect.stringMatching(/^eslint no-var:/), line: 3 }));
    expect(result.quality_score).toBe(0.9);
    expect(result.decision.outcome).toBe('needs_human');
  });

  it('does not count an eslint error the file already had, and warns for new warnings', async () => {
    const result = await validator.validate(makeProposal(root, [{ file: 'src/plain.js', find: '// Plain JavaScript.', replace: '// Plain JavaScript.\ndebugger;' }]));
    expect(result.layers.find((l) => l.layer === 'quality')!.passed).toBe(true);
    expect(result.issues.filter((i) => i.layer === 'quality').map((i) => i.severity)).toEqual(['warning']);
  });
});

describe("quality layer with the project's prettier", () => {
  const root = fixtureProject();
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ ...pkg, devDependencies: { prettier: '*' } }, null, 2));
  fs.writeFileSync(path.join(root, '.prettierrc.json'), JSON.stringify({ singleQuote: true, printWidth: 100 }));
  fs.writeFileSync(path.join(root, 'src/pretty.js'), "// Formatted as prettier would.\nexport const greet = (name) => `hello ${name}`;\n");
  const validator = new Validator(root, testConfig());
  afterAll(() => validator.dispose());

  it('warns when a change leaves a formatted file unformatted, and lowers the quality score', async () => {
    const result = await validator.validate(makeProposal(root, [{ file: 'src/pretty.js', find: 'export const greet = (name) => `hello ${name}`;', replace: 'export const greet = ( name )=>`hello ${name}`' }]));
    expect(result.issues).toContainEqual(expect.objectContaining({ layer: 'quality', severity: 'warning', message: 'the new text is not formatted as prettier would format it', file_path: 'src/pretty.js' }));
    expect(result.quality_score).toBeLessThan(1);
  });

  it('says nothing about a change that keeps the file formatted', async () => {
    const result = await validator.validate(makeProposal(root, [{ file: 'src/pretty.js', find: '`hello ${name}`', replace: '`hi ${name}`' }]));
    expect(result.issues.filter((i) => i.layer === 'quality')).toEqual([]);
  });
});
