import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openChunk, sealChunk, TAG_BYTES } from '../../src/core/files/crypto';
import { CHUNK_UNIT } from '../../src/core/files/manifest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { leafHash, MerkleTree } from '../../src/core/files/merkle';
import { ChunkJobError } from '../../src/main/files/chunk-jobs';
import { ChunkWorker } from '../../src/main/files/chunk-worker';
import { indexFile } from '../../src/main/files/index-file';
import { nodeFileCrypto } from '../../src/main/files/node-file-crypto';
import { recordingLogger, sourceChunkWorker, tempDir } from '../support/backends';

/** The file worker on a real thread, over real files: what it seals and writes must be exactly what the protocol says. */
describe('the file worker', () => {
  const dir = tempDir('lanline-chunk-worker-');
  const key = new Uint8Array(32).fill(9);
  const plain = new Uint8Array(3 * CHUNK_UNIT).map((_, i) => (i * 31) & 0xff);
  const source = join(dir.path, 'source.bin');
  const workers: ChunkWorker[] = [];
  const start = (options: Partial<ConstructorParameters<typeof ChunkWorker>[0]> = {}) => {
    const worker = new ChunkWorker({ log: recordingLogger(), spawn: sourceChunkWorker, ...options });
    workers.push(worker);
    return worker;
  };
  const chunk = (index: number, size = CHUNK_UNIT) => plain.subarray(index * size, (index + 1) * size);
  const sealedLeaf = (index: number, size = CHUNK_UNIT) =>
    leafHash(nodeFileCrypto, sealChunk(nodeFileCrypto, key, index, chunk(index, size)));

  beforeAll(() => writeFileSync(source, plain));
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  afterAll(() => dir.remove());

  it('seals on its own thread exactly as the protocol does, and refuses bytes that are not those the root names', async () => {
    const worker = start();
    const handle = await open(source, 'r');
    try {
      const into = new Uint8Array(CHUNK_UNIT + TAG_BYTES);
      for (const index of [0, 2]) {
        const job = { fd: handle.fd, key, index, position: index * CHUNK_UNIT, length: CHUNK_UNIT, leaf: sealedLeaf(index) };
        expect(await worker.seal(job, into)).toBe(CHUNK_UNIT + TAG_BYTES);
        expect(into).toEqual(sealChunk(nodeFileCrypto, key, index, chunk(index)));
      }
      expect(worker.threaded).toBe(true);
      // Chunk 1's bytes under chunk 0's leaf: what an edit after the offer looks like.
      const edited = { fd: handle.fd, key, index: 1, position: CHUNK_UNIT, length: CHUNK_UNIT, leaf: sealedLeaf(0) };
      await expect(worker.seal(edited, into)).rejects.toMatchObject({ failure: 'changed' });
      // A file that got shorter.
      const short = { fd: handle.fd, key, index: 3, position: 3 * CHUNK_UNIT, length: CHUNK_UNIT, leaf: sealedLeaf(0) };
      await expect(worker.seal(short, into)).rejects.toMatchObject({ failure: 'changed' });
    } finally {
      await handle.close();
    }
  });

  it('indexes a file for an offer: the same root as sealing chunk by chunk, and a clear error when it shrinks meanwhile', async () => {
    const worker = start();
    const options = { crypto: nodeFileCrypto, worker, randomBytes: () => key };
    const indexed = await indexFile(source, 'source.bin', options);
    const expected = new MerkleTree(3);
    for (const index of [0, 1, 2]) expected.set(0, index, sealedLeaf(index));
    expected.computeParents(nodeFileCrypto);
    expect(indexed.entry).toMatchObject({ size: plain.length, chunkSize: CHUNK_UNIT, root: bytesToHex(expected.root()!) });
    expect(worker.threaded).toBe(true);

    // More chunks than are sealed at once, so some are read after the file is cut short.
    const big = join(dir.path, 'big.bin');
    writeFileSync(big, new Uint8Array(48 * CHUNK_UNIT).fill(7));
    const cut = indexFile(big, 'big.bin', { ...options, onProgress: () => truncateSync(big, CHUNK_UNIT) });
    await expect(cut).rejects.toThrow(`${big} changed while it was being read`);
  });

  it('opens chunks into place, and writes nothing for a chunk its key does not open', async () => {
    const worker = start();
    const target = join(dir.path, 'target.bin');
    const handle = await open(target, 'w+');
    try {
      await handle.truncate(plain.length);
      await Promise.all(
        [2, 0, 1].map((index) =>
          worker.open(
            { fd: handle.fd, key, index, position: index * CHUNK_UNIT },
            sealChunk(nodeFileCrypto, key, index, chunk(index)),
          ),
        ),
      );
      const wrongKey = sealChunk(nodeFileCrypto, new Uint8Array(32), 1, chunk(1));
      const refused = worker.open({ fd: handle.fd, key, index: 1, position: 0 }, wrongKey);
      await expect(refused).rejects.toBeInstanceOf(ChunkJobError);
      await expect(refused).rejects.toMatchObject({ failure: 'bad-key' });
      await worker.settled(handle.fd);
    } finally {
      await handle.close();
    }
    expect(new Uint8Array(readFileSync(target))).toEqual(plain);
  });

  it('carries chunks larger than its slots (files over ~68 GB use them)', async () => {
    const worker = start();
    const size = 2 * CHUNK_UNIT;
    const handle = await open(source, 'r');
    try {
      const into = new Uint8Array(size + TAG_BYTES);
      const job = { fd: handle.fd, key, index: 0, position: 0, length: size, leaf: sealedLeaf(0, size) };
      expect(await worker.seal(job, into)).toBe(size + TAG_BYTES);
      expect(openChunk(nodeFileCrypto, key, 0, into)).toEqual(chunk(0, size));
    } finally {
      await handle.close();
    }
  });

  it('waits for every job on a descriptor before saying it may be closed, even jobs still queued for a slot', async () => {
    const worker = start({ slots: 2 });
    const handle = await open(source, 'r');
    const finished: number[] = [];
    const jobs = Array.from({ length: 12 }, (_, n) => {
      const index = n % 3;
      const job = { fd: handle.fd, key, index, position: index * CHUNK_UNIT, length: CHUNK_UNIT, leaf: sealedLeaf(index) };
      return worker.seal(job, new Uint8Array(CHUNK_UNIT + TAG_BYTES)).then(() => finished.push(n));
    });
    await worker.settled(handle.fd);
    expect(finished).toHaveLength(12);
    await Promise.all(jobs);
    await handle.close();
  });

  it('a host that cannot start the thread still transfers, on the main thread, and says so once', async () => {
    const log = recordingLogger();
    const missing = () => new Worker(join(dir.path, 'no-such-worker.js'));
    const worker = start({ log, spawn: missing });
    const handle = await open(source, 'r');
    try {
      const into = new Uint8Array(CHUNK_UNIT + TAG_BYTES);
      const seal = (index: number) =>
        worker.seal(
          { fd: handle.fd, key, index, position: index * CHUNK_UNIT, length: CHUNK_UNIT, leaf: sealedLeaf(index) },
          into,
        );
      await Promise.all([seal(0), seal(1)]);
      await seal(2);
      expect(into).toEqual(sealChunk(nodeFileCrypto, key, 2, chunk(2)));
      expect(worker.threaded).toBe(false);
      expect(log.lines.filter((line) => line.includes('no file worker'))).toHaveLength(1);
    } finally {
      await handle.close();
    }
  });
});
