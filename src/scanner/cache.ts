// The scan cache under `.autonomous/cache`: per file, its size, mtime and content hash with the
// findings and facts found in it. Keyed by tool version and the rule set with its options; a
// changed key starts an empty cache, a changed file is scanned again, everything else is reused.
// A file whose size and mtime match is trusted without reading it (as ESLint's cache does);
// one whose stat changed is read and compared by content hash.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Finding } from '../models/finding.js';
import { writeFileAtomic } from '../core/state-store.js';
import type { FileOutcome } from './process-file.js';

const CACHE_VERSION = 2;

const ImportFact = z.object({ specifier: z.string(), line: z.number(), typeOnly: z.boolean() });
const CacheEntry = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  hash: z.string(),
  findings: z.array(Finding),
  suppressed: z.number(),
  facts: z.object({ imports: z.array(ImportFact), hasExports: z.boolean(), onlyReExports: z.boolean() }),
  skipped: z.enum(['minified', 'binary']).optional(),
});
export type CacheEntry = z.infer<typeof CacheEntry>;

interface CacheFile {
  version: number;
  key: string;
  entries: Record<string, CacheEntry>;
  project?: ProjectResults;
}

/** Findings of the project-level rules and the signature of the inputs they were made from. */
export interface ProjectResults {
  signature: string;
  findings: Finding[];
}

/** What every finding of a rule repeats; left out of the cache file and restored on load. */
export interface RuleConstants {
  recommendation: string;
  category: Finding['category'];
  cwe: string[];
}

type PackedFinding = Omit<Finding, 'recommendation' | 'category' | 'cwe'> & Partial<Pick<Finding, 'recommendation' | 'category' | 'cwe'>>;

function pack(findings: Finding[], constants: ReadonlyMap<string, RuleConstants>): PackedFinding[] {
  return findings.map((finding) => {
    const known = constants.get(finding.rule_id);
    if (!known || known.recommendation !== finding.recommendation || known.category !== finding.category || known.cwe.join() !== finding.cwe.join()) {
      return finding;
    }
    const { recommendation: _r, category: _c, cwe: _w, ...rest } = finding;
    return rest;
  });
}

function unpack(findings: PackedFinding[], constants: ReadonlyMap<string, RuleConstants>): boolean {
  for (const finding of findings) {
    if (finding.recommendation !== undefined) continue;
    const known = constants.get(finding.rule_id);
    if (!known) return false;
    finding.recommendation = known.recommendation;
    finding.category = known.category;
    finding.cwe = known.cwe;
  }
  return true;
}

export class ScanCache {
  private readonly entries: Map<string, CacheEntry>;
  private projectResults: ProjectResults | undefined;
  private dirty = false;
  hits = 0;
  misses = 0;

  private constructor(
    private readonly file: string,
    private readonly key: string,
    private readonly constants: ReadonlyMap<string, RuleConstants>,
    entries: Map<string, CacheEntry>,
  ) {
    this.entries = entries;
  }

  /** Opens the cache of `key`; a missing, corrupt or differently-keyed cache starts empty. */
  static open(dir: string, key: string, constants: ReadonlyMap<string, RuleConstants>): ScanCache {
    // One file per rule set, so `scan` and `security-scan` (which runs more rules) do not evict each other.
    const file = path.join(dir, `scan-${key}.json`);
    const empty = (): ScanCache => new ScanCache(file, key, constants, new Map());
    let raw: CacheFile;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
    } catch {
      return empty(); // no cache or unreadable
    }
    if (raw.version !== CACHE_VERSION || raw.key !== key || !raw.entries || typeof raw.entries !== 'object') return empty();
    const entries = new Map<string, CacheEntry>();
    for (const [relative, entry] of Object.entries(raw.entries)) {
      if (!unpack(entry.findings as PackedFinding[], constants)) return empty();
      entries.set(relative, entry);
    }
    // Trust our own file's shape for speed, but validate one entry so a hand-edited or
    // damaged file is not fed to the renderers.
    const sample = entries.values().next().value;
    if (sample !== undefined && !CacheEntry.safeParse(sample).success) return empty();
    const cache = new ScanCache(file, key, constants, entries);
    if (raw.project && typeof raw.project.signature === 'string' && Array.isArray(raw.project.findings)) {
      if (unpack(raw.project.findings as PackedFinding[], constants)) cache.projectResults = raw.project;
    }
    return cache;
  }

  has(relative: string): boolean {
    return this.entries.has(relative);
  }

  /** The cached entry when the file's size and mtime are unchanged. */
  lookupByStat(relative: string, size: number, mtimeMs: number): CacheEntry | undefined {
    const entry = this.entries.get(relative);
    if (entry && entry.size === size && entry.mtimeMs === mtimeMs && entry.hash !== '') {
      this.hits++;
      return entry;
    }
    return undefined;
  }

  /** The cached entry when the content hash matches (the file was touched but not changed). */
  lookupByHash(relative: string, hash: string): CacheEntry | undefined {
    const entry = this.entries.get(relative);
    return entry && entry.hash === hash ? entry : undefined;
  }

  store(outcome: FileOutcome): void {
    if (outcome.hash === '') return; // unreadable or too large: look again next time
    this.entries.set(outcome.relative, {
      size: outcome.size,
      mtimeMs: outcome.mtimeMs,
      hash: outcome.hash,
      findings: outcome.findings,
      suppressed: outcome.suppressed,
      facts: outcome.facts,
      ...(outcome.skipped ? { skipped: outcome.skipped } : {}),
    });
    this.misses++;
    this.dirty = true;
  }

  /** Updates the stat of an entry whose content was found unchanged. */
  touch(relative: string, size: number, mtimeMs: number): void {
    const entry = this.entries.get(relative);
    if (!entry) return;
    entry.size = size;
    entry.mtimeMs = mtimeMs;
    this.hits++;
    this.dirty = true;
  }

  /** Drops entries of files that no longer exist in a scan covering them. */
  prune(keep: (relative: string) => boolean): void {
    for (const relative of this.entries.keys()) {
      if (!keep(relative)) {
        this.entries.delete(relative);
        this.dirty = true;
      }
    }
  }

  get project(): ProjectResults | undefined {
    return this.projectResults;
  }

  set project(results: ProjectResults | undefined) {
    if (results?.signature === this.projectResults?.signature) return;
    this.projectResults = results;
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    const entries: Record<string, unknown> = {};
    for (const [relative, entry] of this.entries) entries[relative] = { ...entry, findings: pack(entry.findings, this.constants) };
    const project = this.projectResults
      ? { signature: this.projectResults.signature, findings: pack(this.projectResults.findings, this.constants) }
      : undefined;
    const out = { version: CACHE_VERSION, key: this.key, entries, ...(project ? { project } : {}) };
    // Derived data: a crash may lose it (it is rebuilt), so no fsync.
    writeFileAtomic(this.file, JSON.stringify(out), { durable: false });
    pruneOtherCaches(path.dirname(this.file), path.basename(this.file));
    this.dirty = false;
  }
}

/** Keeps the newest few cache files (one per rule set in use), so stale ones do not pile up. */
const KEEP_CACHE_FILES = 3;

function pruneOtherCaches(dir: string, current: string): void {
  try {
    const others = fs
      .readdirSync(dir)
      .filter((name) => /^scan(-[0-9a-f]+)?\.json$/.test(name) && name !== current)
      .map((name) => ({ name, mtime: fs.statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const stale of others.slice(KEEP_CACHE_FILES - 1)) fs.rmSync(path.join(dir, stale.name), { force: true });
  } catch {
    // housekeeping only
  }
}
