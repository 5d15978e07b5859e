import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { linked, startTestBackend, tempDir, waitFor, type TestBackend } from '../support/backends';
import { sha256File, watchTransfers, writeRandomFile } from '../support/files';

/**
 * File transfer between two real backends on loopback: real signalling, real
 * wrtc data channels, real files in temp folders and real SQLite.
 */
describe('file transfer', () => {
  const running: TestBackend[] = [];
  const dirs: Array<{ remove(): void }> = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((b) => b.stop()));
    dirs.splice(0).forEach((d) => d.remove());
  });

  async function pair() {
    const ada = await startTestBackend('Ada');
    const bob = await startTestBackend('Bob', { peers: [ada.address] });
    running.push(ada, bob);
    await linked(ada, bob);
    const files = tempDir('lanline-files-');
    dirs.push(files);
    return { ada, bob, adaId: ada.backend.identity.peerId, bobId: bob.backend.identity.peerId, files: files.path };
  }

  it('a folder arrives with its tree, byte for byte, with progress on both sides', async () => {
    const { ada, bob, adaId, bobId, files } = await pair();
    const folder = join(files, 'Holiday');
    await mkdir(join(folder, 'day 2'), { recursive: true });
    await writeRandomFile(join(folder, 'a.jpg'), 3 * 1024 * 1024 + 17);
    await writeRandomFile(join(folder, 'day 2', 'b.bin'), 600_000);
    writeFileSync(join(folder, 'empty.txt'), '');
    writeFileSync(join(folder, 'notes.txt'), 'meet at the pier');

    const offer = await ada.backend.files.offer(bobId, [folder]);
    expect(offer.manifest.name).toBe('Holiday');
    expect(offer.manifest.entries.map((e) => e.path)).toEqual([
      'Holiday/a.jpg',
      'Holiday/day 2/b.bin',
      'Holiday/empty.txt',
      'Holiday/notes.txt',
    ]);
    expect(offer.manifest.entries[0]).toMatchObject({ type: 'image/jpeg', size: 3 * 1024 * 1024 + 17 });

    const atBob = watchTransfers(bob);
    const offered = bob.backend.files.receiveOffer(adaId, offer);
    expect(offered.map((t) => t.state)).toEqual(['offered', 'offered', 'offered', 'offered']);
    await bob.backend.files.accept(offer.id);
    for (let entry = 0; entry < 4; entry++)
      await atBob.until(`file ${entry} done`, offer.id, (s) => s.state === 'done', 30_000, entry);

    const landed = join(bob.backend.files.downloadsDir(), 'Holiday');
    expect(await sha256File(join(landed, 'a.jpg'))).toBe(await sha256File(join(folder, 'a.jpg')));
    expect(await sha256File(join(landed, 'day 2', 'b.bin'))).toBe(await sha256File(join(folder, 'day 2', 'b.bin')));
    expect(readFileSync(join(landed, 'notes.txt'), 'utf8')).toBe('meet at the pier');
    expect(readFileSync(join(landed, 'empty.txt'), 'utf8')).toBe('');
    expect(existsSync(join(landed, 'a.jpg.lanline-part'))).toBe(false);
    const progress = atBob.all.filter((s) => s.entry === 0 && s.state === 'active' && s.bytesDone > 0);
    expect(progress.length).toBeGreaterThan(0);
    // The sender sees its recipient finish.
    await waitFor('Ada sees Bob done', () => ada.backend.files.list().every((t) => t.state === 'done'));

    // The same file twice lands beside the first copy, never over it.
    const copies = [];
    for (let i = 0; i < 2; i++) {
      const again = await ada.backend.files.offer(bobId, [join(folder, 'notes.txt')]);
      bob.backend.files.receiveOffer(adaId, again);
      await bob.backend.files.accept(again.id);
      copies.push((await atBob.until('a copy', again.id, (s) => s.state === 'done')).localPath);
    }
    expect(copies).toEqual([
      join(bob.backend.files.downloadsDir(), 'notes.txt'),
      join(bob.backend.files.downloadsDir(), 'notes (1).txt'),
    ]);
  });

  it('auto-accept per contact, decline and cancel', async () => {
    const { ada, bob, adaId, bobId, files } = await pair();
    const path = join(files, 'report.pdf');
    await writeRandomFile(path, 1_000_000);

    const declined = await ada.backend.files.offer(bobId, [path]);
    bob.backend.files.receiveOffer(adaId, declined);
    await bob.backend.files.decline(declined.id);
    expect(bob.backend.files.list().find((t) => t.offerId === declined.id)?.state).toBe('cancelled');

    bob.backend.files.setAutoAccept(adaId, true);
    const automatic = await ada.backend.files.offer(bobId, [path]);
    bob.backend.files.receiveOffer(adaId, automatic);
    const done = await watchTransfers(bob).until('auto-accepted file', automatic.id, (s) => s.state === 'done');
    expect(await sha256File(done.localPath!)).toBe(await sha256File(path));
    expect(bob.backend.files.autoAccepts(adaId)).toBe(true);
  });

  it('pause holds the transfer, resume finishes it, cancel removes the partial file', async () => {
    const { ada, bob, adaId, bobId, files } = await pair();
    const path = join(files, 'video.mp4');
    await writeRandomFile(path, 48 * 1024 * 1024);
    ada.backend.files.setUploadLimit(16e6);
    const offer = await ada.backend.files.offer(bobId, [path]);
    bob.backend.files.receiveOffer(adaId, offer);
    await bob.backend.files.accept(offer.id);
    const atBob = watchTransfers(bob);
    await atBob.until('some progress', offer.id, (s) => s.bytesDone > 4 * 1024 * 1024);
    await bob.backend.files.pause(offer.id);
    const paused = bob.backend.files.list().find((t) => t.offerId === offer.id)!;
    expect(paused.state).toBe('paused');
    await new Promise((r) => setTimeout(r, 500));
    const still = bob.backend.files.list().find((t) => t.offerId === offer.id)!;
    expect(still.bytesDone - paused.bytesDone).toBeLessThan(2 * 1024 * 1024);
    await bob.backend.files.resume(offer.id);
    const done = await atBob.until('done after resume', offer.id, (s) => s.state === 'done');
    expect(await sha256File(done.localPath!)).toBe(await sha256File(path));

    const second = await ada.backend.files.offer(bobId, [path]);
    bob.backend.files.receiveOffer(adaId, second);
    await bob.backend.files.accept(second.id);
    const started = await atBob.until('second started', second.id, (s) => s.bytesDone > 0);
    await bob.backend.files.cancel(second.id);
    expect(bob.backend.files.list().find((t) => t.offerId === second.id)?.state).toBe('cancelled');
    expect(existsSync(started.localPath! + '.lanline-part')).toBe(false);
    expect(existsSync(started.localPath!)).toBe(false);
  });
});
