import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Message } from '../../src/core/model';
import { startTestBackend, tempDir, waitFor, type TestBackend } from '../support/backends';

/**
 * Store-and-forward between real backends on loopback: a super peer holds
 * Ada's messages for Bob while Bob is away, and hands them over when he is
 * back, after Ada has gone. Nothing here is faked but the network (loopback).
 */
describe('a super peer’s mailbox', () => {
  const running: TestBackend[] = [];
  const bobDir = tempDir();
  const start = async (name: string, overrides: Parameters<typeof startTestBackend>[1] = {}, dir?: string) => {
    const node = await startTestBackend(name, overrides, dir);
    running.push(node);
    return node;
  };
  const stop = async (node: TestBackend) => {
    running.splice(running.indexOf(node), 1);
    await node.stop();
  };
  afterAll(async () => {
    for (const node of running.splice(0)) await node.stop();
    bobDir.remove();
  });

  it('holds messages for a recipient who is away and delivers them, exactly once, after the sender has quit', async () => {
    const sp = await start('Super', { superPeer: true });
    const ada = await start('Ada', { peers: [sp.address] });
    let bob = await start('Bob', { peers: [sp.address] }, bobDir.path);
    const [adaId, bobId] = [ada.backend.identity.peerId, bob.backend.identity.peerId];
    await waitFor('Ada knows Bob', () => ada.backend.engine.getPeer(bobId)?.online, 20_000);
    await waitFor(
      'Ada knows the super peer is one',
      () => ada.backend.engine.superPeers.isSuperPeer(sp.backend.identity.peerId),
      10_000,
    );
    await stop(bob);
    await waitFor('Bob gone at Ada', () => !ada.backend.engine.getPeer(bobId)?.online, 10_000);

    const texts = Array.from({ length: 20 }, (_, i) => `while you were out ${i}`);
    const sent: Message[] = [];
    for (const text of texts) sent.push(await ada.api.call('messages.send', { to: bobId, text }));
    await waitFor(
      'the super peer holds all of them',
      () => sp.backend.superPeer.service!.mailboxStatus().messages === texts.length,
      20_000,
    );
    const path = await waitFor('Ada has every answer', async () => {
      const paths = await ada.api.call('conversations.paths', { with: bobId });
      return paths[0]?.deposited === texts.length && paths;
    });
    expect(path).toEqual([
      expect.objectContaining({
        path: 'mailbox',
        pending: texts.length,
        deposited: texts.length,
        via: [sp.backend.identity.peerId],
      }),
    ]);
    const atAda = await ada.api.call('messages.list', { with: bobId });
    expect(atAda.filter((m) => sent.some((s) => s.id === m.id)).map((m) => m.state)).toEqual(texts.map(() => 'sent'));

    // The copy on the super peer is sealed: no text in its database.
    const db = new Database(join(sp.dataDir, 'lanline.db'), { readonly: true });
    const stored = db.prepare('SELECT envelope FROM mailbox').all() as Array<{ envelope: string }>;
    db.close();
    expect(stored).toHaveLength(texts.length);
    for (const { envelope } of stored) expect(envelope).not.toContain('while you were out');

    await stop(ada);
    bob = await start('Bob', { peers: [sp.address] }, bobDir.path);
    const got = await waitFor(
      'Bob has all of them',
      async () => {
        const list = await bob.api.call('messages.list', { with: adaId, limit: 1000 });
        return list.length >= texts.length ? list : undefined;
      },
      20_000,
    );
    expect(got.map((m) => m.text)).toEqual(texts);
    await waitFor('the super peer deleted them', () => sp.backend.superPeer.service!.mailboxStatus().messages === 0);
    expect(sp.backend.superPeer.service!.mailboxStatus()).toMatchObject({ delivered: texts.length, receipts: texts.length });
  });
});
