import { randomFillSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from '../../src/main/backend';
import { resolveConfig } from '../../src/main/config';
import { createLogger } from '../../src/main/platform';
import { sleep } from '../stats';
import { rawThroughput } from './raw-channel';

/**
 * File transfer between two real backends on loopback (wrtc ↔ wrtc, real
 * files, SQLite, sealing and Merkle verification at both ends), beside the
 * raw data channel measured in the same run. Raw and file trials alternate,
 * so load from elsewhere on the machine hits both alike; medians are quoted.
 */
async function writeRandomFile(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w');
  const block = Buffer.allocUnsafe(4 * 1024 * 1024);
  for (let at = 0; at < bytes; at += block.length) {
    const length = Math.min(block.length, bytes - at);
    randomFillSync(block, 0, length);
    await handle.write(block, 0, length, at);
  }
  await handle.close();
}

async function linkedPair(root: string) {
  const log = createLogger({ level: 'error' });
  const start = (name: string, peers: string[] = []) =>
    Backend.start(resolveConfig({ dataDir: join(root, name), name, host: '127.0.0.1', mdns: false, peers }), {
      rtc: 'wrtc',
      log,
    });
  const sender = await start('Sender');
  const receiver = await start('Receiver', [`127.0.0.1:${sender.signallingPort}`]);
  for (let i = 0; i < 400 && !receiver.engine.isLinked(sender.identity.peerId); i++) await sleep(25);
  if (!receiver.engine.isLinked(sender.identity.peerId)) throw new Error('bench backends did not link');
  return { sender, receiver, stop: async () => (await receiver.stop(), await sender.stop()) };
}

/** Offers `path` and receives it; resolves with the seconds from accept to the file in place, or undefined at the deadline. */
async function transfer(sender: Backend, receiver: Backend, path: string, maxMs: number, onTick?: () => void) {
  const offer = await sender.files.offer(receiver.identity.peerId, [path]);
  receiver.files.receiveOffer(sender.identity.peerId, offer);
  const started = performance.now();
  await receiver.files.accept(offer.id);
  const ticker = onTick && setInterval(onTick, 100);
  try {
    for (;;) {
      const snapshot = receiver.files.list().find((t) => t.offerId === offer.id);
      if (snapshot?.state === 'done')
        return { seconds: (performance.now() - started) / 1000, bytes: snapshot.size, done: true, offerId: offer.id };
      if (snapshot?.state === 'failed' || performance.now() - started > maxMs) {
        await receiver.files.cancel(offer.id);
        return { seconds: (performance.now() - started) / 1000, bytes: snapshot?.bytesDone ?? 0, done: false, offerId: offer.id };
      }
      await sleep(20);
    }
  } finally {
    clearInterval(ticker);
  }
}

const mb = (bytes: number, seconds: number) => Math.round((bytes / seconds / 1e6) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function fileThroughput(options: { fileBytes: number; rounds: number; maxMs: number }) {
  const root = mkdtempSync(join(tmpdir(), 'lanline-bench-files-'));
  const path = join(root, 'payload.bin');
  await writeRandomFile(path, options.fileBytes);
  const { sender, receiver, stop } = await linkedPair(root);
  const rounds: Array<{ rawMBps: number; fileMBps: number; fileDone: boolean }> = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      const raw = await rawThroughput({ messageBytes: 256 * 1024, totalBytes: options.fileBytes, maxMs: options.maxMs });
      const file = await transfer(sender, receiver, path, options.maxMs);
      rounds.push({ rawMBps: raw.mbPerSecond, fileMBps: mb(file.bytes, file.seconds), fileDone: file.done });
      await receiver.files.cancel(file.offerId); // frees the disk for the next round
    }
    const tuner = receiver.engine.files.messageSizeFor(sender.identity.peerId);
    const raw = median(rounds.map((r) => r.rawMBps));
    const file = median(rounds.map((r) => r.fileMBps));
    return {
      fileBytes: options.fileBytes,
      rounds,
      rawMBps: raw,
      fileMBps: file,
      ratio: Math.round((file / raw) * 100) / 100,
      messageBytesChosen: tuner?.chosen,
      messageSizeRates: tuner?.rates,
    };
  } finally {
    await stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Peak resident memory above the level just before the transfer, sampled every 100 ms, sender and receiver together. */
export async function fileMemory(options: { fileBytes: number; maxMs: number }) {
  const root = mkdtempSync(join(tmpdir(), 'lanline-bench-files-'));
  const path = join(root, 'large.bin');
  await writeRandomFile(path, options.fileBytes);
  const { sender, receiver, stop } = await linkedPair(root);
  try {
    // Indexing happens before the baseline: it is bounded by one chunk and measured by the transfer anyway.
    global.gc?.();
    await sleep(200);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const result = await transfer(sender, receiver, path, options.maxMs, () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    });
    return {
      fileBytes: options.fileBytes,
      bytesMoved: result.bytes,
      completed: result.done,
      seconds: Math.round(result.seconds * 10) / 10,
      mbPerSecond: mb(result.bytes, result.seconds),
      baselineRssMb: Math.round(baseline / 1e6),
      peakRssMb: Math.round(peak / 1e6),
      growthMb: Math.round((peak - baseline) / 1e6),
    };
  } finally {
    await stop();
    rmSync(root, { recursive: true, force: true });
  }
}
