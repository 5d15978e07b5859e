import { basename } from 'node:path';
import { b64 } from '../../core/bytes';
import type { FileCrypto } from '../../core/files/crypto';
import { FileOfferSchema, newOfferId, type FileOffer, type Thumbnail } from '../../core/files/manifest';
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
    randomBytes(n: number): Uint8Array;
    trees: TreeFiles;
    thumbnail?: Thumbnail;
    onProgress?(bytes: number): void;
  },
): Promise<IndexedOffer> {
  const sources = await collectSources(paths);
  const indexed = [];
  let before = 0;
  for (const source of sources) {
    const file = await indexFile(source.path, source.relative, {
      crypto: options.crypto,
      randomBytes: options.randomBytes,
      onProgress: (bytes) => options.onProgress?.(before + bytes),
    });
    before += file.entry.size;
    await options.trees.save(file.entry.root, file.tree);
    indexed.push({ ...file, path: source.path });
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
