import type { Bitfield } from './bitfield';
import type { UnavailableReason } from './frames';
import type { FileEntry } from './manifest';

/**
 * One file this node can serve, as the exchange sees it. The backend
 * implements it over a plaintext file (the sender, or a receiver serving what
 * it has), and a super peer would implement it over stored ciphertext.
 */
export interface ServedFile {
  readonly entry: Pick<FileEntry, 'root' | 'size' | 'chunkSize'>;
  /** The chunks it can serve now; 'all' for a complete copy. */
  have(): Bitfield | 'all';
  /**
   * Chunk `index` sealed, with its audit path, already checked against the
   * root: a file that changed on disk must never go out under the old root,
   * since re-sealing different bytes under the same nonce would break
   * ChaCha20-Poly1305 (docs/FILES.md). Rejects with UnavailableError.
   */
  read(index: number): Promise<ServedChunk>;
  /** Bytes this file has sent, per peer; the sender's progress comes from here. */
  noteServed?(peer: string, bytes: number): void;
  /** The requester reported it has the whole file. */
  noteComplete?(peer: string): void;
}

export interface ServedChunk {
  sealed: Uint8Array;
  proof: Uint8Array[];
  /**
   * When set, `sealed` sits in this buffer right after `chunkHeadroom(proof.length)`
   * free bytes, so the uploader writes the header there and sends it all with no copy.
   */
  frame?: Uint8Array;
  /** Hands `sealed` back for reuse once it has been sent (./buffer-pool.ts). */
  release?(): void;
}

export class UnavailableError extends Error {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
  ) {
    super(message);
    this.name = 'UnavailableError';
  }
}
