import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

/**
 * The control socket lives in the data folder, so it is only as reachable as
 * the folder (0700). Windows has no Unix sockets in folders; it gets a named
 * pipe whose name is derived from the folder.
 */
export function controlSocketPath(dataDir: string, platform = process.platform): string {
  if (platform === 'win32') {
    const digest = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
    return `\\\\.\\pipe\\lanline-${digest}`;
  }
  return join(dataDir, 'control.sock');
}
