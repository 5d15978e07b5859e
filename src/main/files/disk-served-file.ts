import { open, type FileHandle } from 'node:fs/promises';
import type { Bitfield } from '../../core/files/bitfield';
import { BufferPool } from '../../core/files/buffer-pool';
import { chunkHeadroom, MAX_CHUNK_HEADROOM } from '../../core/files/chunk-frame';
import { sealChunk, TAG_BYTES, type FileCrypto } from '../../core/files/crypto';
import { chunkPlainLength, type FileEntry } from '../../core/files/manifest';
import { equalHashes, leafHash, type MerkleTree } from '../../core/files/merkle';
import { UnavailableError, type ServedChunk, type ServedFile } from '../../core/files/served-file';

export interface DiskServedFileInit {
  entry: FileEntry;
  /** The plaintext: the original file, a download's part file, or a finished download. */
  path: string;
  key: Uint8Array;
  tree: MerkleTree;
  have(): Bitfield | 'all';
  crypto: FileCrypto;
  onServed?(peer: string, bytes: number): void;
  onComplete?(peer: string): void;
  /** The bytes on disk no longer match the root. */
  onChanged?(): void;
}

/**
 * Serves a file from its plaintext on disk: reads a chunk, seals it under the
 * file's key and index, and sends it only if its hash is the leaf the tree
 * holds. That check is what makes a derived nonce safe (docs/FILES.md): if
 * the file was edited after it was offered, the new bytes would be sealed
 * under the old (key, nonce), so they never leave this machine.
 */
export class DiskServedFile implements ServedFile {
  private handle: Promise<FileHandle> | undefined;
  private readonly plain: BufferPool;
  /** Whole frames: each chunk is sealed straight into place behind room for its header and proof. */
  private readonly frames: BufferPool;

  constructor(private readonly init: DiskServedFileInit) {
    this.plain = new BufferPool(init.entry.chunkSize);
    this.frames = new BufferPool(MAX_CHUNK_HEADROOM + init.entry.chunkSize + TAG_BYTES);
  }

  get entry(): FileEntry {
    return this.init.entry;
  }

  have(): Bitfield | 'all' {
    return this.init.have();
  }

  async read(index: number): Promise<ServedChunk> {
    const { entry, tree, crypto, key } = this.init;
    const expected = tree.node(0, index);
    const proof = tree.proof(index);
    if (!expected || !proof) throw new UnavailableError('unknown', `chunk ${index} is not verified here`);
    this.handle ??= open(this.init.path, 'r');
    const handle = await this.handle.catch((error: Error) => {
      this.handle = undefined;
      throw new UnavailableError('unreadable', error.message);
    });
    const length = chunkPlainLength(entry, index);
    const plain = this.plain.take();
    const frame = this.frames.take();
    try {
      const { bytesRead } = await handle.read(plain, 0, length, index * entry.chunkSize);
      const sealed = sealChunk(crypto, key, index, plain.subarray(0, bytesRead), frame.subarray(chunkHeadroom(proof.length)));
      if (bytesRead !== length || !equalHashes(leafHash(crypto, sealed), expected)) {
        this.init.onChanged?.();
        throw new UnavailableError('changed', `chunk ${index} of ${entry.path} changed on disk`);
      }
      return { sealed, proof, frame, release: () => this.frames.give(frame) };
    } catch (error) {
      this.frames.give(frame);
      throw error;
    } finally {
      this.plain.give(plain);
    }
  }

  noteServed(peer: string, bytes: number): void {
    this.init.onServed?.(peer, bytes);
  }

  noteComplete(peer: string): void {
    this.init.onComplete?.(peer);
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await (await handle?.catch(() => undefined))?.close();
  }
}
