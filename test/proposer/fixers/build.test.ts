// Every candidate of every fixer case goes through the real proposal builder (files on disk in a
// temporary repository): it must become a Proposal, and re-applying the saved edits to the files
// must give exactly the text the fixer's own edits gave.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProposal, proposalFileTexts } from '../../../src/proposer/build.js';
import { runFixer } from '../../helpers/fixer-tester.js';
import { allCases } from './cases/index.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-fixers-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

let counter = 0;
function repoWith(files: Record<string, string>): string {
  const root = path.join(temp, `repo-${counter++}`);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  fs.mkdirSync(root, { recursive: true });
  return root;
}

describe('fixer candidates as proposals', () => {
  for (const [ruleId, table] of Object.entries(allCases)) {
    for (const c of table.fixes) {
      it(`${ruleId}: ${c.name}`, () => {
        const filename = c.filename ?? 'case.ts';
        const first = runFixer(ruleId, filename, c.code, { ...c.options, candidate: 0 });
        first.candidates.forEach((candidate, index) => {
          const run = runFixer(ruleId, filename, c.code, { ...c.options, candidate: index });
          const root = repoWith({ ...(c.options?.files ?? {}), [filename]: c.code });
          const finding = run.findings[c.options?.index ?? 0]!;
          const built = buildProposal({ root, finding, candidate, source: `fixer:${ruleId}` });
          if ('error' in built) throw new Error(`candidate ${index}: ${built.error}`);
          expect(built.proposal.safety).toBe(candidate.safety);
          expect(built.proposal.source).toBe(`fixer:${ruleId}`);
          const texts = proposalFileTexts(root, built.proposal);
          if ('error' in texts) throw new Error(texts.error);
          expect(texts.get(filename)?.after).toBe(run.output);
          for (const [other, text] of Object.entries(run.otherFiles)) expect(texts.get(other)?.after).toBe(text);
        });
      });
    }
  }
});
