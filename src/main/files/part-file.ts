import { constants } from 'node:fs';
import { mkdir, open, realpath, rename, type FileHandle } from 'node:fs/promises';
import { dirname, relative, isAbsolute } from 'node:path';
import { LanlineError } from '../../core/errors';
import type { ChunkSink } from '../../core/files/download';
import type { FileEntry } from '../../core/files/manifest';
import { ChunkJobError } from './chunk-jobs';
import type { ChunkWorker } from './chunk-worker';

/** A download in progress sits next to where it will land, under this suffix, until its root checks out. */
export const PART_SUFFIX = '.lanline-part';

export const isNoSpace = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT';
};

export function diskFull(dir: string, detail?: string): LanlineError {
  return new LanlineError(
    'disk-full',
    `The disk holding ${dir} is full${detail ? ` (${detail})` : ''}. Free some space, then resume.`,
  );
}

/** Throws unless `path`, with symlinks resolved, is inside `root`: a planted link must not redirect a download. */
export async function assertInside(root: string, path: string): Promise<void> {
  const [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)]);
  const rel = relative(realRoot, realPath);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new LanlineError('invalid-input', `${path} is outside the downloads folder`);
}

/** What a part file decrypts with, and where. */
export interface Opener {
  key: Uint8Array;
  worker: ChunkWorker;
}

/**
 * A download's bytes on disk: a file of the final size (sparse until written;
 * a reservation that ftruncate cannot make, hence ENOSPC is handled at every
 * write), each verified chunk opened with the file's key and written at its
 * offset, renamed into place once complete. Opening never truncates what is
 * there: after a restart the verified chunks are still in it.
 */
export class PartFile implements ChunkSink {
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    private readonly entry: FileEntry,
    private readonly opener: Opener,
  ) {}

  static async open(path: string, entry: FileEntry, downloadsDir: string, opener: Opener): Promise<PartFile> {
    await mkdir(dirname(path), { recursive: true });
    await assertInside(downloadsDir, dirname(path));
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
    try {
      if ((await handle.stat()).size !== entry.size) await handle.truncate(entry.size);
    } catch (error) {
      await handle.close();
      throw isNoSpace(error) ? diskFull(dirname(path)) : error;
    }
    return new PartFile(handle, path, entry, opener);
  }

  /** Opens a verified sealed chunk and writes its plaintext in place. */
  async write(index: number, sealed: Uint8Array): Promise<void> {
    if (this.closed) throw new LanlineError('internal', `${this.entry.path}: its part file is closed`);
    const { key, worker } = this.opener;
    try {
      await worker.open({ fd: this.handle.fd, key, index, position: index * this.entry.chunkSize }, sealed);
    } catch (error) {
      if (!(error instanceof ChunkJobError)) throw error;
      if (error.failure === 'no-space') throw diskFull(dirname(this.path));
      // The chunk is the one the root names, yet the key does not open it: the offer itself is bad.
      if (error.failure === 'bad-key')
        throw new LanlineError('file-corrupt', `${this.entry.path}: the offer's key does not open its chunks`);
      throw error;
    }
  }

  /** Everything written so far is on the disk when this resolves. */
  async sync(): Promise<void> {
    try {
      await this.handle.datasync();
    } catch (error) {
      throw isNoSpace(error) ? diskFull(dirname(this.path)) : error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.opener.worker.settled(this.handle.fd);
    await this.handle.close().catch(() => {});
  }

  /** Syncs, closes and renames the part file to `finalPath` (same folder, so the rename is atomic). */
  async finish(finalPath: string): Promise<void> {
    await this.sync();
    await this.close();
    await rename(this.path, finalPath);
  }
}
