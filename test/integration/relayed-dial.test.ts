import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend, waitFor, type TestBackend } from '../support/backends';

/**
 * Dialling through a super peer, with real backends on loopback. Ada knows Bob
 * only at an address where nothing answers, so every direct dial fails and the
 * connection manager falls back to the super peer both use.
 */
describe('when a peer cannot be dialled directly', () => {
  let superPeer: TestBackend;
  const nodes: TestBackend[] = [];

  const start = async (name: string, rtc: 'wrtc' | 'window' = 'wrtc') => {
    const node = await startTestBackend(name, { superPeers: [superPeer.address] }, undefined, rtc);
    nodes.push(node);
    await waitFor(`${name} connected to the super peer`, () => node.backend.superPeer.pool!.available);
    return node;
  };
  const unreachable = (from: TestBackend, to: TestBackend) =>
    from.backend.connections.noteHint({
      peerId: to.backend.identity.peerId,
      name: to.backend.engine.name,
      role: 'basic',
      addresses: ['127.0.0.1:9'],
      present: true,
      news: true,
    });

  const linked = (from: TestBackend, to: TestBackend) => {
    const peer = from.backend.engine.getPeer(to.backend.identity.peerId);
    return peer?.online ? peer : undefined;
  };

  beforeAll(async () => {
    superPeer = await startTestBackend('Super', { superPeer: true });
  });
  afterAll(async () => {
    for (const node of nodes) await node.stop();
    await superPeer?.stop();
  });

  it('the super peer carries the signalling, and WebRTC still makes the link direct', async () => {
    const [ada, bob] = [await start('Ada'), await start('Bob')];
    expect(ada.backend.superPeer.pool!.list()).toEqual([
      expect.objectContaining({
        peerId: superPeer.backend.identity.peerId,
        state: 'connected',
        primary: true,
        sources: ['config'],
      }),
    ]);
    unreachable(ada, bob);
    const peer = await waitFor('Bob linked at Ada', () => linked(ada, bob), 15_000, 50);
    expect(peer.link).toBe('direct');
    const relay = superPeer.backend.superPeer.service!.status();
    expect(relay.relayedFrames).toBeGreaterThanOrEqual(6); // the Noise handshake and the dial, inside the circuit
    await waitFor('the circuit closed once WebRTC opened', () => superPeer.backend.superPeer.service!.status().circuits === 0);
    const sent = await ada.api.call('messages.send', { to: bob.backend.identity.peerId, text: 'hello, now directly' });
    await waitFor('delivered', async () =>
      (await ada.api.call('messages.list', { with: bob.backend.identity.peerId })).find(
        (m) => m.id === sent.id && m.state === 'delivered',
      ),
    );
  });

  it('when the other side cannot make WebRTC connections, the relayed secure pipe is the link', async () => {
    const cy = await start('Cy');
    // A window-mode backend with no window open: it can carry a link, but cannot make a data channel.
    const dee = await start('Dee', 'window');
    unreachable(cy, dee);
    const peer = await waitFor('Dee linked at Cy', () => linked(cy, dee), 15_000, 50);
    expect(peer.link).toBe('relayed');
    expect(dee.backend.engine.getPeer(cy.backend.identity.peerId)).toMatchObject({ online: true, link: 'relayed' });
    expect(superPeer.backend.superPeer.service!.status().circuits).toBe(1);

    const there = await cy.api.call('messages.send', { to: dee.backend.identity.peerId, text: 'through the super peer' });
    const back = await dee.api.call('messages.send', { to: cy.backend.identity.peerId, text: 'and back' });
    await waitFor('both delivered', async () => {
      const [atCy, atDee] = await Promise.all([
        cy.api.call('messages.list', { with: dee.backend.identity.peerId }),
        dee.api.call('messages.list', { with: cy.backend.identity.peerId }),
      ]);
      return (
        atCy.find((m) => m.id === there.id)?.state === 'delivered' && atDee.find((m) => m.id === back.id)?.state === 'delivered'
      );
    });

    // The super peer goes away: the relayed link closes with it (and both sides see the peer offline).
    await superPeer.stop();
    await waitFor('Dee offline at Cy', () => !cy.backend.engine.getPeer(dee.backend.identity.peerId)?.online, 10_000);
    expect(cy.backend.superPeer.pool!.available).toBe(false);
  });
});
