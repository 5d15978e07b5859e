import { afterAll, describe, expect, it } from 'vitest';
import { startTestBackend, waitFor, type TestBackend } from '../support/backends';

/**
 * The desktop app's "act as super peer" pins the role; the backend then
 * starts the relay, mailbox and directory at once, and stops them when the
 * pin goes, with no restart. A real backend on loopback, asked through the
 * contract as the UI asks it.
 */
describe('acting as a super peer, switched at runtime', () => {
  const nodes: TestBackend[] = [];
  afterAll(async () => {
    for (const node of nodes) await node.stop();
  });

  it('starts the relay, mailbox and directory when the role is pinned to super, and stops them when unpinned', async () => {
    const desk = await startTestBackend('Desk');
    nodes.push(desk);
    const ada = await startTestBackend('Ada', { peers: [desk.address] });
    nodes.push(ada);
    const deskId = desk.backend.identity.peerId;
    expect(await desk.api.call('status.get', {})).toMatchObject({ servingAsSuperPeer: false });
    expect(await (await fetch(`http://${desk.address}/lanline`)).json()).not.toHaveProperty('relay');
    expect(await desk.api.call('mailbox.status', {})).toBeNull();

    const on = await desk.api.call('profile.setRole', { role: 'super' });
    expect(on).toMatchObject({ role: 'super', rolePinned: true, servingAsSuperPeer: true });
    expect(await (await fetch(`http://${desk.address}/lanline`)).json()).toMatchObject({
      relay: { clients: expect.any(Number) },
    });
    expect(await desk.api.call('mailbox.status', {})).toMatchObject({ messages: 0 });
    // Ada hears of it by gossip, uses its relay and counts it as a holder of her mail.
    const list = await waitFor(
      'Ada uses the desk as a super peer',
      async () => {
        const supers = await ada.api.call('superPeers.list', {});
        return supers.find((s) => s.peerId === deskId && s.primary && s.linked) && supers;
      },
      20_000,
      100,
    );
    expect(list).toEqual([expect.objectContaining({ peerId: deskId, state: 'connected', mailRank: 0 })]);

    const off = await desk.api.call('profile.setRole', { role: null });
    expect(off).toMatchObject({ rolePinned: false, servingAsSuperPeer: false });
    expect(await (await fetch(`http://${desk.address}/lanline`)).json()).not.toHaveProperty('relay');
    await waitFor(
      'Ada stops counting on it',
      async () => !(await ada.api.call('superPeers.list', {})).some((s) => s.peerId === deskId && (s.primary || s.linked)),
      20_000,
      100,
    );
    expect(desk.log.lines.some((l) => l.includes('no longer serving as a super peer'))).toBe(true);
  });
});
