import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealChunk } from '../../src/core/files/crypto';
import { CHUNK_UNIT } from '../../src/core/files/manifest';
import { leafHash } from '../../src/core/files/merkle';
import { nodeFileCrypto } from '../../src/main/files/node-file-crypto';
import { sleep } from '../stats';
import { rawPair, startNode, type NodeProcess } from './processes';
import { writeRandomFile } from './random-file';

const mb = (bytes: number, seconds: number) => Math.round((bytes / seconds / 1e6) * 10) / 10;

/** CPU seconds (user + system, every thread) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const cpuOf = (pids: number[]) => pids.reduce((n, pid) => n + cpuSeconds(pid), 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Indexing's floor: the same per-byte work (read, seal, hash each chunk) in
 * one synchronous loop on one thread, as Lanline did it before the file
 * worker took it, minus the awaits. The file was just written, so both read
 * from the page cache.
 */
function indexFloorMBps(path: string): number {
  const key = new Uint8Array(32).fill(1);
  const chunk = Buffer.allocUnsafe(CHUNK_UNIT);
  const fd = openSync(path, 'r');
  const started = performance.now();
  let bytes = 0;
  try {
    for (let index = 0, n; (n = readSync(fd, chunk, 0, CHUNK_UNIT, index * CHUNK_UNIT)) > 0; index++) {
      leafHash(nodeFileCrypto, sealChunk(nodeFileCrypto, key, index, chunk.subarray(0, n)));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return mb(bytes, (performance.now() - started) / 1000);
}

/** Two `lanline node` processes on loopback, the receiver linked to the sender. */
export async function nodePair(root: string, senderArgs: string[] = [], receiverArgs: string[] = []) {
  const sender = await startNode(join(root, 'sender'), 'Sender', ['--host', '127.0.0.1', ...senderArgs]);
  const receiver = await startNode(join(root, 'receiver'), 'Receiver', [
    '--host',
    '127.0.0.1',
    '--peer',
    `127.0.0.1:${sender.port}`,
    ...receiverArgs,
  ]);
  for (let i = 0; i < 400; i++) {
    const peers = await receiver.api.call('peers.list', {});
    if (peers.some((p) => p.peerId === sender.peerId && p.online)) break;
    await sleep(25);
  }
  return { sender, receiver, stop: async () => (await receiver.stop(), await sender.stop()) };
}

/**
 * Shares `path` from one node to the other and receives it whole: seconds
 * from accept to the file in place (indexing and the offer's message excluded;
 * sealing, proofs, decryption, disk writes and checkpoints included).
 */
export async function nodeTransfer(
  sender: NodeProcess,
  receiver: NodeProcess,
  path: string,
  maxMs: number,
  onTick?: () => void,
  beforeAccept?: () => void,
): Promise<{ seconds: number; bytes: number; done: boolean; indexSeconds: number }> {
  const sending = performance.now();
  const sent = await sender.api.call('files.send', { to: receiver.peerId, paths: [path] });
  const indexSeconds = (performance.now() - sending) / 1000;
  const offerId = sent.message.file!.offerId;
  for (let i = 0; i < 400 && (await receiver.api.call('files.list', { offerId })).length === 0; i++) await sleep(10);
  beforeAccept?.();
  // The node says when the file is done (file.changed); polling instead would load the receiver it measures.
  let stoppedAt: number | undefined;
  let settled = () => {};
  const stopped = new Promise<void>((resolve) => (settled = resolve));
  const off = receiver.api.on('file.changed', (s) => {
    if (s.offerId !== offerId || (s.state !== 'done' && s.state !== 'failed')) return;
    stoppedAt ??= performance.now();
    settled();
  });
  const started = performance.now();
  await receiver.api.call('files.accept', { offerId });
  const ticker = onTick && setInterval(onTick, 100);
  try {
    for (;;) {
      await Promise.race([stopped, sleep(500)]);
      const elapsed = (stoppedAt ?? performance.now()) - started;
      const [snapshot] = await receiver.api.call('files.list', { offerId });
      if (snapshot?.state === 'done') {
        await rm(snapshot.localPath!, { force: true });
        return { seconds: elapsed / 1000, bytes: snapshot.size, done: true, indexSeconds };
      }
      if (snapshot?.state === 'failed' || elapsed > maxMs) {
        await receiver.api.call('files.cancel', { offerId }).catch(() => {});
        return { seconds: elapsed / 1000, bytes: snapshot?.bytesDone ?? 0, done: false, indexSeconds };
      }
    }
  } finally {
    off();
    clearInterval(ticker);
    await sender.api.call('messages.delete', { id: sent.message.id }).catch(() => {});
  }
}

/**
 * File transfer beside the raw data channel, all between two processes on
 * loopback, alternating round by round so load from elsewhere hits each alike.
 * Two more pairs of bare processes are floors on the same channel
 * (fixtures/raw-wrtc-peer.ts): one does only the per-byte work Lanline's
 * protocol must (read, seal and hash; hash, open and write), the other only
 * what any verified transfer must (read; hash and write). No implementation
 * of either does better on this machine.
 */
export async function processThroughput(options: { fileBytes: number; rounds: number; maxMs: number }) {
  const root = mkdtempSync(join(tmpdir(), 'lanline-bench-files-'));
  const path = join(root, 'payload.bin');
  await writeRandomFile(path, options.fileBytes);
  const raw = await rawPair();
  const floors = { sealed: await rawPair(), verified: await rawPair() };
  const nodes = await nodePair(root);
  const nodePids = [nodes.sender.child.pid!, nodes.receiver.child.pid!];
  type Measure = { MBps: number; cpuSecondsPerGB: number };
  const rounds: Array<{
    raw: Measure;
    sealedFloor: Measure;
    verifiedFloor: Measure;
    file: Measure & { done: boolean };
    indexing: { MBps: number; floorMBps: number };
  }> = [];
  const perGB = (cpu: number, bytes: number) => Math.round((cpu / (bytes / 1e9)) * 100) / 100;
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const floor = async (pair: Awaited<ReturnType<typeof rawPair>>, sealed: boolean): Promise<Measure> => {
    const cpu = cpuOf(pair.pids);
    const w = await pair.throughput(options.fileBytes, 256 * 1024, { from: path, to: join(root, 'floor.bin'), sealed });
    return { MBps: mb(w.payload, w.seconds), cpuSecondsPerGB: perGB(cpuOf(pair.pids) - cpu, w.payload) };
  };
  try {
    for (let round = 0; round < options.rounds; round++) {
      let cpu = cpuOf(raw.pids);
      const r = await raw.throughput(options.fileBytes, 256 * 1024);
      const rawMeasure = { MBps: mb(r.received, r.seconds), cpuSecondsPerGB: perGB(cpuOf(raw.pids) - cpu, r.received) };
      const sealedFloor = await floor(floors.sealed, true);
      const verifiedFloor = await floor(floors.verified, false);
      // From accept, as the time is: indexing at offer is not part of the transfer.
      const f = await nodeTransfer(nodes.sender, nodes.receiver, path, options.maxMs, undefined, () => (cpu = cpuOf(nodePids)));
      const file = { MBps: mb(f.bytes, f.seconds), cpuSecondsPerGB: perGB(cpuOf(nodePids) - cpu, f.bytes), done: f.done };
      const indexing = { MBps: mb(options.fileBytes, f.indexSeconds), floorMBps: indexFloorMBps(path) };
      rounds.push({ raw: rawMeasure, sealedFloor, verifiedFloor, file, indexing });
      const show = (m: Measure) => `${m.MBps} MB/s (${m.cpuSecondsPerGB} CPU s/GB, ${ratio(m.MBps, rawMeasure.MBps)}×)`;
      process.stdout.write(
        `  round ${round + 1}: raw ${show(rawMeasure)}, verified floor ${show(verifiedFloor)}, sealed floor ${show(sealedFloor)}, file ${show(file)}; indexing ${indexing.MBps} MB/s (one-loop floor ${indexing.floorMBps})\n`,
      );
    }
    const summary = (key: Exclude<keyof (typeof rounds)[number], 'indexing'>) => ({
      MBps: median(rounds.map((r) => r[key].MBps)),
      cpuSecondsPerGB: median(rounds.map((r) => r[key].cpuSecondsPerGB)),
      /** The median of each round's ratio to the raw channel of the same round. */
      overRaw: median(rounds.map((r) => ratio(r[key].MBps, r.raw.MBps))),
    });
    const file = summary('file');
    const sealedFloor = summary('sealedFloor');
    return {
      fileBytes: options.fileBytes,
      rounds,
      raw: summary('raw'),
      verifiedFloor: summary('verifiedFloor'),
      sealedFloor,
      file: { ...file, overSealedFloor: median(rounds.map((r) => ratio(r.file.MBps, r.sealedFloor.MBps))) },
      indexing: {
        MBps: median(rounds.map((r) => r.indexing.MBps)),
        floorMBps: median(rounds.map((r) => r.indexing.floorMBps)),
        overFloor: median(rounds.map((r) => ratio(r.indexing.MBps, r.indexing.floorMBps))),
      },
    };
  } finally {
    raw.stop();
    floors.sealed.stop();
    floors.verified.stop();
    await nodes.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Resident memory of each process, sender and receiver separately, above
 * its level just before a large transfer starts, sampled every 100 ms.
 */
export async function processMemory(options: { fileBytes: number; maxMs: number }) {
  const root = mkdtempSync(join(tmpdir(), 'lanline-bench-files-'));
  const path = join(root, 'large.bin');
  await writeRandomFile(path, options.fileBytes);
  const nodes = await nodePair(root);
  try {
    // Indexing (one chunk in memory at a time) happens inside files.send, before the baseline.
    const baseline = [0, 0];
    const peak = [0, 0];
    const sample = () => {
      peak[0] = Math.max(peak[0]!, nodes.sender.rssBytes());
      peak[1] = Math.max(peak[1]!, nodes.receiver.rssBytes());
    };
    const result = await nodeTransfer(nodes.sender, nodes.receiver, path, options.maxMs, sample, () => {
      baseline[0] = peak[0] = nodes.sender.rssBytes();
      baseline[1] = peak[1] = nodes.receiver.rssBytes();
    });
    const m = (bytes: number) => Math.round(bytes / 1e6);
    return {
      fileBytes: options.fileBytes,
      completed: result.done,
      seconds: Math.round(result.seconds * 10) / 10,
      mbPerSecond: mb(result.bytes, result.seconds),
      sender: { baselineRssMb: m(baseline[0]!), peakRssMb: m(peak[0]!), growthMb: m(peak[0]! - baseline[0]!) },
      receiver: { baselineRssMb: m(baseline[1]!), peakRssMb: m(peak[1]!), growthMb: m(peak[1]! - baseline[1]!) },
    };
  } finally {
    await nodes.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
