import { afterEach, describe, expect, it } from 'vitest';
import { MAX_HELD_PER_AUTHOR } from '../../src/core/messaging/ordering-buffer';
import { waitFor } from '../support/backends';
import { startHostilePeer, type HostilePeer } from '../support/hostile-peer';
import { Mesh, type MeshNode } from '../support/mesh';

/**
 * The ordering buffer, fed out of order over a real data channel: a message
 * shows only after the ones it follows, the wait is visible and bounded, and
 * no peer can fill it without limit.
 */
describe('messages that arrive before the ones they follow', () => {
  let peer: HostilePeer;
  afterEach(() => peer?.stop());

  const texts = () => peer.engine.messaging.listMessages(peer.rogue.peerId).map((m) => m.text);
  const waiting = () => peer.engine.messaging.conversations()[0]?.waiting ?? peer.store.held().length;

  it('wait, visibly, and show in order once the gap is filled', async () => {
    peer = await startHostilePeer();
    const reports: number[] = [];
    peer.engine.messaging.onDidChangeWaiting.on((w) => reports.push(w.waiting));
    const first = peer.envelope('first', { seq: 1 });
    const second = peer.envelope('second', { seq: 2 });
    const third = peer.envelope('third', { seq: 3 });
    peer.link.send({ t: 'msg', message: third });
    peer.link.send({ t: 'msg', message: second });
    await waitFor('two waiting', () => peer.store.held().length === 2);
    expect(texts()).toEqual([]);
    expect(reports.at(-1)).toBe(2);
    peer.link.send({ t: 'msg', message: first });
    await waitFor('all three shown', () => texts().length === 3);
    expect(texts()).toEqual(['first', 'second', 'third']);
    expect(waiting()).toBe(0);
    expect(reports.at(-1)).toBe(0);
  });

  it('hold a reply until the message it answers, from another author, is shown', async () => {
    const mesh = new Mesh(['Ada', 'Bob', 'Cy']);
    try {
      const [ada, bob, cy] = mesh.nodes as [MeshNode, MeshNode, MeshNode];
      await mesh.fullyConnect();
      const { id: group } = ada.messaging.groups.create('Trio', [bob.id, cy.id]);
      await waitFor('all in', () => bob.messaging.groups.list()[0]?.isMember && cy.messaging.groups.list()[0]?.isMember);
      // The question is lost on its way from Bob to Ada (Bob's outbox will send it again in a few seconds).
      mesh.link(ada, bob).inject('ba', 'drop');
      const question = bob.messaging.send(group, 'Who has the key to room 4?');
      await waitFor('Cy has the question', () => cy.store.getMessage(question.id));
      cy.messaging.send(group, 'I do', question.id);
      await waitFor('Ada holds the answer', () => ada.store.held(group).length === 1);
      const shown = () =>
        ada.messaging
          .listMessages(group)
          .filter((m) => m.kind === 'text')
          .map((m) => m.text);
      expect(shown()).toEqual([]);
      expect(ada.messaging.conversations().find((c) => c.conversation === group)?.waiting).toBe(1);
      await waitFor('both shown, question first, after Bob’s retry', () => shown().length === 2, 10_000);
      expect(shown()).toEqual(['Who has the key to room 4?', 'I do']);
    } finally {
      mesh.dispose();
    }
  });

  it('show anyway once the wait runs out', async () => {
    peer = await startHostilePeer({ timing: { holdMaxMs: 400 } });
    const reports: number[] = [];
    peer.engine.messaging.onDidChangeWaiting.on((w) => reports.push(w.waiting));
    peer.link.send({ t: 'msg', message: peer.envelope('the one before me was lost', { seq: 5 }) });
    await waitFor('held', () => peer.store.held().length === 1);
    await waitFor('shown after the bound', () => texts().length === 1, 5000);
    expect(waiting()).toBe(0);
    // The UI hears that nothing waits any more, so its "waiting for earlier messages" goes away.
    expect(reports.at(-1)).toBe(0);
  });

  it('refuse more than the per-author bound without acknowledging it', async () => {
    peer = await startHostilePeer();
    for (let seq = 2; seq <= MAX_HELD_PER_AUTHOR + 11; seq++)
      peer.link.send({ t: 'msg', message: peer.envelope(`gap ${seq}`, { seq }) });
    await waitFor('the buffer to fill', () => peer.dropReasons().filter((r) => r === 'buffer-full').length >= 10, 20_000);
    expect(peer.store.held().length).toBe(MAX_HELD_PER_AUTHOR);
  }, 30_000);
});
