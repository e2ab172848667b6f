// Names of the branches changes are committed on: `<prefix><slug>` where the slug comes from the
// proposals' rule ids (or titles), made unique against the branches that already exist.

const MAX_SLUG = 50;

/** Lowercase `[a-z0-9-]`, at most 50 characters, never empty. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, '');
  return slug === '' ? 'change' : slug;
}

/** The slug of a set of proposals: their distinct rule ids (titles where there is none), joined. */
export function proposalSlug(proposals: ReadonlyArray<{ rule_id: string | null; title: string }>): string {
  const parts = [...new Set(proposals.map((p) => p.rule_id ?? p.title))];
  return slugify(parts.join('-'));
}

/** `base` if free, else `base-2`, `base-3`, ...: `exists` says whether a branch name is taken. */
export async function uniqueBranchName(base: string, exists: (name: string) => Promise<boolean>): Promise<string> {
  if (!(await exists(base))) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!(await exists(candidate))) return candidate;
  }
}
