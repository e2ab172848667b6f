// The Checkpoint: a snapshot of the working tree, the index and HEAD kept as a git commit under
// refs/autonomous/checkpoints/<id>, so the person's work can always be brought back.
import { z } from 'zod';

export const CHECKPOINT_REF_PREFIX = 'refs/autonomous/checkpoints/';

/** Ids are `cp_YYYYMMDD_HHMMSS_xxxx` (see timestampId); checked because they name a ref and a file. */
export const CheckpointId = z.string().regex(/^cp_\d{8}_\d{6}_[0-9a-f]{4}$/, 'not a checkpoint id');

const Sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'not a git object id');

export const Checkpoint = z.object({
  checkpoint_id: CheckpointId,
  /** ISO 8601 with milliseconds. */
  created_at: z.string(),
  reason: z.string(),
  /** Short branch name; null when HEAD was detached. */
  branch: z.string().min(1).nullable(),
  /** Commit HEAD pointed to; null on a branch with no commits yet. */
  head: Sha.nullable(),
  ref: z.string().startsWith(CHECKPOINT_REF_PREFIX),
  /** The checkpoint commit: its tree is the working tree (ignored files excluded). */
  commit: Sha,
  /** Tree of the real index (the staged state) at that time. */
  index_tree: Sha,
  /** Root-relative paths that were modified, added, deleted or untracked at that time. */
  files: z.array(z.string()),
  workflow_id: z.string().optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;
