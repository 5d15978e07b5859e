import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../stats';
import { rawPair, startNode, type NodeProcess } from './processes';
import { writeRandomFile } from './random-file';

const mb = (bytes: number, seconds: number) => Math.round((bytes / seconds / 1e6) * 10) / 10;
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
): Promise<{ seconds: number; bytes: number; done: boolean; bytesReceived?: number }> {
  const sent = await sender.api.call('files.send', { to: receiver.peerId, paths: [path] });
  const offerId = sent.message.file!.offerId;
  for (let i = 0; i < 400 && (await receiver.api.call('files.list', { offerId })).length === 0; i++) await sleep(10);
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
  const rounds: Array<{ rawMBps: number; fileMBps: number; fileDone: boolean; ratio: number }> = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      const r = await raw.throughput(options.fileBytes, 256 * 1024);
      const f = await nodeTransfer(nodes.sender, nodes.receiver, path, options.maxMs);
      const rawMBps = mb(r.received, r.seconds);
      const fileMBps = mb(f.bytes, f.seconds);
      rounds.push({ rawMBps, fileMBps, fileDone: f.done, ratio: Math.round((fileMBps / rawMBps) * 100) / 100 });
      process.stdout.write(`  round ${round + 1}: raw ${rawMBps} MB/s, file ${fileMBps} MB/s (${rounds.at(-1)!.ratio}×)\n`);
    }
    const rawMBps = median(rounds.map((r) => r.rawMBps));
    const fileMBps = median(rounds.map((r) => r.fileMBps));
    return { fileBytes: options.fileBytes, rounds, rawMBps, fileMBps, ratio: Math.round((fileMBps / rawMBps) * 100) / 100 };
  } finally {
    raw.stop();
    await nodes.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
