import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { EventPayload } from '../../src/core/api/contract';
import type { Message } from '../../src/core/model';
import { linked, startTestBackend, tempDir, waitFor, type TestBackend } from '../support/backends';
import { sha256File, writeRandomFile } from '../support/files';

const MiB = 1024 * 1024;

/**
 * Files shared in conversations, through the contract as a window or the CLI
 * uses it: the offer rides sealed inside a message, arrives as a file card,
 * is accepted and received; deleting the message withdraws it; in a group any
 * member may fetch it from any other member who has it, and from a super
 * peer that keeps a replica while the sender is away. Real backends, wrtc,
 * SQLite and files.
 */
/** This process's descriptors open on `path` (Linux /proc; " (deleted)" once its folder is gone). */
function openDescriptorsOn(path: string): string[] {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target === path || target === `${path} (deleted)`;
    } catch {
      return false;
    }
  });
}

describe('files in conversations', () => {
  const running: TestBackend[] = [];
  const dirs: Array<{ remove(): void }> = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((b) => b.stop()));
    dirs.splice(0).forEach((d) => d.remove());
  });

  async function node(name: string, peers: TestBackend[] = [], overrides = {}) {
    const b = await startTestBackend(name, { peers: peers.map((p) => p.address), ...overrides });
    running.push(b);
    for (const peer of peers) await linked(b, peer);
    return b;
  }

  async function file(name: string, bytes: number) {
    const dir = tempDir('lanline-share-');
    dirs.push(dir);
    const path = join(dir.path, name);
    await writeRandomFile(path, bytes);
    return path;
  }

  const idOf = (b: TestBackend) => b.backend.identity.peerId;
  const events = <E extends 'message.changed' | 'file.changed' | 'files.preparing'>(b: TestBackend, name: E) => {
    const seen: Array<EventPayload<E>> = [];
    b.backend.onEvent.on((event) => {
      if (event.name === name) seen.push(event.payload as EventPayload<E>);
    });
    return seen;
  };
  const cardAt = async (b: TestBackend, conversation: string, messageId: string): Promise<Message | undefined> =>
    (await b.api.call('messages.list', { with: conversation })).find((m) => m.id === messageId);

  it('one to one: a card with the file, accepted, received byte for byte, with throttled progress', async () => {
    const ada = await node('Ada');
    const bob = await node('Bob', [ada]);
    const path = await file('report.pdf', 24 * MiB + 5);
    const progress = events(bob, 'file.changed');
    ada.backend.files.setUploadLimit(16e6);

    const sent = await ada.api.call('files.send', { to: idOf(bob), paths: [path], text: 'the numbers' });
    expect(sent.message).toMatchObject({
      text: 'the numbers',
      file: { name: 'report.pdf', size: 24 * MiB + 5, type: 'application/pdf' },
    });
    expect(sent.message.file?.transfer).toMatchObject({
      direction: 'out',
      state: 'offered',
      recipients: { done: 0, declined: 0, of: 1 },
    });

    const card = await waitFor('the card at Bob', () => cardAt(bob, idOf(ada), sent.message.id));
    expect(card.file).toMatchObject({ name: 'report.pdf', entries: [{ path: 'report.pdf', type: 'application/pdf' }] });
    expect(card.file?.transfer?.state).toBe('offered');
    // The keys stay inside the sealed body: the message a window sees carries none.
    expect(JSON.stringify(card)).not.toMatch(/"keys"/);
    const listed = await bob.api.call('files.list', { conversation: idOf(ada) });
    expect(listed).toMatchObject([{ offerId: sent.message.file!.offerId, messageId: sent.message.id, state: 'offered' }]);

    const started = Date.now();
    await bob.api.call('files.accept', { offerId: card.file!.offerId });
    const done = await waitFor(
      'Bob has it',
      async () => (await bob.api.call('files.list', {})).find((t) => t.state === 'done'),
      30_000,
    );
    const seconds = (Date.now() - started) / 1000;
    expect(await sha256File(done.localPath!)).toBe(await sha256File(path));
    expect((await cardAt(bob, idOf(ada), sent.message.id))?.file?.transfer).toMatchObject({
      state: 'done',
      localPath: done.localPath,
    });
    await waitFor(
      'Ada sees it delivered',
      async () => (await cardAt(ada, idOf(bob), sent.message.id))?.file?.transfer?.state === 'done',
    );
    expect((await cardAt(ada, idOf(bob), sent.message.id))?.file?.transfer?.recipients).toEqual({ done: 1, declined: 0, of: 1 });
    // Progress events come a few times a second, not once per chunk (~100 chunks here).
    const active = progress.filter((p) => p.state === 'active');
    expect(active.length).toBeGreaterThan(1);
    expect(active.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 4);
  });

  it('sharing tells how far encrypting is, and cancelling it meanwhile shares nothing', async () => {
    const ada = await node('Ada');
    const bob = await node('Bob', [ada]);
    const size = 96 * MiB;
    const path = await file('video.mp4', size);
    const preparing = events(ada, 'files.preparing');
    const sent = await ada.api.call('files.send', { to: idOf(bob), paths: [path], ticket: 'first' });
    const told = preparing.filter((p) => p.ticket === 'first');
    expect(told.length).toBeGreaterThanOrEqual(1);
    expect(told.at(-1)).toEqual({ ticket: 'first', bytesDone: size, total: size });
    expect(told.map((p) => p.bytesDone)).toEqual(told.map((p) => p.bytesDone).sort((a, b) => a - b));

    const large = await file('archive.tar', 256 * MiB);
    const sending = ada.api.call('files.send', { to: idOf(bob), paths: [large], ticket: 'second' });
    const outcome = sending.then(
      () => 'shared',
      (error: { code?: string }) => error.code,
    );
    await waitFor('encrypting under way', () => preparing.some((p) => p.ticket === 'second'), 10_000, 5);
    await ada.api.call('files.sendCancel', { ticket: 'second' });
    expect(await outcome).toBe('cancelled');
    expect((await ada.api.call('messages.list', { with: idOf(bob) })).map((m) => m.id)).toEqual([sent.message.id]);
    expect((await ada.api.call('files.list', {})).map((t) => t.name)).toEqual(['video.mp4']);
    expect(openDescriptorsOn(large)).toEqual([]);
  });

  it('auto-accept per contact applies to files in messages', async () => {
    const ada = await node('Ada');
    const bob = await node('Bob', [ada]);
    await bob.api.call('files.setAutoAccept', { peer: idOf(ada), on: true });
    expect((await bob.api.call('files.settings', {})).autoAccept).toEqual([idOf(ada)]);
    const path = await file('photo.jpg', 300_000);
    const sent = await ada.api.call('files.send', { to: idOf(bob), paths: [path] });
    const done = await waitFor('received without asking', async () =>
      (await bob.api.call('files.list', {})).find((t) => t.offerId === sent.message.file!.offerId && t.state === 'done'),
    );
    expect(await sha256File(done.localPath!)).toBe(await sha256File(path));
  });

  it('declining tells the sender, whose send-file would otherwise wait for ever', async () => {
    const ada = await node('Ada');
    const bob = await node('Bob', [ada]);
    const path = await file('notes.txt', 1000);
    const sent = await ada.api.call('files.send', { to: idOf(bob), paths: [path] });
    const offerId = sent.message.file!.offerId;
    await waitFor('the offer at Bob', async () => (await bob.api.call('files.list', { offerId })).length === 1);
    await bob.api.call('files.decline', { offerId });
    const atAda = await waitFor('Ada hears it', async () => {
      const [t] = await ada.api.call('files.list', { offerId });
      return t?.state === 'cancelled' ? t : undefined;
    });
    expect(atAda).toMatchObject({ error: { code: 'declined' }, recipients: { done: 0, declined: 1, of: 1 } });
    expect(ada.backend.engine.files.servedFile(sent.transfers[0]!.root)).toBeUndefined();
  });

  it('deleting the message withdraws the files: the download stops and nobody serves them any more', async () => {
    const ada = await node('Ada');
    const bob = await node('Bob', [ada]);
    ada.backend.files.setUploadLimit(4e6);
    const path = await file('big.bin', 32 * MiB);
    const sent = await ada.api.call('files.send', { to: idOf(bob), paths: [path] });
    const offerId = sent.message.file!.offerId;
    await waitFor('the offer at Bob', async () => (await bob.api.call('files.list', {})).length === 1);
    await bob.api.call('files.accept', { offerId });
    const partial = await waitFor('some progress', async () =>
      (await bob.api.call('files.list', {})).find((t) => t.bytesDone > MiB),
    );
    const tree = join(ada.dataDir, 'files', `${sent.transfers[0]!.root}.tree`);
    expect(existsSync(tree)).toBe(true);
    await ada.api.call('messages.delete', { id: sent.message.id });
    await waitFor('Bob forgot the offer', async () => (await bob.api.call('files.list', {})).length === 0);
    expect(existsSync(partial.localPath! + '.lanline-part')).toBe(false);
    expect(await ada.api.call('files.list', {})).toEqual([]);
    expect(ada.backend.engine.files.servedFile(sent.transfers[0]!.root)).toBeUndefined();
    expect(existsSync(tree)).toBe(false); // nothing will serve from it again
    const gone = await cardAt(bob, idOf(ada), sent.message.id);
    expect(gone).toMatchObject({ deleted: true, file: null });
  });

  it('in a group: any member accepts, and fetches from another member when the sender is gone', async () => {
    const ada = await node('Ada');
    const bob = await node('Bob', [ada]);
    const carol = await node('Carol', [ada, bob]);
    const group = await ada.api.call('groups.create', { name: 'Design', members: [idOf(bob), idOf(carol)] });
    await waitFor('everyone is in', async () =>
      (await Promise.all([bob, carol].map((b) => b.api.call('groups.list', {})))).every((g) => g.length === 1),
    );
    const path = await file('mockups.zip', 12 * MiB);
    const sent = await ada.api.call('files.send', { to: group.id, paths: [path] });
    expect(sent.message.file?.transfer?.recipients).toEqual({ done: 0, declined: 0, of: 2 });
    const offerId = sent.message.file!.offerId;

    await waitFor('the card at Bob', () => cardAt(bob, group.id, sent.message.id));
    await bob.api.call('files.accept', { offerId });
    await waitFor('Bob has it', async () => (await bob.api.call('files.list', {}))[0]?.state === 'done', 30_000);
    await waitFor(
      'Ada sees one of two',
      async () => (await cardAt(ada, group.id, sent.message.id))?.file?.transfer?.recipients?.done === 1,
    );

    // Ada goes away; Carol only now accepts, and Bob serves her.
    running.splice(running.indexOf(ada), 1);
    await ada.stop();
    await waitFor('the card at Carol', () => cardAt(carol, group.id, sent.message.id));
    await carol.api.call('files.accept', { offerId });
    const done = await waitFor(
      'Carol has it from Bob',
      async () => (await carol.api.call('files.list', {})).find((t) => t.state === 'done'),
      30_000,
    );
    expect(await sha256File(done.localPath!)).toBe(await sha256File(path));

    // Bob served his finished copy; once he stops, nothing of his holds it open.
    const bobsCopy = (await bob.api.call('files.list', {}))[0]!.localPath!;
    running.splice(running.indexOf(bob), 1);
    await bob.stop();
    expect(openDescriptorsOn(bobsCopy)).toEqual([]);
  });

  it('replicated to a super peer, a file stays available while its sender is away', async () => {
    const keeper = await node('Keeper', [], { superPeer: true, replicas: { quotaBytes: 64 * MiB, perPeerBytes: 32 * MiB } });
    const ada = await node('Ada', [keeper], { superPeers: [keeper.address] });
    const bob = await node('Bob', [keeper, ada], { superPeers: [keeper.address] });
    const group = await ada.api.call('groups.create', { name: 'Release', members: [idOf(bob)] });
    await waitFor('Bob is in', async () => (await bob.api.call('groups.list', {})).length === 1);

    const path = await file('build.tar', 10 * MiB);
    const sent = await ada.api.call('files.send', { to: group.id, paths: [path], replicate: true });
    const offerId = sent.message.file!.offerId;
    await waitFor(
      'the super peer holds all of it',
      async () => (await ada.api.call('files.list', { offerId }))[0]?.replica?.state === 'complete',
      30_000,
    );
    expect(keeper.backend.files.replicaStatus()).toMatchObject({ replicas: 1, complete: 1, bytes: 10 * MiB });
    // The super peer keeps ciphertext only: it has no offer, no key, no file of that name.
    expect(await keeper.api.call('files.list', {})).toEqual([]);

    // An over-quota request is refused, with the reason.
    const large = await file('huge.bin', 40 * MiB);
    const refused = await ada.api.call('files.send', { to: group.id, paths: [large], replicate: true });
    await waitFor(
      'refused as too large',
      async () => (await ada.api.call('files.list', { offerId: refused.message.file!.offerId }))[0]?.replica?.state === 'refused',
    );
    expect((await ada.api.call('files.list', { offerId: refused.message.file!.offerId }))[0]?.replica?.reason).toBe('too-large');

    await waitFor('the card at Bob', () => cardAt(bob, group.id, sent.message.id));
    running.splice(running.indexOf(ada), 1);
    await ada.stop();
    await bob.api.call('files.accept', { offerId });
    const done = await waitFor(
      'Bob has it from the super peer',
      async () => (await bob.api.call('files.list', { offerId }))[0],
      30_000,
    ).then(() =>
      waitFor('done', async () => (await bob.api.call('files.list', { offerId })).find((t) => t.state === 'done'), 30_000),
    );
    expect(await sha256File(done.localPath!)).toBe(await sha256File(path));
  });
});
