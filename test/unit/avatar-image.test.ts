import { describe, expect, it } from 'vitest';
import { AVATAR_MAX_BYTES, avatarHash, checkAvatarImage } from '../../src/core/avatar/avatar-image';
import { gradientPng } from '../support/png';

const bytes = (...parts: Array<number[] | string>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const le16 = (n: number) => [n & 255, n >> 8];
const le24 = (n: number) => [n & 255, (n >> 8) & 255, n >> 16];

/** Headers laid out as each format's specification says; real PNGs from the test encoder, real WebP in the e2e tier. */
describe('avatar image check', () => {
  it('reads a PNG’s size from its IHDR and names its type', () => {
    expect(checkAvatarImage(gradientPng(48, 32))).toEqual({ ok: true, type: 'image/png', width: 48, height: 32 });
  });

  it('walks a JPEG’s segments to its start of frame (after APP0 and a fill byte)', () => {
    const app0 = [0xff, 0xe0, 0, 16, ...bytes('JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0])];
    const sof0 = [0xff, 0xff, 0xc0, 0, 17, 8, 0, 72, 0, 96, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
    expect(checkAvatarImage(bytes([0xff, 0xd8], app0, sof0, [0xff, 0xd9]))).toEqual({
      ok: true,
      type: 'image/jpeg',
      width: 96,
      height: 72,
    });
  });

  it('reads lossy, lossless and extended WebP headers', () => {
    const riff = (chunk: string, body: number[]) => bytes('RIFF', [0, 0, 0, 0], 'WEBP', chunk, [body.length, 0, 0, 0], body);
    const vp8 = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(96), ...le16(80), 0, 0]);
    expect(checkAvatarImage(vp8)).toMatchObject({ ok: true, type: 'image/webp', width: 96, height: 80 });
    const bits = (96 - 1) | ((64 - 1) << 14);
    const vp8l = riff('VP8L', [0x2f, bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, (bits >>> 24) & 255, 0, 0, 0, 0, 0]);
    expect(checkAvatarImage(vp8l)).toMatchObject({ ok: true, width: 96, height: 64 });
    const vp8x = riff('VP8X', [0, 0, 0, 0, ...le24(95), ...le24(95), 0, 0]);
    expect(checkAvatarImage(vp8x)).toMatchObject({ ok: true, width: 96, height: 96 });
  });

  it('refuses what is not a small image, saying why', () => {
    expect(checkAvatarImage(new Uint8Array())).toEqual({ ok: false, reason: 'the image is empty' });
    expect(checkAvatarImage(bytes('GIF89a', [1, 0, 1, 0]))).toEqual({ ok: false, reason: 'not a PNG, JPEG or WebP image' });
    expect(checkAvatarImage(new Uint8Array(AVATAR_MAX_BYTES + 1))).toMatchObject({ ok: false, reason: /at most 12288 bytes/ });
    // A JPEG signature with no frame header.
    expect(checkAvatarImage(bytes([0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0]))).toMatchObject({ reason: /damaged/ });
    const wide = gradientPng(8, 8);
    wide.writeUInt32BE(0, 20);
    expect(checkAvatarImage(wide)).toMatchObject({ ok: false, reason: /8×0/ });
  });

  it('names an image by the first 16 bytes of its SHA-256, in hex', () => {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2, B.1).
    expect(avatarHash(bytes('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223');
  });
});
