import { randomFillSync } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Random bytes in 4 MiB blocks, so a 4 GiB file never sits in memory. */
export async function writeRandomFile(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w');
  const block = Buffer.allocUnsafe(4 * 1024 * 1024);
  for (let at = 0; at < bytes; at += block.length) {
    const length = Math.min(block.length, bytes - at);
    randomFillSync(block, 0, length);
    await handle.write(block, 0, length, at);
  }
  await handle.close();
}
