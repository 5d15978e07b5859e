import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { linked, startTestBackend, tempDir, type TestBackend } from '../support/backends';
import { sha256File, watchTransfers, writeRandomFile } from '../support/files';

const MiB = 1024 * 1024;

/**
 * Big files between real backends: generated on disk, moved over a real wrtc
 * channel, compared by hash. Neither side ever holds a file in memory.
 */
describe('large file transfer', () => {
  const running: TestBackend[] = [];
  const dirs: Array<{ remove(): void }> = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((b) => b.stop()));
    dirs.splice(0).forEach((d) => d.remove());
  });

  async function setup(size: number) {
    const ada = await startTestBackend('Ada');
    const bob = await startTestBackend('Bob', { peers: [ada.address] });
    running.push(ada, bob);
    await linked(ada, bob);
    const files = tempDir('lanline-files-');
    dirs.push(files);
    const path = join(files.path, 'disk.img');
    await writeRandomFile(path, size);
    return { ada, bob, adaId: ada.backend.identity.peerId, bobId: bob.backend.identity.peerId, path };
  }

  it('1 GiB arrives byte for byte', async () => {
    const { ada, bob, adaId, bobId, path } = await setup(1024 * MiB);
    const offer = await ada.backend.files.offer(bobId, [path]);
    bob.backend.files.receiveOffer(adaId, offer);
    const started = Date.now();
    await bob.backend.files.accept(offer.id);
    const done = await watchTransfers(bob).until('1 GiB received', offer.id, (s) => s.state === 'done', 170_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `1 GiB in ${seconds.toFixed(1)} s (${(1024 / seconds).toFixed(1)} MiB/s); message size ${bob.backend.engine.files.messageSizeFor(adaId)?.chosen}`,
    );
    expect(done.size).toBe(1024 * MiB);
    expect(await sha256File(done.localPath!)).toBe(await sha256File(path));
    expect(existsSync(done.localPath! + '.lanline-part')).toBe(false);
  }, 240_000);

  it('the receiver restarts at about half way: the transfer completes and at most 1.1 × the file crosses the wire', async () => {
    const size = 256 * MiB;
    const { ada, bob, adaId, bobId, path } = await setup(size);
    ada.backend.files.setUploadLimit(24e6); // long enough to stop it in the middle
    const offer = await ada.backend.files.offer(bobId, [path]);
    bob.backend.files.receiveOffer(adaId, offer);
    await bob.backend.files.accept(offer.id);
    const half = await watchTransfers(bob).until('half way', offer.id, (s) => s.bytesDone >= size / 2, 60_000);
    expect(half.bytesDone).toBeLessThan(size * 0.8);

    running.splice(running.indexOf(bob), 1);
    bob.api.close();
    await bob.backend.stop(); // the data folder stays, as after a quit
    const again = await startTestBackend('Bob', { peers: [ada.address] }, bob.dataDir);
    running.push(again);
    dirs.push({ remove: () => rmSync(bob.dataDir, { recursive: true, force: true }) });
    const resumed = again.backend.files.list().find((t) => t.offerId === offer.id)!;
    // What was verified before the stop is still there, within one checkpoint.
    expect(resumed.bytesDone).toBeGreaterThan(half.bytesDone - 48 * MiB);
    const done = await watchTransfers(again).until('done after restart', offer.id, (s) => s.state === 'done', 90_000);
    expect(await sha256File(done.localPath!)).toBe(await sha256File(path));

    const sent = ada.backend.files.list().find((t) => t.offerId === offer.id)!;
    console.log(
      `restart: ${(sent.bytesDone / MiB).toFixed(1)} MiB sent for a ${size / MiB} MiB file (${(sent.bytesDone / size).toFixed(3)}×)`,
    );
    expect(sent.bytesDone).toBeGreaterThanOrEqual(size);
    expect(sent.bytesDone).toBeLessThanOrEqual(1.1 * size);
    expect(sent.state).toBe('done');
  }, 180_000);

  it('the sender restarts mid-transfer: it serves its offer again and the receiver finishes', async () => {
    const size = 96 * MiB;
    const { ada, bob, adaId, bobId, path } = await setup(size);
    ada.backend.files.setUploadLimit(24e6);
    const offer = await ada.backend.files.offer(bobId, [path]);
    bob.backend.files.receiveOffer(adaId, offer);
    await bob.backend.files.accept(offer.id);
    await watchTransfers(bob).until('a third', offer.id, (s) => s.bytesDone >= size / 3, 60_000);

    const port = Number(ada.address.split(':')[1]);
    running.splice(running.indexOf(ada), 1);
    ada.api.close();
    await ada.backend.stop();
    await watchTransfers(bob).until('the sender gone', offer.id, (s) => s.state === 'waiting', 20_000);
    const again = await startTestBackend('Ada', { signallingPort: port }, ada.dataDir);
    running.push(again);
    dirs.push({ remove: () => rmSync(ada.dataDir, { recursive: true, force: true }) });
    expect(again.backend.files.list().find((t) => t.offerId === offer.id)?.direction).toBe('out');

    const done = await watchTransfers(bob).until('done after the sender came back', offer.id, (s) => s.state === 'done', 90_000);
    expect(await sha256File(done.localPath!)).toBe(await sha256File(path));
  }, 180_000);
});
