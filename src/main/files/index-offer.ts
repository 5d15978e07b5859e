import { basename } from 'node:path';
import { b64 } from '../../core/bytes';
import type { FileCrypto } from '../../core/files/crypto';
import { FileOfferSchema, newOfferId, type FileOffer, type Thumbnail } from '../../core/files/manifest';
import type { ChunkWorker } from './chunk-worker';
import { collectSources } from './collect-sources';
import { indexFile } from './index-file';
import type { TreeFiles } from './tree-files';

export interface IndexedOffer {
  offer: FileOffer;
  /** Per entry: where it is here, and its mtime when it was read (a later one means it changed). */
  sources: Array<{ path: string; mtimeMs: number }>;
}

/**
 * Makes the offer for files and folders: each file read once, sealed and
 * hashed under a fresh key (one chunk in memory at a time), its tree saved.
 * Named after the file or folder shared, or "N files".
 */
export async function indexOffer(
  paths: string[],
  options: {
    crypto: FileCrypto;
    worker: ChunkWorker;
    randomBytes(n: number): Uint8Array;
    trees: TreeFiles;
    thumbnail?: Thumbnail;
    /** Bytes read and sealed so far, of `total`. */
    onProgress?(bytes: number, total: number): void;
    /** Stops between chunks: nothing is saved or offered. */
    signal?: AbortSignal;
  },
): Promise<IndexedOffer> {
  const sources = await collectSources(paths);
  const total = sources.reduce((n, s) => n + s.size, 0);
  const indexed = [];
  let before = 0;
  try {
    for (const source of sources) {
      const file = await indexFile(source.path, source.relative, {
        crypto: options.crypto,
        worker: options.worker,
        randomBytes: options.randomBytes,
        onProgress: (bytes) => options.onProgress?.(before + bytes, total),
        signal: options.signal,
      });
      before += file.entry.size;
      await options.trees.save(file.entry.root, file.tree);
      indexed.push({ ...file, path: source.path });
    }
  } catch (error) {
    // Nothing is offered, so the trees of the files done so far would never be read.
    await Promise.all(indexed.map((f) => options.trees.remove(f.entry.root)));
    throw error;
  }
  const name = sources.length === 1 || paths.length === 1 ? basename(paths[0]!) : `${sources.length} files`;
  const offer = FileOfferSchema.parse({
    id: newOfferId(options.randomBytes),
    manifest: { name, entries: indexed.map((f) => f.entry) },
    keys: indexed.map((f) => b64.encode(f.key)),
    ...(options.thumbnail && indexed.length === 1 && { thumbnail: options.thumbnail }),
  });
  return { offer, sources: indexed.map((f) => ({ path: f.path, mtimeMs: f.mtimeMs })) };
}
