import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { verifyEnvelope } from '../../src/core/messaging/envelope';
import { EnvelopeSchema } from '../../src/core/wire/frames';
import { startLinkedPair, startTestBackend, waitFor, type TestBackend } from '../support/backends';

/**
 * The foundation's thin slice inside one process: two real backends on
 * loopback, real signalling over WebSocket, a real wrtc data channel and a
 * real SQLite file on each side.
 */
describe('two backends', () => {
  const running: TestBackend[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((b) => b.stop()));
  });

  const pair = () => startLinkedPair(running);

  it('link by address, learn each other’s names, exchange a signed message stored on both sides', async () => {
    const { ada, bob, adaId, bobId } = await pair();
    const peersOfBob = await bob.api.call('peers.list', {});
    expect(peersOfBob).toEqual([expect.objectContaining({ peerId: adaId, name: 'Ada', online: true, link: 'direct' })]);

    const sent = await bob.api.call('messages.send', { to: adaId, text: 'Hello Ada, lunch at noon?' });
    const received = await waitFor('the message at Ada', async () => (await ada.api.call('messages.list', { with: bobId }))[0]);
    expect(received).toMatchObject({
      id: sent.id,
      from: bobId,
      to: adaId,
      text: 'Hello Ada, lunch at noon?',
      state: 'received',
      outgoing: false,
    });
    await waitFor(
      'delivery receipt at Bob',
      async () => (await bob.api.call('messages.list', { with: adaId }))[0]?.state === 'delivered',
    );

    // What is on disk is what was shown: check Ada's database file directly.
    const db = new Database(join(ada.dataDir, 'lanline.db'), { readonly: true });
    const row = db.prepare('SELECT author, text, envelope FROM messages WHERE id = ?').get(sent.id) as {
      author: string;
      text: string;
      envelope: string;
    };
    db.close();
    expect(row).toMatchObject({ author: bobId, text: 'Hello Ada, lunch at noon?' });
    // The signed envelope is kept as it arrived, and still verifies as Bob's.
    expect(verifyEnvelope(EnvelopeSchema.parse(JSON.parse(row.envelope)))).toBe(true);
  });

  it('a message to a peer who is away waits and goes out when they are back', async () => {
    const { ada, bob, adaId, bobId } = await pair();
    const adaDir = ada.dataDir;
    running.splice(running.indexOf(ada), 1);
    await ada.backend.stop();
    await waitFor('Bob to see Ada offline', () => !bob.backend.engine.isLinked(adaId));

    const queued = await bob.api.call('messages.send', { to: adaId, text: 'Are you there?' });
    expect(queued.state).toBe('pending');

    const adaAgain = await startTestBackend('Ada', { signallingPort: Number(ada.address.split(':')[1]) }, adaDir);
    running.push(adaAgain);
    expect(adaAgain.backend.identity.peerId).toBe(adaId);
    const arrived = await waitFor(
      'the queued message at Ada',
      async () => (await adaAgain.api.call('messages.list', { with: bobId }))[0],
      20_000,
    );
    expect(arrived.text).toBe('Are you there?');
  });

  it('a link outlives the handshake timeout and stays up while both sides are alive', async () => {
    const { ada, bob, adaId, bobId } = await pair();
    const linkClosed = new Promise((resolve) => bob.backend.engine.onDidUnlink.on(resolve));
    const stillUp = await Promise.race([linkClosed.then(() => false), new Promise((r) => setTimeout(() => r(true), 7000))]);
    expect(stillUp).toBe(true);
    expect(ada.backend.engine.isLinked(bobId)).toBe(true);
    expect(bob.backend.engine.isLinked(adaId)).toBe(true);
  }, 15_000);

  it('reading a conversation clears its unread count and shows the author it was read', async () => {
    const { ada, bob, adaId, bobId } = await pair();
    const first = await bob.api.call('messages.send', { to: adaId, text: 'one' });
    const second = await bob.api.call('messages.send', { to: adaId, text: 'two' });
    await waitFor('both at Ada', async () => (await ada.api.call('messages.list', { with: bobId })).length === 2);
    expect(await ada.api.call('conversations.list', {})).toEqual([
      expect.objectContaining({ conversation: bobId, unread: 2, lastMessage: expect.objectContaining({ id: second.id }) }),
    ]);

    await ada.api.call('messages.markRead', { with: bobId });
    expect((await ada.api.call('conversations.list', {}))[0]!.unread).toBe(0);
    await waitFor('read receipts at Bob', async () =>
      (await bob.api.call('messages.list', { with: adaId })).every((m) => m.readAt !== null),
    );
    expect((await bob.api.call('messages.list', { with: adaId })).map((m) => m.id)).toEqual([first.id, second.id]);
  });

  it('a reply names the message it answers, on both sides, and only within the conversation', async () => {
    const { ada, bob, adaId, bobId } = await pair();
    const question = await bob.api.call('messages.send', { to: adaId, text: 'Lunch?' });
    await waitFor('the question at Ada', async () => (await ada.api.call('messages.list', { with: bobId })).length === 1);
    const answer = await ada.api.call('messages.send', { to: bobId, text: 'Yes, 12:30', replyTo: question.id });
    expect(answer.replyTo).toBe(question.id);
    const atBob = await waitFor('the answer at Bob', async () =>
      (await bob.api.call('messages.list', { with: adaId })).find((m) => m.id === answer.id),
    );
    expect(atBob).toMatchObject({ replyTo: question.id, text: 'Yes, 12:30' });
    await expect(ada.api.call('messages.send', { to: bobId, text: 'x', replyTo: 'a'.repeat(26) })).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });

  it('typing shows on the other side and can be cleared', async () => {
    const { ada, bob, adaId, bobId } = await pair();
    const seen: Array<{ peerId: string; conversation: string; active: boolean }> = [];
    ada.api.on('typing.changed', (t) => seen.push(t));
    await bob.api.call('typing.set', { to: adaId, active: true });
    await bob.api.call('typing.set', { to: adaId, active: true }); // repeated keystrokes send nothing new
    await bob.api.call('typing.set', { to: adaId, active: false });
    await waitFor('typing on and off', () => seen.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([
      { peerId: bobId, conversation: bobId, active: true },
      { peerId: bobId, conversation: bobId, active: false },
    ]);
  });

  it('adding someone by address makes one link, not two', async () => {
    const ada = await startTestBackend('Ada');
    const bob = await startTestBackend('Bob');
    running.push(ada, bob);
    const added = await bob.api.call('peers.add', { address: ada.address });
    expect(added).toMatchObject({ name: 'Ada', online: true });
    await new Promise((r) => setTimeout(r, 1500));
    const replaced = [...ada.log.lines, ...bob.log.lines].filter((l) => l.includes('replaced by a newer link'));
    expect(replaced).toEqual([]);
    expect(bob.backend.engine.isLinked(ada.backend.identity.peerId)).toBe(true);
  });

  it('explains what went wrong instead of queueing to a stranger', async () => {
    const { bob } = await pair();
    const stranger = 'a'.repeat(52);
    await expect(bob.api.call('messages.send', { to: stranger, text: 'hi' })).rejects.toMatchObject({ code: 'unknown-peer' });
    await expect(bob.api.call('messages.send', { to: 'not-a-peer', text: 'hi' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });
});
