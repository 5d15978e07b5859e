import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TransferSnapshot } from '../../src/core/files/transfer-model';
import type { TestBackend } from './backends';
import { waitFor } from './backends';

/** Writes `bytes` of random data in 4 MiB blocks, so a 4 GiB file never sits in memory. */
export async function writeRandomFile(path: string, bytes: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'w');
  const block = Buffer.allocUnsafe(4 * 1024 * 1024);
  try {
    for (let at = 0; at < bytes; at += block.length) {
      const length = Math.min(block.length, bytes - at);
      randomFillSync(block, 0, length);
      await handle.write(block, 0, length, at);
    }
  } finally {
    await handle.close();
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The newest snapshot of every transfer a backend reports, by offer and file. */
export function watchTransfers(node: TestBackend) {
  const latest = new Map<string, TransferSnapshot>();
  const all: TransferSnapshot[] = [];
  node.backend.files.onDidChange.on((s) => {
    latest.set(`${s.offerId}/${s.entry}`, s);
    all.push(s);
  });
  return {
    all,
    get: (offerId: string, entry = 0) => latest.get(`${offerId}/${entry}`),
    until: (what: string, offerId: string, check: (s: TransferSnapshot) => boolean, timeoutMs = 60_000, entry = 0) =>
      waitFor(
        what,
        () => {
          const s = node.backend.files.list().find((t) => t.offerId === offerId && t.entry === entry);
          return s && check(s) ? s : undefined;
        },
        timeoutMs,
        20,
      ),
  };
}
