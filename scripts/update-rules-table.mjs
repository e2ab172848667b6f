#!/usr/bin/env node
// Rewrites the rule table of README.md from the rules' metadata (run after `npm run build`).
// test/docs/rules-docs.test.ts fails when the README and the rules drift apart.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const table = execFileSync(process.execPath, [path.join(root, 'bin', 'autonomous.js'), 'rules', '--markdown'], { encoding: 'utf8' }).trim();
const readme = path.join(root, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error('README.md has no rules:start/rules:end markers');
fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${table}\n${text.slice(b)}`);
console.log('README.md rule table updated');
