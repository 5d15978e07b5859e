import { open } from 'node:fs/promises';
import { bytesToHex } from '@noble/hashes/utils.js';
import { FILE_KEY_BYTES, sealChunk, type FileCrypto } from '../../core/files/crypto';
import { chunkCount, chunkPlainLength, chunkSizeFor, type FileEntry } from '../../core/files/manifest';
import { leafHash, MerkleTree } from '../../core/files/merkle';
import { mediaTypeOf } from './media-type';

export interface IndexedFile {
  entry: FileEntry;
  key: Uint8Array;
  tree: MerkleTree;
  mtimeMs: number;
}

/**
 * Seals a file chunk by chunk under a fresh key and builds the Merkle tree of
 * the sealed chunks: what an offer needs. One chunk-sized buffer at a time,
 * so a 10 GB file costs the same memory as a 10 KB one (plus ~64 bytes of
 * tree per 255 KiB).
 */
export async function indexFile(
  path: string,
  relativePath: string,
  options: { crypto: FileCrypto; randomBytes(n: number): Uint8Array; onProgress?(bytes: number): void },
): Promise<IndexedFile> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
    const file = { size: stat.size, chunkSize: chunkSizeFor(stat.size) };
    const key = options.randomBytes(FILE_KEY_BYTES);
    const count = chunkCount(file);
    const tree = new MerkleTree(count);
    const buffer = Buffer.allocUnsafe(file.chunkSize);
    let done = 0;
    for (let index = 0; index < count; index++) {
      const length = chunkPlainLength(file, index);
      const { bytesRead } = await handle.read(buffer, 0, length, index * file.chunkSize);
      if (bytesRead !== length) throw new Error(`${path} changed while it was being read`);
      tree.set(0, index, leafHash(options.crypto, sealChunk(options.crypto, key, index, buffer.subarray(0, length))));
      done += length;
      options.onProgress?.(done);
    }
    tree.computeParents(options.crypto);
    tree.takeDirty();
    const after = await handle.stat();
    if (after.size !== stat.size || after.mtimeMs !== stat.mtimeMs) throw new Error(`${path} changed while it was being read`);
    const entry: FileEntry = {
      path: relativePath,
      size: stat.size,
      type: mediaTypeOf(path),
      chunkSize: file.chunkSize,
      root: bytesToHex(tree.root()!),
    };
    return { entry, key, tree, mtimeMs: Math.floor(stat.mtimeMs) };
  } finally {
    await handle.close();
  }
}
