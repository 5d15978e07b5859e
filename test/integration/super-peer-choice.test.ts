import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend, waitFor, type TestBackend } from '../support/backends';
import { RawRelayClient, newIdentity } from '../support/relay-clients';

/**
 * Two super peers, one busier than the other. Clients pick the less loaded
 * one; when it goes away they move to the other, and a relayed link comes back
 * through it.
 */
describe('choosing between super peers, and moving when one leaves', () => {
  let busy: TestBackend;
  let quiet: TestBackend;
  const nodes: TestBackend[] = [];
  const load: RawRelayClient[] = [];

  const primaryOf = (node: TestBackend) => node.backend.superPeer.pool!.list().find((s) => s.primary)?.peerId;
  const linked = (from: TestBackend, to: TestBackend) => {
    const peer = from.backend.engine.getPeer(to.backend.identity.peerId);
    return peer?.online ? peer : undefined;
  };

  beforeAll(async () => {
    busy = await startTestBackend('Busy', { superPeer: true, relay: { maxClients: 10 } });
    quiet = await startTestBackend('Quiet', { superPeer: true, relay: { maxClients: 10 } });
    // Three clients on the busy one: 30 % of its capacity, three bands above the quiet one.
    for (let i = 0; i < 3; i++) load.push(await new RawRelayClient(busy.address).connect(newIdentity()));
  });
  afterAll(async () => {
    for (const c of load) c.close();
    for (const node of nodes) await node.stop();
    await busy?.stop();
    await quiet?.stop();
  });

  it('a client moves to a super peer that appears and is clearly less loaded, and back when it goes', async () => {
    const eve = await startTestBackend('Eve', { superPeers: [busy.address] });
    nodes.push(eve);
    expect(await waitFor('a primary', () => primaryOf(eve), 10_000)).toBe(busy.backend.identity.peerId);
    const extra = await startTestBackend('Extra', { superPeer: true, relay: { maxClients: 10 } });
    eve.backend.superPeer.pool!.noteSuperPeer({ addresses: [extra.address], source: 'mdns' });
    await waitFor('moved to the new, idle one', () => primaryOf(eve) === extra.backend.identity.peerId, 10_000, 50);
    await extra.stop();
    await waitFor('back on the busy one', () => primaryOf(eve) === busy.backend.identity.peerId, 10_000, 50);
  });

  it('a client connects to the least loaded super peer, then moves to the other when it shuts down', async () => {
    const start = async (name: string, rtc: 'wrtc' | 'window' = 'wrtc') => {
      const node = await startTestBackend(name, { superPeers: [busy.address, quiet.address] }, undefined, rtc);
      nodes.push(node);
      return node;
    };
    const cy = await start('Cy');
    const dee = await start('Dee', 'window');
    for (const node of [cy, dee])
      expect(await waitFor('a primary super peer', () => primaryOf(node), 10_000)).toBe(quiet.backend.identity.peerId);
    expect(cy.backend.superPeer.pool!.list().map((s) => s.state)).toEqual(['standby', 'connected']);

    cy.backend.connections.noteHint({
      peerId: dee.backend.identity.peerId,
      name: 'Dee',
      role: 'basic',
      addresses: ['127.0.0.1:9'],
      present: true,
      news: true,
    });
    expect(await waitFor('Dee linked through the quiet super peer', () => linked(cy, dee), 15_000)).toMatchObject({
      link: 'relayed',
    });

    const stopped = Date.now();
    await quiet.stop();
    for (const node of [cy, dee])
      await waitFor('moved to the busy super peer', () => primaryOf(node) === busy.backend.identity.peerId, 10_000, 50);
    const moved = Date.now() - stopped;
    expect(moved).toBeLessThan(5000);
    expect(await waitFor('Dee linked again, through the busy one', () => linked(cy, dee), 15_000, 50)).toMatchObject({
      link: 'relayed',
    });
    expect(busy.backend.superPeer.service!.status().circuits).toBe(1);
  });
});
