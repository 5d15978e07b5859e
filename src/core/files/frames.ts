import { z } from 'zod';
import { PROTOCOL_VERSION } from '../wire/version';
import { MAX_CHUNK_BYTES, MAX_CHUNKS, MAX_FILE_BYTES, OfferIdSchema, RootSchema } from './manifest';

/**
 * The JSON half of the file protocol (docs/FILES.md). The requester opens a
 * session per file and source; the source answers with what it has; the
 * requester asks for chunk ranges and the chunks come back as binary frames
 * (./chunk-frame.ts). Session ids are chosen by the requester and are only
 * unique per link and direction: `file-open`, `file-get`, `file-cancel` and
 * `file-close` travel requester → source, the rest source → requester.
 */
export const MIN_MESSAGE_BYTES = 16 * 1024;
/** Chromium's SCTP max-message-size; wrtc accepts the same. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
export const MAX_RANGES_PER_FRAME = 256;

const SessionId = z.number().int().min(1).max(0xffffffff);
const ChunkIndex = z.number().int().nonnegative().max(MAX_CHUNKS);
const ChunkRange = z.tuple([ChunkIndex, ChunkIndex]).refine(([start, end]) => start < end, 'empty range');
const ChunkRanges = z.array(ChunkRange).min(1).max(MAX_RANGES_PER_FRAME);
/** A bitfield of at most MAX_CHUNKS bits, base64. */
const BitsSchema = z
  .string()
  .max(Math.ceil(MAX_CHUNKS / 8 / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

const op = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ v: z.literal(PROTOCOL_VERSION), t: z.literal(type), s: SessionId, ...shape });

/** Why a super peer will not keep a replica. */
export const KeepRefusalSchema = z.enum(['disabled', 'quota', 'too-large', 'unknown']);
export type KeepRefusal = z.infer<typeof KeepRefusalSchema>;

export const UnavailableReasonSchema = z.enum(['unknown', 'changed', 'unreadable', 'paused', 'busy']);
export type UnavailableReason = z.infer<typeof UnavailableReasonSchema>;

export const FileFrameSchemas = {
  /** "Do you hold the file with this root?" Size and chunk size let the source refuse a mismatched manifest. */
  'file-open': op('file-open', {
    root: RootSchema,
    size: z.number().int().nonnegative().max(MAX_FILE_BYTES),
    chunkSize: z.number().int().positive().max(MAX_CHUNK_BYTES),
  }),
  /** The chunks the source can serve now: `all`, or a bitfield. */
  'file-have': op('file-have', { bits: z.union([z.literal('all'), BitsSchema]) }),
  /** A partial source verified more chunks. */
  'file-more': op('file-more', { ranges: ChunkRanges }),
  /** Not available: the whole file, or just these chunks (which the requester should fetch elsewhere). */
  'file-none': op('file-none', { reason: UnavailableReasonSchema, ranges: ChunkRanges.optional() }),
  /** Send these chunks, in messages of at most `m` bytes. */
  'file-get': op('file-get', {
    ranges: ChunkRanges,
    m: z.number().int().min(MIN_MESSAGE_BYTES).max(MAX_MESSAGE_BYTES),
  }),
  /** Forget these requested chunks; one already being sent is finished. */
  'file-cancel': op('file-cancel', { ranges: ChunkRanges }),
  /** The session is over; `complete` tells the source the requester has the whole file. */
  'file-close': op('file-close', { complete: z.boolean() }),
  /**
   * Replication (owner → super peer): keep the ciphertext of this file and serve it while I am away.
   * Only the root and sizes travel: the super peer can verify and serve every chunk, never read one.
   */
  'file-keep': op('file-keep', {
    root: RootSchema,
    size: z.number().int().nonnegative().max(MAX_FILE_BYTES),
    chunkSize: z.number().int().positive().max(MAX_CHUNK_BYTES),
  }),
  /** Super peer → owner: fetching it now, holding all of it, or not keeping it. */
  'file-kept': op('file-kept', {
    root: RootSchema,
    state: z.enum(['fetching', 'complete', 'refused']),
    reason: KeepRefusalSchema.optional(),
  }),
  /** Owner → super peer: the file was withdrawn; forget the replica. */
  'file-unkeep': op('file-unkeep', { root: RootSchema }),
  /** Recipient → the offer's sender: not taking these files (so a script waiting for them can stop). */
  'file-decline': op('file-decline', { offer: OfferIdSchema }),
} as const;

export type FileFrameType = keyof typeof FileFrameSchemas;
export type FileFrameOf<T extends FileFrameType> = z.infer<(typeof FileFrameSchemas)[T]>;
export type FileFrame = { [T in FileFrameType]: FileFrameOf<T> }[FileFrameType];
export type ChunkRange = [number, number];

export function rangesToIndices(ranges: readonly ChunkRange[], limit: number): number[] {
  const out: number[] = [];
  for (const [start, end] of ranges) for (let i = start; i < Math.min(end, limit); i++) out.push(i);
  return out;
}

/** Sorted indices as the fewest [start, end) ranges. */
export function indicesToRanges(indices: readonly number[]): ChunkRange[] {
  const sorted = [...indices].sort((a, b) => a - b);
  const ranges: ChunkRange[] = [];
  for (const index of sorted) {
    const last = ranges.at(-1);
    if (last && last[1] === index) last[1] = index + 1;
    else if (!last || last[1] < index) ranges.push([index, index + 1]);
  }
  return ranges;
}
