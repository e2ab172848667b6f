// Content hashes: sha256 of a file's bytes, the identity a proposal is made against.
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of the file's bytes, or null when it does not exist. */
export function fileHash(file: string): string | null {
  try {
    return sha256(fs.readFileSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
