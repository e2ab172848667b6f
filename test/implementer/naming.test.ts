import { describe, expect, it } from 'vitest';
import { proposalSlug, slugify, uniqueBranchName } from '../../src/implementer/branch-name.js';
import { commitScope, commitType } from '../../src/implementer/commit-message.js';
import { parseAge, prunable } from '../../src/implementer/rollback.js';
import type { Checkpoint } from '../../src/models/checkpoint.js';

describe('branch names', () => {
  it('slugs are lowercase [a-z0-9-], at most 50 characters and never empty', () => {
    expect(slugify('Fix: SQL Injection in user_query()!')).toBe('fix-sql-injection-in-user-query');
    expect(slugify('x'.repeat(80))).toHaveLength(50);
    expect(slugify(`${'a'.repeat(49)}-b`)).toBe('a'.repeat(49));
    expect(slugify('日本')).toBe('change');
  });

  it('joins the distinct rule ids of the proposals, titles where there is none', () => {
    expect(proposalSlug([{ rule_id: 'no-eval', title: 'A' }, { rule_id: 'no-eval', title: 'B' }, { rule_id: null, title: 'Add types' }])).toBe('no-eval-add-types');
  });

  it('adds a numeric suffix until the name is free', async () => {
    const taken = new Set(['auto/x', 'auto/x-2']);
    expect(await uniqueBranchName('auto/x', async (name) => taken.has(name))).toBe('auto/x-3');
    expect(await uniqueBranchName('auto/y', async (name) => taken.has(name))).toBe('auto/y');
  });
});

describe('commit messages', () => {
  it('takes the most significant type of the categories', () => {
    expect(commitType(['quality', 'security'])).toBe('fix');
    expect(commitType(['performance', 'types'])).toBe('perf');
    expect(commitType(['types'])).toBe('refactor');
    expect(commitType(['documentation'])).toBe('docs');
  });

  it('scopes to the common folder, the file for one file, nothing at the root', () => {
    expect(commitScope(['src/api/users.ts', 'src/api/orders.ts'])).toBe('api');
    expect(commitScope(['src/db/query.ts'])).toBe('query');
    expect(commitScope(['a.ts', 'src/b.ts'])).toBe('');
  });
});

describe('pruning', () => {
  it('parses ages with a unit and refuses anything else', () => {
    expect(parseAge('30d')).toBe(30 * 86_400_000);
    expect(parseAge('2w')).toBe(14 * 86_400_000);
    expect(() => parseAge('30')).toThrow('--older-than 30');
  });

  it('keeps recent checkpoints and the one an unfinished run still needs', () => {
    const at = (id: string, iso: string) => ({ checkpoint_id: id, created_at: iso }) as Checkpoint;
    const now = Date.parse('2026-06-01T00:00:00Z');
    const list = [at('old', '2026-01-01T00:00:00Z'), at('journal', '2026-01-02T00:00:00Z'), at('new', '2026-05-30T00:00:00Z')];
    expect(prunable(list, parseAge('30d'), now, new Set(['journal'])).map((c) => c.checkpoint_id)).toEqual(['old']);
  });
});
