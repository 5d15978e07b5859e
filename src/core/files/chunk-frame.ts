import { HASH_BYTES } from './merkle';

/**
 * A chunk reply on the binary path: no JSON, no base64, the sealed bytes as
 * they are. Big-endian header:
 *
 *   0      kind (0x01)
 *   1..4   session id (the requester's)
 *   5..8   chunk index
 *   9..12  offset of this piece within the sealed chunk
 *   13     number of proof hashes that follow (only when offset is 0)
 *   14..   proof: 32 bytes each, the chunk's audit path, bottom up
 *   …      sealed bytes, at least one
 *
 * A sealed chunk larger than the requested message size arrives as several
 * pieces in order; the proof travels with the first.
 */
export const FILE_CHUNK_KIND = 0x01;
export const CHUNK_HEADER_BYTES = 14;
export const MAX_PROOF_HASHES = 32;

export interface FileChunkFrame {
  kind: 'file-chunk';
  session: number;
  index: number;
  offset: number;
  proof: Uint8Array[];
  data: Uint8Array;
}

/** Bytes a sealed chunk needs in front of it to become a whole frame in place (header and the longest proof). */
export const MAX_CHUNK_HEADROOM = CHUNK_HEADER_BYTES + MAX_PROOF_HASHES * HASH_BYTES;

export function chunkHeadroom(proofHashes: number): number {
  return CHUNK_HEADER_BYTES + proofHashes * HASH_BYTES;
}

/**
 * Writes the header and proof of a whole-chunk frame into the `chunkHeadroom`
 * bytes just before the sealed chunk, so a chunk read and sealed straight
 * into its frame goes out with no further copy.
 */
export function writeChunkHeader(frame: Uint8Array, session: number, index: number, proof: readonly Uint8Array[]): void {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  frame[0] = FILE_CHUNK_KIND;
  view.setUint32(1, session);
  view.setUint32(5, index);
  view.setUint32(9, 0);
  frame[13] = proof.length;
  proof.forEach((hash, i) => frame.set(hash, CHUNK_HEADER_BYTES + i * HASH_BYTES));
}

/** Encodes into `into` when it is large enough (the uploader reuses one buffer: sends copy). */
export function encodeChunkFrame(
  session: number,
  index: number,
  offset: number,
  proof: readonly Uint8Array[],
  data: Uint8Array,
  into?: Uint8Array,
): Uint8Array {
  const length = CHUNK_HEADER_BYTES + proof.length * HASH_BYTES + data.length;
  const bytes = into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  bytes[0] = FILE_CHUNK_KIND;
  view.setUint32(1, session);
  view.setUint32(5, index);
  view.setUint32(9, offset);
  bytes[13] = proof.length;
  proof.forEach((hash, i) => bytes.set(hash, CHUNK_HEADER_BYTES + i * HASH_BYTES));
  bytes.set(data, CHUNK_HEADER_BYTES + proof.length * HASH_BYTES);
  return bytes;
}

/** The structure only; whether the chunk was asked for is the exchange's business. */
export function decodeChunkFrame(bytes: Uint8Array): FileChunkFrame | string {
  if (bytes.length < CHUNK_HEADER_BYTES + 1) return `file chunk of ${bytes.length} bytes is shorter than its header`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const proofCount = bytes[13]!;
  const offset = view.getUint32(9);
  if (proofCount > MAX_PROOF_HASHES) return `file chunk claims ${proofCount} proof hashes`;
  if (proofCount > 0 && offset !== 0) return 'file chunk proof outside the first piece';
  const dataStart = CHUNK_HEADER_BYTES + proofCount * HASH_BYTES;
  if (bytes.length <= dataStart) return 'file chunk without data';
  const proof: Uint8Array[] = [];
  for (let i = 0; i < proofCount; i++)
    proof.push(bytes.subarray(CHUNK_HEADER_BYTES + i * HASH_BYTES, CHUNK_HEADER_BYTES + (i + 1) * HASH_BYTES));
  return {
    kind: 'file-chunk',
    session: view.getUint32(1),
    index: view.getUint32(5),
    offset,
    proof,
    data: bytes.subarray(dataStart),
  };
}
