// Builds real proposals on a temp copy of fixtures/validate, through the proposer's buildProposal.
import fs from 'node:fs';
import path from 'node:path';
import { defaultConfig, type Config } from '../../src/core/config.js';
import type { Proposal, ProposalCategory, SafetyTier } from '../../src/models/proposal.js';
import { buildProposal } from '../../src/proposer/build.js';
import type { TextEdit } from '../../src/proposer/edits.js';
import { copyFixture } from '../helpers/cli.js';

export interface Change {
  file: string;
  /** Text to replace (must occur once); omit with `create` to create the file. */
  find?: string;
  replace: string;
}

export function fixtureProject(options: { git?: boolean } = {}): string {
  return copyFixture('validate', options);
}

export function makeProposal(root: string, changes: Change[], options: { category?: ProposalCategory; safety?: SafetyTier; source?: string } = {}): Proposal {
  const edits: TextEdit[] = changes.map((change) => {
    if (change.find === undefined) return { file_path: change.file, start: 0, end: 0, new_code: change.replace };
    const text = fs.readFileSync(path.join(root, change.file), 'utf8');
    const start = text.indexOf(change.find);
    if (start === -1 || text.indexOf(change.find, start + 1) !== -1) throw new Error(`${change.file}: "${change.find}" must occur exactly once`);
    return { file_path: change.file, start, end: start + change.find.length, new_code: change.replace };
  });
  const outcome = buildProposal({
    root,
    finding: null,
    source: options.source ?? 'fixer:test',
    candidate: {
      title: 'test change',
      description: 'a change made by the test',
      edits,
      safety: options.safety ?? 'safe',
      rationale: 'test',
      benefits: [],
      risks: [],
      test_strategy: 'run the tests',
      category: options.category ?? 'comments',
    },
  });
  if ('error' in outcome) throw new Error(outcome.error);
  return outcome.proposal;
}

export function testConfig(overrides: Partial<Config['validator']> = {}): Config {
  const config = defaultConfig();
  return { ...config, validator: { ...config.validator, ...overrides } };
}
