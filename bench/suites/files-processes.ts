import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
): Promise<{ seconds: number; bytes: number; done: boolean }> {
  const sent = await sender.api.call('files.send', { to: receiver.peerId, paths: [path] });
  const offerId = sent.message.file!.offerId;
  for (let i = 0; i < 400 && (await receiver.api.call('files.list', { offerId })).length === 0; i++) await sleep(10);
  beforeAccept?.();
  const started = performance.now();
  await receiver.api.call('files.accept', { offerId });
  const ticker = onTick && setInterval(onTick, 100);
  try {
    for (;;) {
      const [snapshot] = await receiver.api.call('files.list', { offerId });
      const elapsed = performance.now() - started;
      if (snapshot?.state === 'done') {
        await rm(snapshot.localPath!, { force: true });
        return { seconds: elapsed / 1000, bytes: snapshot.size, done: true };
      }
      if (snapshot?.state === 'failed' || elapsed > maxMs) {
        await receiver.api.call('files.cancel', { offerId }).catch(() => {});
        return { seconds: elapsed / 1000, bytes: snapshot?.bytesDone ?? 0, done: false };
      }
      await sleep(20);
    }
  } finally {
    clearInterval(ticker);
    await sender.api.call('messages.delete', { id: sent.message.id }).catch(() => {});
  }
}

/**
 * File transfer beside the raw data channel, both between two processes on
 * loopback, alternating round by round so load from elsewhere hits both alike.
 */
export async function processThroughput(options: { fileBytes: number; rounds: number; maxMs: number }) {
  const root = mkdtempSync(join(tmpdir(), 'lanline-bench-files-'));
  const path = join(root, 'payload.bin');
  await writeRandomFile(path, options.fileBytes);
  const raw = await rawPair();
  const nodes = await nodePair(root);
  const nodePids = [nodes.sender.child.pid!, nodes.receiver.child.pid!];
  const rounds: Array<{
    rawMBps: number;
    fileMBps: number;
    fileDone: boolean;
    ratio: number;
    rawCpuSecondsPerGB: number;
    fileCpuSecondsPerGB: number;
  }> = [];
  const perGB = (cpu: number) => Math.round((cpu / (options.fileBytes / 1e9)) * 100) / 100;
  try {
    for (let round = 0; round < options.rounds; round++) {
      let cpu = cpuOf(raw.pids);
      const r = await raw.throughput(options.fileBytes, 256 * 1024);
      const rawCpu = cpuOf(raw.pids) - cpu;
      cpu = cpuOf(nodePids);
      const f = await nodeTransfer(nodes.sender, nodes.receiver, path, options.maxMs);
      const fileCpu = cpuOf(nodePids) - cpu;
      const rawMBps = mb(r.received, r.seconds);
      const fileMBps = mb(f.bytes, f.seconds);
      rounds.push({
        rawMBps,
        fileMBps,
        fileDone: f.done,
        ratio: Math.round((fileMBps / rawMBps) * 100) / 100,
        rawCpuSecondsPerGB: perGB(rawCpu),
        fileCpuSecondsPerGB: perGB(fileCpu),
      });
      process.stdout.write(
        `  round ${round + 1}: raw ${rawMBps} MB/s (${perGB(rawCpu)} CPU s/GB), file ${fileMBps} MB/s (${perGB(fileCpu)} CPU s/GB): ${rounds.at(-1)!.ratio}×\n`,
      );
    }
    const rawMBps = median(rounds.map((r) => r.rawMBps));
    const fileMBps = median(rounds.map((r) => r.fileMBps));
    const rawCpu = median(rounds.map((r) => r.rawCpuSecondsPerGB));
    const fileCpu = median(rounds.map((r) => r.fileCpuSecondsPerGB));
    return {
      fileBytes: options.fileBytes,
      rounds,
      rawMBps,
      fileMBps,
      ratio: Math.round((fileMBps / rawMBps) * 100) / 100,
      rawCpuSecondsPerGB: rawCpu,
      fileCpuSecondsPerGB: fileCpu,
      cpuRatio: Math.round((fileCpu / rawCpu) * 100) / 100,
    };
  } finally {
    raw.stop();
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
