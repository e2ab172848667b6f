// `scan` then `propose` on the demo project: proposals from the built-in fixers and TypeScript's
// code fixes with no network and no LLM configured; every proposal's result parses and no longer
// has the finding; asking again reuses what still applies.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Proposal } from '../../src/models/proposal.js';
import { parseProblem, proposalFileTexts } from '../../src/proposer/build.js';
import { copyFixture, runCli } from '../helpers/cli.js';

const NO_KEYS = { XAI_API_KEY: '', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' };

describe('autonomous propose', () => {
  let repo: string;
  let proposals: Proposal[];
  let skipped: Array<{ finding_id: string; reason: string }>;

  beforeAll(() => {
    repo = copyFixture('demo', { git: true });
    expect(runCli(['scan', 'src', '--format', 'json'], repo).code).toBe(0);
    const result = runCli(['propose', '--all', '--format', 'json'], repo, NO_KEYS);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { proposals: unknown[]; skipped: typeof skipped };
    proposals = parsed.proposals.map((p) => Proposal.parse(p));
    skipped = parsed.skipped;
  }, 60_000);

  it('proposes offline from fixers and TypeScript code fixes', () => {
    const sources = new Set(proposals.map((p) => p.source));
    expect(sources).toContain('fixer:command-injection');
    expect(sources).toContain('fixer:hardcoded-secret');
    expect(sources).toContain('fixer:missing-timeout');
    expect(sources).toContain('fixer:empty-catch');
    expect(sources).toContain('typescript:add-return-type');
    expect(fs.readdirSync(path.join(repo, '.autonomous', 'proposals'))).toHaveLength(proposals.length);
  });

  it('makes proposals whose new text parses and that leave the files on disk untouched', () => {
    for (const proposal of proposals) {
      const texts = proposalFileTexts(repo, proposal);
      if ('error' in texts) throw new Error(texts.error);
      for (const [file, { after }] of texts) expect(parseProblem(file, after), `${proposal.proposal_id} ${file}`).toBeNull();
    }
    expect(fs.existsSync(path.join(repo, '.env.example'))).toBe(false);
    expect(fs.readFileSync(path.join(repo, 'src/git-info.js'), 'utf8')).toContain('exec(`git log');
  });

  it('never copies the hard-coded secret into the new code or the explanation', () => {
    const secret = fs.readFileSync(path.join(repo, 'src/client.js'), 'utf8').match(/'([A-Za-z0-9]{32})'/)![1]!;
    const p = proposals.find((x) => x.source === 'fixer:hardcoded-secret')!;
    const added = [p.new_code, ...p.edits.map((e) => e.new_code), p.title, p.description, p.rationale, ...p.benefits, ...p.risks, p.test_strategy];
    expect(added.join('\n')).not.toContain(secret);
    expect(p.edits.map((e) => e.new_code).join('')).toContain('process.env.API_KEY');
    // The diff shows the removed line with the value masked, as every other output does.
    expect(p.diff).not.toContain(secret);
    expect(p.diff).toContain("-const apiKey = '<redacted 32 chars>';");
  });

  it('says why a finding has no proposal, pointing to the LLM docs', () => {
    expect(skipped.length).toBeGreaterThan(0);
    for (const s of skipped) expect(s.reason).toMatch(/configure an LLM \(docs\/llm\.md\)/);
  });

  it('reuses a saved proposal that still applies instead of making a duplicate', () => {
    const again = runCli(['propose', '--all', '--format', 'json'], repo, NO_KEYS);
    const ids = (JSON.parse(again.stdout) as { proposals: Proposal[] }).proposals.map((p) => p.proposal_id).sort();
    expect(ids).toEqual(proposals.map((p) => p.proposal_id).sort());
  }, 60_000);

  it('names an unknown finding id and exits 2', () => {
    const result = runCli(['propose', 'fnd_000000000000'], repo, NO_KEYS);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/fnd_000000000000: no such finding in the last scan/);
  });

  it('rejects an unknown LLM provider with a one-line error', () => {
    const result = runCli(['propose', '--all', '--llm', 'skynet/t-800'], repo, NO_KEYS);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/skynet/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
