import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MerkleTree } from '../../core/files/merkle';

/**
 * Each file's Merkle tree, one file per root under `<dataDir>/files/`: all
 * levels, leaves first, 32 bytes a node (~64 bytes per chunk). A sender
 * writes it whole after indexing; a receiver updates the spans it learned at
 * every checkpoint, so after a restart it can still prove (and so serve)
 * every chunk it had verified, and check the root before the final rename.
 */
export class TreeFiles {
  constructor(private readonly dir: string) {}

  private path(root: string): string {
    return join(this.dir, `${root}.tree`);
  }

  async load(root: string, leafCount: number): Promise<MerkleTree> {
    const empty = new MerkleTree(leafCount);
    const handle = await open(this.path(root), 'r').catch(() => undefined);
    if (!handle) return empty;
    try {
      const bytes = new Uint8Array(empty.bytes().length);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
      return bytesRead === bytes.length ? new MerkleTree(leafCount, bytes) : empty;
    } finally {
      await handle.close();
    }
  }

  /** Writes what changed since the last save (everything, the first time) and syncs it. */
  async save(root: string, tree: MerkleTree): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const handle = await open(this.path(root), 'r+').catch(() => undefined);
    if (!handle) {
      tree.takeDirty();
      await writeFile(this.path(root), tree.bytes(), { mode: 0o600, flush: true });
      return;
    }
    try {
      for (const region of tree.takeDirty()) await handle.write(region.bytes, 0, region.bytes.length, region.offset);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  async remove(root: string): Promise<void> {
    await rm(this.path(root), { force: true });
  }
}
