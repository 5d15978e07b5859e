import { constants } from 'node:fs';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Bitfield } from '../../core/files/bitfield';
import { BufferPool } from '../../core/files/buffer-pool';
import { chunkHeadroom, MAX_CHUNK_HEADROOM } from '../../core/files/chunk-frame';
import { TAG_BYTES, type FileCrypto } from '../../core/files/crypto';
import type { ChunkSink } from '../../core/files/download';
import { chunkSealedLength, type FileEntry } from '../../core/files/manifest';
import { equalHashes, leafHash, type MerkleTree } from '../../core/files/merkle';
import { UnavailableError, type ServedChunk, type ServedFile } from '../../core/files/served-file';
import { diskFull, isNoSpace } from './part-file';

type Shape = Pick<FileEntry, 'root' | 'size' | 'chunkSize'>;

/**
 * A file's ciphertext as a super peer keeps it for its owner: sealed chunk
 * `i` at `i × (chunkSize + 16)`, exactly the bytes that travelled. It is the
 * sink of a key-less download and then a source like any other; every chunk
 * it serves is checked against its leaf first, so a damaged disk can never
 * pass off bad bytes (the requester would catch them anyway, and penalise us).
 */
export class SealedFile implements ChunkSink, ServedFile {
  private handle: Promise<FileHandle> | undefined;
  private readonly pool: BufferPool;

  constructor(
    readonly path: string,
    readonly entry: Shape,
    private readonly tree: MerkleTree,
    private readonly verified: () => Bitfield | 'all',
    private readonly crypto: FileCrypto,
    private readonly onServed?: (peer: string, bytes: number) => void,
  ) {
    this.pool = new BufferPool(MAX_CHUNK_HEADROOM + entry.chunkSize + TAG_BYTES, 8);
  }

  private offsetOf(index: number): number {
    return index * (this.entry.chunkSize + TAG_BYTES);
  }

  private file(): Promise<FileHandle> {
    this.handle ??= (async () => {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      return open(this.path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    })();
    return this.handle.catch((error: Error) => {
      this.handle = undefined;
      throw error;
    });
  }

  async write(index: number, sealed: Uint8Array): Promise<void> {
    const handle = await this.file();
    try {
      let written = 0;
      while (written < sealed.length)
        written += (await handle.write(sealed, written, sealed.length - written, this.offsetOf(index) + written)).bytesWritten;
    } catch (error) {
      throw isNoSpace(error) ? diskFull(dirname(this.path)) : error;
    }
  }

  async sync(): Promise<void> {
    await (await this.file()).datasync();
  }

  have(): Bitfield | 'all' {
    return this.verified();
  }

  async read(index: number): Promise<ServedChunk> {
    const expected = this.tree.node(0, index);
    const proof = this.tree.proof(index);
    const have = this.verified();
    if (!expected || !proof || (have !== 'all' && !have.has(index)))
      throw new UnavailableError('unknown', `chunk ${index} is not held here`);
    const handle = await this.file().catch((error: Error) => {
      throw new UnavailableError('unreadable', error.message);
    });
    const length = chunkSealedLength(this.entry, index);
    const buffer = this.pool.take();
    const headroom = chunkHeadroom(proof.length);
    try {
      // Read straight into the frame, behind room for its header: it goes out with no copy.
      const { bytesRead } = await handle.read(buffer, headroom, length, this.offsetOf(index));
      const sealed = buffer.subarray(headroom, headroom + bytesRead);
      if (bytesRead !== length || !equalHashes(leafHash(this.crypto, sealed), expected))
        throw new UnavailableError('unreadable', `chunk ${index} of replica ${this.entry.root.slice(0, 12)} is damaged on disk`);
      return { sealed, proof, frame: buffer, release: () => this.pool.give(buffer) };
    } catch (error) {
      this.pool.give(buffer);
      throw error;
    }
  }

  noteServed(peer: string, bytes: number): void {
    this.onServed?.(peer, bytes);
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await (await handle?.catch(() => undefined))?.close();
  }

  async remove(): Promise<void> {
    await this.close();
    await rm(this.path, { force: true });
  }
}
