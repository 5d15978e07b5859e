import { open } from 'node:fs/promises';
import { bytesToHex } from '@noble/hashes/utils.js';
import { FILE_KEY_BYTES, type FileCrypto } from '../../core/files/crypto';
import { chunkCount, chunkPlainLength, chunkSizeFor, type FileEntry } from '../../core/files/manifest';
import { MerkleTree } from '../../core/files/merkle';
import { LanlineError } from '../../core/errors';
import { ChunkJobError } from './chunk-jobs';
import type { ChunkWorker } from './chunk-worker';
import { mediaTypeOf } from './media-type';

export interface IndexedFile {
  entry: FileEntry;
  key: Uint8Array;
  tree: MerkleTree;
  mtimeMs: number;
}

/** Chunks queued at once: the worker never waits on the main thread for the next, and serving keeps half the slots. */
const CHUNKS_IN_FLIGHT = 8;

/**
 * Seals a file chunk by chunk under a fresh key and builds the Merkle tree of
 * the sealed chunks: what an offer needs. The file worker reads and seals
 * (chunk-worker.ts), a few chunks at a time, so a 10 GB file costs the same
 * memory as a 10 KB one (plus ~64 bytes of tree per 255 KiB) and the main
 * thread only collects leaves.
 */
export async function indexFile(
  path: string,
  relativePath: string,
  options: {
    crypto: FileCrypto;
    worker: ChunkWorker;
    randomBytes(n: number): Uint8Array;
    onProgress?(bytes: number): void;
    signal?: AbortSignal;
  },
): Promise<IndexedFile> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
    const file = { size: stat.size, chunkSize: chunkSizeFor(stat.size) };
    const key = options.randomBytes(FILE_KEY_BYTES);
    const count = chunkCount(file);
    const tree = new MerkleTree(count);
    let next = 0;
    let done = 0;
    const sealNext = async (): Promise<void> => {
      try {
        for (let index = next++; index < count; index = next++) {
          if (options.signal?.aborted) throw new LanlineError('cancelled', 'Sharing was cancelled.');
          const length = chunkPlainLength(file, index);
          const job = { fd: handle.fd, key, index, position: index * file.chunkSize, length };
          tree.set(0, index, await options.worker.index(job));
          done += length;
          options.onProgress?.(done);
        }
      } catch (error) {
        next = count; // the others stop after the chunk they are on
        throw error;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CHUNKS_IN_FLIGHT, count) }, sealNext)).catch((error: Error) => {
      throw error instanceof ChunkJobError && error.failure === 'changed' ? changedWhileRead(path) : error;
    });
    tree.computeParents(options.crypto);
    tree.takeDirty();
    const after = await handle.stat();
    if (after.size !== stat.size || after.mtimeMs !== stat.mtimeMs) throw changedWhileRead(path);
    const entry: FileEntry = {
      path: relativePath,
      size: stat.size,
      type: mediaTypeOf(path),
      chunkSize: file.chunkSize,
      root: bytesToHex(tree.root()!),
    };
    return { entry, key, tree, mtimeMs: Math.floor(stat.mtimeMs) };
  } finally {
    // A job still reading must not meet a reused descriptor number.
    await options.worker.settled(handle.fd);
    await handle.close();
  }
}

function changedWhileRead(path: string): Error {
  return new Error(`${path} changed while it was being read`);
}
