import { decodeChunkFrame, FILE_CHUNK_KIND, type FileChunkFrame } from '../files/chunk-frame';
import type { DropReason } from './codec';

/**
 * Frames that carry bulk bytes skip JSON: a data-channel message whose first
 * byte is '{' is a JSON frame (./codec.ts), and any other first byte names a
 * binary frame kind. Binary frames are only accepted on a verified link, are
 * size-limited like JSON frames, and each kind's decoder checks its header.
 */
export const MAX_BINARY_FRAME_BYTES = 256 * 1024;
const JSON_FIRST_BYTE = 0x7b; // '{'

export type BinaryFrame = FileChunkFrame;

export type BinaryDecodeResult = { ok: true; frame: BinaryFrame } | { ok: false; reason: DropReason; detail: string };

const decoders: Record<number, (bytes: Uint8Array) => BinaryFrame | string> = {
  [FILE_CHUNK_KIND]: decodeChunkFrame,
};

export function isBinaryFrame(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[0] !== JSON_FIRST_BYTE;
}

export function decodeBinaryFrame(bytes: Uint8Array): BinaryDecodeResult {
  if (bytes.length > MAX_BINARY_FRAME_BYTES)
    return { ok: false, reason: 'oversized', detail: `binary frame of ${bytes.length} bytes > ${MAX_BINARY_FRAME_BYTES}` };
  const decode = decoders[bytes[0]!];
  if (!decode) return { ok: false, reason: 'unknown-type', detail: `binary frame kind ${bytes[0]}` };
  const frame = decode(bytes);
  return typeof frame === 'string' ? { ok: false, reason: 'schema', detail: frame } : { ok: true, frame };
}
