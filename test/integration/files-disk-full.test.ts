import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bitfield } from '../../src/core/files/bitfield';
import { chunkCount, chunkPlainLength } from '../../src/core/files/manifest';
import { linked, startTestBackend, tempDir, type TestBackend } from '../support/backends';
import { sha256File, watchTransfers, writeRandomFile } from '../support/files';

const MiB = 1024 * 1024;

/** A real, tiny file system: a tmpfs the test mounts and unmounts itself (root only). */
function mountTmpfs(sizeMiB: number): { path: string; unmount(): void } {
  const path = mkdtempSync(join(tmpdir(), 'lanline-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', path]);
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    throw error;
  }
  return {
    path,
    unmount() {
      execFileSync('umount', ['-l', path]);
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Writes until the file system refuses; returns the filler's path. */
async function fillUp(dir: string): Promise<string> {
  const path = join(dir, 'filler.bin');
  const handle = await open(path, 'w');
  const block = Buffer.alloc(MiB, 1);
  try {
    for (let i = 0; i < 1024; i++) await handle.write(block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
  return path;
}

const skip = process.getuid?.() !== 0 ? 'disk-full tests skipped: mounting a tmpfs needs root' : undefined;
if (skip) console.log(skip);

describe.skipIf(skip !== undefined)('a full disk', () => {
  let fs: { path: string; unmount(): void };
  let ada: TestBackend;
  let bob: TestBackend;
  let files: { path: string; remove(): void };
  beforeAll(async () => {
    fs = mountTmpfs(40);
    ada = await startTestBackend('Ada');
    bob = await startTestBackend('Bob', { peers: [ada.address], downloadsDir: fs.path });
    await linked(ada, bob);
    files = tempDir('lanline-files-');
  });
  afterAll(async () => {
    await bob?.stop();
    await ada?.stop();
    files?.remove();
    fs?.unmount();
  });

  it('is refused at accept when the file cannot fit, and nothing is written', async () => {
    const path = join(files.path, 'too-big.bin');
    await writeRandomFile(path, 64 * MiB);
    const offer = await ada.backend.files.offer(bob.backend.identity.peerId, [path]);
    bob.backend.files.receiveOffer(ada.backend.identity.peerId, offer);
    await expect(bob.backend.files.accept(offer.id)).rejects.toMatchObject({ code: 'disk-full' });
    expect(readdirSync(fs.path)).toEqual([]);
    await bob.backend.files.decline(offer.id);
  });

  it('filling up mid-transfer stops it with a clear message, keeps only verified chunks, and it resumes once there is room', async () => {
    const size = 32 * MiB;
    const path = join(files.path, 'backup.tar');
    await writeRandomFile(path, size);
    ada.backend.files.setUploadLimit(8e6);
    const offer = await ada.backend.files.offer(bob.backend.identity.peerId, [path]);
    bob.backend.files.receiveOffer(ada.backend.identity.peerId, offer);
    await bob.backend.files.accept(offer.id);
    const atBob = watchTransfers(bob);
    await atBob.until('a quarter', offer.id, (s) => s.bytesDone >= size / 4);
    const filler = await fillUp(fs.path);

    const failed = await atBob.until('the transfer to stop', offer.id, (s) => s.state === 'failed', 30_000);
    expect(failed.error).toMatchObject({ code: 'disk-full' });
    expect(failed.error!.message).toMatch(/disk holding .* is full.*Free some space, then resume/);
    const target = failed.localPath!;
    expect(existsSync(target)).toBe(false);
    expect(existsSync(target + '.lanline-part')).toBe(true);

    // Every chunk the database calls verified holds exactly the sender's bytes.
    const entry = offer.manifest.entries[0]!;
    const row = bob.backend.store.db.prepare('SELECT verified FROM file_transfers WHERE offer_id = ?').get(offer.id) as {
      verified: Buffer;
    };
    const verified = new Bitfield(chunkCount(entry), new Uint8Array(row.verified));
    expect(verified.count).toBeGreaterThan(0);
    expect(verified.complete).toBe(false);
    const [part, source] = await Promise.all([open(target + '.lanline-part', 'r'), open(path, 'r')]);
    for (let i = 0; i < verified.size; i++) {
      if (!verified.has(i)) continue;
      const length = chunkPlainLength(entry, i);
      const [a, b] = [Buffer.alloc(length), Buffer.alloc(length)];
      await part.read(a, 0, length, i * entry.chunkSize);
      await source.read(b, 0, length, i * entry.chunkSize);
      expect(a.equals(b), `chunk ${i}`).toBe(true);
    }
    await Promise.all([part.close(), source.close()]);

    await unlink(filler);
    ada.backend.files.setUploadLimit(undefined);
    await bob.backend.files.resume(offer.id);
    const done = await atBob.until('done after resume', offer.id, (s) => s.state === 'done', 30_000);
    expect(await sha256File(done.localPath!)).toBe(await sha256File(path));
  }, 60_000);
});
