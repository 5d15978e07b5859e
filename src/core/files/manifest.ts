import { z } from 'zod';
import { base32, b64 } from '../bytes';
import { FILE_KEY_BYTES, TAG_BYTES } from './crypto';
import { pathKey, pathProblem } from './paths';

/**
 * What an offer says about each file, and the chunking every source and
 * receiver derives from it. An offer (manifest + one key per file) travels
 * inside an end-to-end encrypted message; see docs/FILES.md.
 */

/**
 * Plaintext bytes per chunk for files up to ~68 GB: one sealed chunk (+16-byte
 * tag), its binary header and its proof fit in a single 256 KiB data-channel
 * message, the largest Chromium accepts (SDP max-message-size 262144), so the
 * fastest wire setting costs one message per chunk.
 */
export const CHUNK_UNIT = 256 * 1024 - 1024;
/** Keeps bitfields (≤ 32 KiB) and trees (≤ 16 MiB) small; larger files get larger chunks. */
export const MAX_CHUNKS = 2 ** 18;
export const MAX_FILE_BYTES = 2 ** 40;
export const MIN_CHUNK_BYTES = 16 * 1024;
export const MAX_CHUNK_BYTES = Math.ceil(MAX_FILE_BYTES / MAX_CHUNKS / CHUNK_UNIT) * CHUNK_UNIT;
/** An offer must fit in one sealed message (64 KiB); bigger folders are offered in parts. */
export const MAX_ENTRIES = 200;

export function chunkSizeFor(size: number): number {
  return CHUNK_UNIT * Math.max(1, Math.ceil(size / (MAX_CHUNKS * CHUNK_UNIT)));
}

/** Every file has at least one chunk, so even an empty file has a root that authenticates it. */
export function chunkCount(file: { size: number; chunkSize: number }): number {
  return Math.max(1, Math.ceil(file.size / file.chunkSize));
}

export function chunkPlainLength(file: { size: number; chunkSize: number }, index: number): number {
  return Math.max(0, Math.min(file.chunkSize, file.size - index * file.chunkSize));
}

export function chunkSealedLength(file: { size: number; chunkSize: number }, index: number): number {
  return chunkPlainLength(file, index) + TAG_BYTES;
}

export const RootSchema = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 root in hex');

export const SafePathSchema = z.string().superRefine((path, ctx) => {
  const problem = pathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: `unsafe path (${problem})` });
});

export const MimeTypeSchema = z
  .string()
  .max(255)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, 'not a media type');

export const FileEntrySchema = z
  .strictObject({
    /** Where the file goes, relative to the receiver's downloads folder; '/'-separated for folders. */
    path: SafePathSchema,
    size: z.number().int().nonnegative().max(MAX_FILE_BYTES),
    type: MimeTypeSchema,
    chunkSize: z.number().int().min(MIN_CHUNK_BYTES).max(MAX_CHUNK_BYTES),
    /** RFC 6962 root over the sealed chunks (docs/FILES.md); also the file's id between peers. */
    root: RootSchema,
  })
  .refine((entry) => chunkCount(entry) <= MAX_CHUNKS, 'too many chunks for this chunk size');
export type FileEntry = z.infer<typeof FileEntrySchema>;

export const ManifestSchema = z
  .strictObject({
    /** What the offer is called in a conversation: the file's or the folder's name. */
    name: z.string().min(1).max(255),
    entries: z.array(FileEntrySchema).min(1).max(MAX_ENTRIES),
  })
  .superRefine((manifest, ctx) => {
    // A folder's tree must be writable as given: no file twice, and no file where a folder must be.
    const files = new Set<string>();
    const folders = new Set<string>();
    for (const entry of manifest.entries) {
      const key = pathKey(entry.path);
      if (files.has(key) || folders.has(key)) ctx.addIssue({ code: 'custom', message: `path collides: ${entry.path}` });
      files.add(key);
      const segments = key.split('/');
      for (let i = 1; i < segments.length; i++) folders.add(segments.slice(0, i).join('/'));
    }
    for (const folder of folders)
      if (files.has(folder)) ctx.addIssue({ code: 'custom', message: `a file and a folder share the path ${folder}` });
  });
export type Manifest = z.infer<typeof ManifestSchema>;

const KeySchema = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, 'not a 32-byte key in base64')
  .refine((text) => b64.decode(text).length === FILE_KEY_BYTES);

export const OfferIdSchema = z.string().regex(/^[a-z2-7]{26}$/, 'not an offer id');

/** A preview the sender's UI made from an image, so recipients see it before accepting. */
export const THUMBNAIL_MAX_BYTES = 16 * 1024;
export const ThumbnailSchema = z.strictObject({
  /** Raster formats only: an SVG could carry script. */
  type: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  data: z
    .string()
    .max(Math.ceil(THUMBNAIL_MAX_BYTES / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
});
export type Thumbnail = z.infer<typeof ThumbnailSchema>;

/**
 * The seam between messaging and file transfer: the messaging layer carries
 * this object inside a sealed message, and hands it to FileTransfers on
 * arrival. `keys[i]` decrypts `manifest.entries[i]`; whoever holds only the
 * manifest (a super peer keeping a replica) can verify and serve the
 * ciphertext but never read it.
 */
export const FileOfferSchema = z
  .strictObject({
    id: OfferIdSchema,
    manifest: ManifestSchema,
    keys: z.array(KeySchema).min(1).max(MAX_ENTRIES),
    /** Only for an offer of one image. */
    thumbnail: ThumbnailSchema.optional(),
  })
  .refine((offer) => offer.keys.length === offer.manifest.entries.length, 'one key per file')
  .refine((offer) => !offer.thumbnail || offer.manifest.entries.length === 1, 'a thumbnail belongs to an offer of one file');
export type FileOffer = z.infer<typeof FileOfferSchema>;

export function newOfferId(randomBytes: (n: number) => Uint8Array): string {
  return base32.encode(randomBytes(16));
}
