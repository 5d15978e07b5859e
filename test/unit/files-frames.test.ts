import { describe, expect, it } from 'vitest';
import { decodeChunkFrame, encodeChunkFrame } from '../../src/core/files/chunk-frame';
import { FileFrameSchemas, indicesToRanges, rangesToIndices } from '../../src/core/files/frames';
import { decodeBinaryFrame, isBinaryFrame, MAX_BINARY_FRAME_BYTES } from '../../src/core/wire/binary';
import { decodeFrame, encodeFrame } from '../../src/core/wire/codec';

describe('binary chunk frames', () => {
  it('round-trip header, proof and data, byte for byte', () => {
    const proof = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
    const data = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const bytes = encodeChunkFrame(0xfffffffe, 123456, 0, proof, data);
    expect([...bytes.subarray(0, 14)]).toEqual([1, 0xff, 0xff, 0xff, 0xfe, 0, 1, 0xe2, 0x40, 0, 0, 0, 0, 2]);
    const frame = decodeChunkFrame(bytes);
    expect(frame).toMatchObject({ kind: 'file-chunk', session: 0xfffffffe, index: 123456, offset: 0 });
    if (typeof frame === 'string') throw new Error(frame);
    expect(frame.proof).toEqual(proof);
    expect(frame.data).toEqual(data);
  });

  it('reuses a buffer it is given, and never writes past the frame', () => {
    const into = new Uint8Array(64).fill(9);
    const bytes = encodeChunkFrame(1, 2, 3, [], Uint8Array.of(7, 7), into);
    expect(bytes.buffer).toBe(into.buffer);
    expect(bytes.length).toBe(16);
    expect(into[16]).toBe(9);
  });

  it('refuses frames without data, with a proof after the first piece, or claiming too many hashes', () => {
    expect(decodeChunkFrame(encodeChunkFrame(1, 0, 0, [], new Uint8Array(0)))).toMatch(/shorter than its header/);
    expect(decodeChunkFrame(encodeChunkFrame(1, 0, 5, [new Uint8Array(32)], Uint8Array.of(1)))).toMatch(/proof outside/);
    const many = encodeChunkFrame(1, 0, 0, [], new Uint8Array(40 * 32));
    many[13] = 40;
    expect(decodeChunkFrame(many)).toMatch(/claims 40 proof hashes/);
  });

  it('the first byte tells binary from JSON, and oversized binary frames are dropped before decoding', () => {
    expect(isBinaryFrame(encodeFrame({ t: 'ping', n: 1 }))).toBe(false);
    expect(isBinaryFrame(Uint8Array.of(1))).toBe(true);
    expect(decodeBinaryFrame(new Uint8Array(MAX_BINARY_FRAME_BYTES + 1).fill(1))).toMatchObject({
      ok: false,
      reason: 'oversized',
    });
    expect(decodeBinaryFrame(Uint8Array.of(0x7f, 0))).toMatchObject({ ok: false, reason: 'unknown-type' });
  });
});

describe('file JSON frames', () => {
  it('are strict, bounded and versioned like every other frame', () => {
    const get = { t: 'file-get' as const, s: 1, ranges: [[0, 4]] as Array<[number, number]>, m: 262144 };
    expect(decodeFrame(encodeFrame(get))).toMatchObject({ ok: true, frame: get });
    expect(FileFrameSchemas['file-get'].safeParse({ v: 1, ...get, m: 300_000 }).success).toBe(false);
    expect(FileFrameSchemas['file-get'].safeParse({ v: 1, ...get, ranges: [[4, 4]] }).success).toBe(false);
    expect(FileFrameSchemas['file-get'].safeParse({ v: 1, ...get, ranges: Array(257).fill([0, 1]) }).success).toBe(false);
    expect(
      FileFrameSchemas['file-open'].safeParse({ v: 1, t: 'file-open', s: 1, root: 'x', size: 1, chunkSize: 1 }).success,
    ).toBe(false);
    expect(FileFrameSchemas['file-have'].safeParse({ v: 1, t: 'file-have', s: 1, bits: 'all', extra: 1 }).success).toBe(false);
  });

  it('ranges pack sorted indices and unpack within the file', () => {
    expect(indicesToRanges([5, 1, 2, 3, 9, 10])).toEqual([
      [1, 4],
      [5, 6],
      [9, 11],
    ]);
    expect(rangesToIndices([[2, 5]], 4)).toEqual([2, 3]);
  });
});
