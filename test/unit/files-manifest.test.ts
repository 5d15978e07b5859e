import { describe, expect, it } from 'vitest';
import {
  CHUNK_UNIT,
  chunkCount,
  chunkPlainLength,
  chunkSizeFor,
  FileOfferSchema,
  ManifestSchema,
  MAX_CHUNKS,
  type FileEntry,
} from '../../src/core/files/manifest';
import { pathProblem } from '../../src/core/files/paths';

const root = 'ab'.repeat(32);
const entry = (path: string, size = 10): FileEntry => ({
  path,
  size,
  type: 'application/octet-stream',
  chunkSize: chunkSizeFor(size),
  root,
});

describe('safe relative paths', () => {
  it.each([
    ['report.pdf', undefined],
    ['Holiday 2026/day 1/IMG_0001.jpg', undefined],
    ['naïve/日本語.txt', undefined],
    ['', 'empty'],
    ['/etc/passwd', 'absolute'],
    ['../secret', 'dot-segment'],
    ['a/../../b', 'dot-segment'],
    ['a/./b', 'dot-segment'],
    ['a//b', 'empty-segment'],
    ['a/', 'empty-segment'],
    ['C:/Windows/win.ini', 'forbidden-character'],
    ['a\\..\\b', 'forbidden-character'],
    ['nul\u0000byte', 'forbidden-character'],
    ['line\nbreak', 'forbidden-character'],
    ['what?.txt', 'forbidden-character'],
    ['CON', 'reserved-name'],
    ['dir/lpt1.txt', 'reserved-name'],
    ['trailing.', 'trailing-dot-or-space'],
    ['trailing ', 'trailing-dot-or-space'],
    ['x'.repeat(256), 'too-long'],
    [Array(40).fill('d').join('/'), 'too-long'],
  ])('%j → %s', (path, problem) => {
    expect(pathProblem(path)).toBe(problem);
  });
});

describe('manifest', () => {
  it('keeps a folder tree', () => {
    const manifest = {
      name: 'Holiday',
      entries: [entry('Holiday/a.jpg'), entry('Holiday/day 2/b.jpg'), entry('Holiday/c.txt', 0)],
    };
    expect(ManifestSchema.parse(manifest)).toEqual(manifest);
  });

  it('refuses unsafe paths, duplicates that only differ in case, and a file where a folder must be', () => {
    expect(ManifestSchema.safeParse({ name: 'x', entries: [entry('../x')] }).success).toBe(false);
    expect(ManifestSchema.safeParse({ name: 'x', entries: [entry('A.txt'), entry('a.TXT')] }).success).toBe(false);
    expect(ManifestSchema.safeParse({ name: 'x', entries: [entry('docs'), entry('docs/readme.md')] }).success).toBe(false);
    expect(ManifestSchema.safeParse({ name: 'x', entries: [] }).success).toBe(false);
  });

  it('refuses a root that is not 32 bytes of hex, a strange type, or too many chunks', () => {
    expect(ManifestSchema.safeParse({ name: 'x', entries: [{ ...entry('a'), root: 'AB'.repeat(32) }] }).success).toBe(false);
    expect(ManifestSchema.safeParse({ name: 'x', entries: [{ ...entry('a'), type: 'text/html; charset=utf-8' }] }).success).toBe(
      false,
    );
    const huge = { ...entry('a'), size: 2 ** 40, chunkSize: 16 * 1024 };
    expect(ManifestSchema.safeParse({ name: 'x', entries: [huge] }).success).toBe(false);
    expect(ManifestSchema.safeParse({ name: 'x', entries: [{ ...entry('a'), extra: 1 }] }).success).toBe(false);
  });

  it('an offer carries exactly one 32-byte key per file', () => {
    const manifest = { name: 'a', entries: [entry('a')] };
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(FileOfferSchema.safeParse({ id: 'a'.repeat(26), manifest, keys: [key] }).success).toBe(true);
    expect(FileOfferSchema.safeParse({ id: 'a'.repeat(26), manifest, keys: [key, key] }).success).toBe(false);
    expect(FileOfferSchema.safeParse({ id: 'a'.repeat(26), manifest, keys: [Buffer.alloc(16).toString('base64')] }).success).toBe(
      false,
    );
  });
});

describe('chunking', () => {
  it('uses one 255 KiB unit per chunk up to 2^18 chunks, then grows the chunk', () => {
    expect(chunkSizeFor(0)).toBe(CHUNK_UNIT);
    expect(chunkSizeFor(10 * 2 ** 30)).toBe(CHUNK_UNIT);
    expect(chunkSizeFor(MAX_CHUNKS * CHUNK_UNIT)).toBe(CHUNK_UNIT);
    expect(chunkSizeFor(MAX_CHUNKS * CHUNK_UNIT + 1)).toBe(2 * CHUNK_UNIT);
    expect(chunkCount({ size: 2 ** 40, chunkSize: chunkSizeFor(2 ** 40) })).toBeLessThanOrEqual(MAX_CHUNKS);
  });

  it('an empty file has one empty chunk; the last chunk holds the remainder', () => {
    expect(chunkCount({ size: 0, chunkSize: CHUNK_UNIT })).toBe(1);
    expect(chunkPlainLength({ size: 0, chunkSize: CHUNK_UNIT }, 0)).toBe(0);
    const file = { size: CHUNK_UNIT * 2 + 5, chunkSize: CHUNK_UNIT };
    expect(chunkCount(file)).toBe(3);
    expect([0, 1, 2].map((i) => chunkPlainLength(file, i))).toEqual([CHUNK_UNIT, CHUNK_UNIT, 5]);
  });
});
