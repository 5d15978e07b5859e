import { readSync, writeSync } from 'node:fs';
import { openChunk, sealChunk, TAG_BYTES } from '../../core/files/crypto';
import { CHUNK_UNIT } from '../../core/files/manifest';
import { equalHashes, leafHash } from '../../core/files/merkle';
import { nodeFileCrypto } from './node-file-crypto';

/**
 * The per-byte work of a transfer, as jobs on file descriptors the main
 * thread owns, with the chunk bytes in shared memory. `chunk-worker.ts` runs
 * them on a worker thread (and on the main thread when no worker can start).
 */

/** A slot holds one sealed chunk of the usual size; bigger chunks (files over ~68 GB) bring their own buffer. */
export const SLOT_BYTES = CHUNK_UNIT + TAG_BYTES;

/** Where a job's sealed bytes are: a slot of the shared pool, or a buffer of its own. */
export type SlotRef = number | SharedArrayBuffer;

export type ChunkJob =
  /** Read plaintext chunk `index` at `position`, seal it into the slot, and check it against its leaf. */
  | {
      op: 'seal';
      id: number;
      fd: number;
      key: Uint8Array;
      index: number;
      position: number;
      length: number;
      leaf: Uint8Array;
      slot: SlotRef;
    }
  /** Read plaintext chunk `index` at `position`, seal it into the slot, and answer its leaf: indexing a file for an offer. */
  | { op: 'index'; id: number; fd: number; key: Uint8Array; index: number; position: number; length: number; slot: SlotRef }
  /** Open sealed chunk `index` (`length` bytes in the slot) and write its plaintext at `position`. */
  | { op: 'open'; id: number; fd: number; key: Uint8Array; index: number; position: number; length: number; slot: SlotRef };

/** Why a job failed: the words for the user are the caller's to choose. */
export type ChunkJobFailure = 'changed' | 'unreadable' | 'no-space' | 'bad-key' | 'io';

export type ChunkJobDone = { id: number; length: number; leaf?: Uint8Array };
export type ChunkJobReply = ChunkJobDone | { id: number; failure: ChunkJobFailure; message: string };

export class ChunkJobError extends Error {
  constructor(
    readonly failure: ChunkJobFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ChunkJobError';
  }
}

/** The views a job's slot reference names. */
export function slotView(pool: SharedArrayBuffer, slot: SlotRef, length: number): Uint8Array {
  return typeof slot === 'number' ? new Uint8Array(pool, slot * SLOT_BYTES, length) : new Uint8Array(slot, 0, length);
}

/** Runs one job to completion, synchronously; never throws. */
export function runChunkJob(job: ChunkJob, pool: SharedArrayBuffer, scratch: { plain: Uint8Array }): ChunkJobReply {
  try {
    return job.op === 'open' ? open(job, pool) : seal(job, pool, scratch);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const failure: ChunkJobFailure =
      code === 'ENOSPC' || code === 'EDQUOT' ? 'no-space' : job.op === 'open' ? 'io' : 'unreadable';
    return { id: job.id, failure, message: (error as Error).message };
  }
}

function seal(
  job: Extract<ChunkJob, { op: 'seal' | 'index' }>,
  pool: SharedArrayBuffer,
  scratch: { plain: Uint8Array },
): ChunkJobReply {
  if (scratch.plain.length < job.length) scratch.plain = new Uint8Array(job.length);
  const plain = scratch.plain.subarray(0, job.length);
  let read = 0;
  while (read < job.length) {
    const n = readSync(job.fd, plain, read, job.length - read, job.position + read);
    if (n === 0) break;
    read += n;
  }
  const changed = { id: job.id, failure: 'changed', message: `chunk ${job.index} changed on disk` } as const;
  if (read !== job.length) return changed;
  const sealed = sealChunk(nodeFileCrypto, job.key, job.index, plain, slotView(pool, job.slot, job.length + TAG_BYTES));
  const leaf = leafHash(nodeFileCrypto, sealed);
  if (job.op === 'index') return { id: job.id, length: sealed.length, leaf: new Uint8Array(leaf) }; // not a view of a pooled buffer, which would be cloned whole
  // A derived nonce is safe only while the bytes are those the root names (docs/FILES.md).
  if (!equalHashes(leaf, job.leaf)) return changed;
  return { id: job.id, length: sealed.length };
}

function open(job: Extract<ChunkJob, { op: 'open' }>, pool: SharedArrayBuffer): ChunkJobReply {
  const plain = openChunk(nodeFileCrypto, job.key, job.index, slotView(pool, job.slot, job.length));
  if (!plain) return { id: job.id, failure: 'bad-key', message: `chunk ${job.index} does not open with the offer's key` };
  let written = 0;
  while (written < plain.length) written += writeSync(job.fd, plain, written, plain.length - written, job.position + written);
  return { id: job.id, length: plain.length };
}
