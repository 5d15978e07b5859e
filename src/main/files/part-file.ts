import { constants } from 'node:fs';
import { mkdir, open, realpath, rename, type FileHandle } from 'node:fs/promises';
import { dirname, relative, isAbsolute } from 'node:path';
import { LanlineError } from '../../core/errors';
import type { ChunkSink } from '../../core/files/download';
import type { FileEntry } from '../../core/files/manifest';

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

/**
 * A download's bytes on disk: a file of the final size (sparse until written;
 * a reservation that ftruncate cannot make, hence ENOSPC is handled at every
 * write), written at each chunk's offset, renamed into place once complete.
 * Opening never truncates what is there: after a restart the verified chunks
 * are still in it.
 */
export class PartFile implements ChunkSink {
  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    private readonly entry: FileEntry,
  ) {}

  static async open(path: string, entry: FileEntry, downloadsDir: string): Promise<PartFile> {
    await mkdir(dirname(path), { recursive: true });
    await assertInside(downloadsDir, dirname(path));
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
    try {
      if ((await handle.stat()).size !== entry.size) await handle.truncate(entry.size);
    } catch (error) {
      await handle.close();
      throw isNoSpace(error) ? diskFull(dirname(path)) : error;
    }
    return new PartFile(handle, path, entry);
  }

  async write(index: number, bytes: Uint8Array): Promise<void> {
    let written = 0;
    try {
      while (written < bytes.length) {
        const { bytesWritten } = await this.handle.write(
          bytes,
          written,
          bytes.length - written,
          index * this.entry.chunkSize + written,
        );
        written += bytesWritten;
      }
    } catch (error) {
      throw isNoSpace(error) ? diskFull(dirname(this.path)) : error;
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
    await this.handle.close().catch(() => {});
  }

  /** Syncs, closes and renames the part file to `finalPath` (same folder, so the rename is atomic). */
  async finish(finalPath: string): Promise<void> {
    await this.sync();
    await this.close();
    await rename(this.path, finalPath);
  }
}
