import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';

/**
 * A profile picture: a small square image a person publishes. The window
 * crops and encodes it (96×96, WebP or JPEG); everyone else holds it as
 * opaque bytes named by their hash. Nothing here decodes pixels: the bytes
 * are only ever decoded by Chromium's image decoder in the sandboxed
 * renderer (docs/SECURITY.md). What is checked here is cheap and bounded:
 * the size, the format's magic bytes, and the dimensions its header claims.
 */
export const AVATAR_MAX_BYTES = 12 * 1024;
/** The window makes 96×96; a larger header than this is not an avatar anyone needs. */
export const AVATAR_MAX_SIDE = 512;
/** The width and height the window encodes. */
export const AVATAR_SIDE = 96;

/** First 16 bytes of SHA-256, lower-case hex: collision-resistant enough to name an image, short enough to sign into every presence record. */
export const AvatarHashSchema = z.string().regex(/^[0-9a-f]{32}$/, 'not an avatar hash');
export type AvatarHash = z.infer<typeof AvatarHashSchema>;

export function avatarHash(bytes: Uint8Array): AvatarHash {
  return bytesToHex(sha256(bytes).subarray(0, 16));
}

export type AvatarType = 'image/png' | 'image/jpeg' | 'image/webp';

export type AvatarCheck = { ok: true; type: AvatarType; width: number; height: number } | { ok: false; reason: string };

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);

/** PNG: the IHDR chunk is first by rule (PNG spec §5.6), width and height at fixed offsets. */
function pngSize(b: Uint8Array): [number, number] | undefined {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return [u32be(b, 16), u32be(b, 20)];
}

/** JPEG: walk the marker segments to the first start-of-frame (ITU T.81 §B.2). */
function jpegSize(b: Uint8Array): [number, number] | undefined {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    // SOF0–SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return [u16be(b, at + 7), u16be(b, at + 5)];
    at += 2 + u16be(b, at + 2);
  }
  return undefined;
}

/** WebP: lossy (VP8), lossless (VP8L) or extended (VP8X) each say the size in their first chunk. */
function webpSize(b: Uint8Array): [number, number] | undefined {
  if (b.length < 30) return undefined;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && startsWith(b, [0x9d, 0x01, 0x2a], 23)) return [u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff];
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  if (chunk === 'VP8X') return [u24le(b, 24) + 1, u24le(b, 27) + 1];
  return undefined;
}

/** Whether these bytes may be published or cached as an avatar, and what they claim to be. */
export function checkAvatarImage(bytes: Uint8Array): AvatarCheck {
  if (bytes.length === 0) return { ok: false, reason: 'the image is empty' };
  if (bytes.length > AVATAR_MAX_BYTES)
    return {
      ok: false,
      reason: `the image is ${bytes.length} bytes; an avatar may be at most ${AVATAR_MAX_BYTES} bytes (12 KiB)`,
    };
  let type: AvatarType;
  let size: [number, number] | undefined;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) [type, size] = ['image/png', pngSize(bytes)];
  else if (startsWith(bytes, [0xff, 0xd8, 0xff])) [type, size] = ['image/jpeg', jpegSize(bytes)];
  else if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') [type, size] = ['image/webp', webpSize(bytes)];
  else return { ok: false, reason: 'not a PNG, JPEG or WebP image' };
  if (!size) return { ok: false, reason: `the ${type.slice(6).toUpperCase()} header is damaged` };
  const [width, height] = size;
  if (width < 1 || height < 1 || width > AVATAR_MAX_SIDE || height > AVATAR_MAX_SIDE)
    return { ok: false, reason: `the image is ${width}×${height}; an avatar is at most ${AVATAR_MAX_SIDE}×${AVATAR_MAX_SIDE}` };
  return { ok: true, type, width, height };
}
