import { open, type FileHandle } from 'node:fs/promises';
import type { Bitfield } from '../../core/files/bitfield';
import { BufferPool } from '../../core/files/buffer-pool';
import { chunkHeadroom, MAX_CHUNK_HEADROOM } from '../../core/files/chunk-frame';
import { TAG_BYTES } from '../../core/files/crypto';
import { chunkPlainLength, type FileEntry } from '../../core/files/manifest';
import type { MerkleTree } from '../../core/files/merkle';
import { UnavailableError, type ServedChunk, type ServedFile } from '../../core/files/served-file';
import { ChunkJobError } from './chunk-jobs';
import type { ChunkWorker } from './chunk-worker';

export interface DiskServedFileInit {
  entry: FileEntry;
  /** The plaintext: the original file, a download's part file, or a finished download. */
  path: string;
  key: Uint8Array;
  tree: MerkleTree;
  have(): Bitfield | 'all';
  worker: ChunkWorker;
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
  private closed = false;
  /** Whole frames: each chunk lands in place behind room for its header and proof. */
  private readonly frames: BufferPool;

  constructor(private readonly init: DiskServedFileInit) {
    this.frames = new BufferPool(MAX_CHUNK_HEADROOM + init.entry.chunkSize + TAG_BYTES);
  }

  get entry(): FileEntry {
    return this.init.entry;
  }

  have(): Bitfield | 'all' {
    return this.init.have();
  }

  async read(index: number): Promise<ServedChunk> {
    const { entry, tree, key, worker } = this.init;
    const leaf = tree.node(0, index);
    const proof = tree.proof(index);
    if (!leaf || !proof) throw new UnavailableError('unknown', `chunk ${index} is not verified here`);
    const gone = () => new UnavailableError('unknown', `${entry.path} is no longer served`);
    if (this.closed) throw gone();
    this.handle ??= open(this.init.path, 'r');
    const handle = await this.handle.catch((error: Error) => {
      this.handle = undefined;
      throw new UnavailableError('unreadable', error.message);
    });
    // Again after the wait, with nothing in between: a job must never reach a descriptor close() let go of.
    if (this.closed) throw gone();
    const frame = this.frames.take();
    const headroom = chunkHeadroom(proof.length);
    try {
      const length = chunkPlainLength(entry, index);
      const job = { fd: handle.fd, key, index, position: index * entry.chunkSize, length, leaf };
      const sealedLength = await worker.seal(job, frame.subarray(headroom));
      return { sealed: frame.subarray(headroom, headroom + sealedLength), proof, frame, release: () => this.frames.give(frame) };
    } catch (error) {
      this.frames.give(frame);
      if (!(error instanceof ChunkJobError)) throw error;
      if (error.failure !== 'changed') throw new UnavailableError('unreadable', error.message);
      this.init.onChanged?.();
      throw new UnavailableError('changed', `chunk ${index} of ${entry.path} changed on disk`);
    }
  }

  noteServed(peer: string, bytes: number): void {
    this.init.onServed?.(peer, bytes);
  }

  noteComplete(peer: string): void {
    this.init.onComplete?.(peer);
  }

  async close(): Promise<void> {
    this.closed = true;
    const handle = await this.handle?.catch(() => undefined);
    this.handle = undefined;
    if (!handle) return;
    await this.init.worker.settled(handle.fd);
    await handle.close();
  }
}
