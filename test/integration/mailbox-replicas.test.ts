import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine';
import { rankHolders } from '../../src/core/mailbox/placement';
import { signProfileCard } from '../../src/core/directory/profile-card';
import { waitFor } from '../support/backends';
import { mailboxRig } from '../support/mailbox-rig';

/**
 * Two super peers and real engines joined by real data channels: each
 * deposit is held by both, a delivery through either deletes both copies,
 * one of them dying loses nothing, a receipt waits for an author who is away,
 * and the directory is shared between them.
 */
describe('two super peers', () => {
  const rig = mailboxRig();
  afterEach(() => rig.stopAll());

  const introduce = (to: Engine, who: Engine) =>
    to.notePeerHint({ peerId: who.identity.peerId, name: who.name, role: 'basic', addresses: [], present: false });
  const texts = (engine: Engine, peer: Engine) => engine.messaging.listMessages(peer.identity.peerId).map((m) => m.text);

  async function setting() {
    const [sp1, sp2] = [rig.superPeer(), rig.superPeer()];
    await rig.join(sp1.engine, sp2.engine);
    const [ada, bob] = [rig.client('Ada'), rig.client('Bob')];
    const adaLinks = [await rig.join(ada, sp1.engine), await rig.join(ada, sp2.engine)];
    introduce(ada, bob);
    introduce(bob, ada);
    await waitFor('Ada knows both super peers', () => ada.superPeers.linked().length === 2);
    return { sp1, sp2, ada, bob, adaLinks };
  }

  it('holds every message on both, and a delivery through one deletes the copy on the other', async () => {
    const { sp1, sp2, ada, bob } = await setting();
    const sent = Array.from({ length: 10 }, (_, i) => ada.messaging.send(bob.identity.peerId, `note ${i}`));
    await waitFor('both hold all ten', () => sp1.mailbox.status().messages === 10 && sp2.mailbox.status().messages === 10);
    await waitFor('Ada counts two holders each', () => ada.messaging.pathTo(bob.identity.peerId).deposited === 10);
    expect(ada.messaging.pathTo(bob.identity.peerId)).toMatchObject({ path: 'mailbox', pending: 10 });
    const holders = rig.storeOf(ada).deliveries.holders(
      sent.map((m) => m.id),
      bob.identity.peerId,
    );
    for (const m of sent)
      expect(new Set(holders.get(m.id))).toEqual(new Set([sp1.engine.identity.peerId, sp2.engine.identity.peerId]));

    await rig.join(bob, sp2.engine);
    await waitFor('Bob has them', () => texts(bob, ada).length === 10);
    expect(texts(bob, ada)).toEqual(sent.map((m) => m.text));
    await waitFor('both copies deleted', () => sp1.mailbox.status().messages === 0 && sp2.mailbox.status().messages === 0);
    await waitFor('delivered at Ada, by Bob’s own receipts', () =>
      ada.messaging.listMessages(bob.identity.peerId).every((m) => m.state === 'delivered'),
    );
    expect(sp2.mailbox.status().delivered).toBe(10);
    expect(sp1.mailbox.status().delivered).toBe(10);
  });

  it('loses nothing when the holder Bob would have used dies: the other has a copy', async () => {
    const { sp1, sp2, ada, bob } = await setting();
    for (let i = 0; i < 5; i++) ada.messaging.send(bob.identity.peerId, `kept ${i}`);
    await waitFor('both hold all', () => sp1.mailbox.status().messages === 5 && sp2.mailbox.status().messages === 5);
    sp1.engine.stop();
    await rig.join(bob, sp2.engine);
    await waitFor('Bob has all five', () => texts(bob, ada).length === 5);
  });

  it('keeps the receipt for an author who has gone, and hands it over when she is back', async () => {
    const { sp2, ada, bob, adaLinks } = await setting();
    const message = ada.messaging.send(bob.identity.peerId, 'tell me when you have it');
    await waitFor('held', () => sp2.mailbox.status().messages === 1);
    adaLinks.forEach((close) => close());
    await waitFor('Ada gone', () => !sp2.engine.isLinked(ada.identity.peerId));
    await rig.join(bob, sp2.engine);
    await waitFor('Bob has it', () => texts(bob, ada).length === 1);
    await waitFor('the receipt waits', () => sp2.mailbox.status().receipts === 1);
    expect(ada.messaging.listMessages(bob.identity.peerId)[0]!.state).toBe('sent');
    await rig.join(ada, sp2.engine);
    await waitFor('delivered', () => ada.messaging.listMessages(bob.identity.peerId)[0]?.state === 'delivered');
    expect(ada.messaging.listMessages(bob.identity.peerId)[0]!.id).toBe(message.id);
    expect(sp2.mailbox.status().receipts).toBe(0);
  });

  it('holds group messages too, once per member, and each member reads them', async () => {
    const { sp1, sp2, ada, bob } = await setting();
    const carol = rig.client('Carol');
    introduce(ada, carol);
    const group = ada.messaging.groups.create('Lunch', [bob.identity.peerId, carol.identity.peerId]);
    ada.messaging.send(group.id, 'noon at the usual place?');
    // Two envelopes (the group's creation and the text) for each of two members, on each super peer.
    await waitFor('both hold four', () => sp1.mailbox.status().messages === 4 && sp2.mailbox.status().messages === 4);
    await rig.join(bob, sp1.engine);
    await rig.join(carol, sp2.engine);
    for (const member of [bob, carol])
      await waitFor(`${member.name} reads the group`, () =>
        member.messaging.listMessages(group.id).some((m) => m.text === 'noon at the usual place?'),
      );
    await waitFor('all copies gone', () => sp1.mailbox.status().messages === 0 && sp2.mailbox.status().messages === 0);
    await waitFor('delivered to both at Ada', () =>
      ada.messaging.listMessages(group.id).every((m) => m.receipts === null || m.receipts.delivered === 2),
    );
  });

  it('places mail by XOR distance: with three super peers, the two closest to the recipient hold it', async () => {
    const sps = [rig.superPeer(), rig.superPeer(), rig.superPeer()];
    const [ada, bob] = [rig.client('Ada'), rig.client('Bob')];
    for (const sp of sps) await rig.join(ada, sp.engine);
    introduce(ada, bob);
    await waitFor('Ada knows all three', () => ada.superPeers.linked().length === 3);
    ada.messaging.send(bob.identity.peerId, 'placed');
    const closest = rankHolders(
      bob.identity.peerId,
      sps.map((s) => s.engine.identity.peerId),
    ).slice(0, 2);
    await waitFor('two hold it', () => sps.filter((s) => s.mailbox.status().messages === 1).length === 2);
    expect(
      sps
        .filter((s) => s.mailbox.status().messages === 1)
        .map((s) => s.engine.identity.peerId)
        .sort(),
    ).toEqual([...closest].sort());
  });

  it('share a directory: someone linked to one is found by name, team and interest through the other', async () => {
    const [sp1, sp2] = [rig.superPeer(), rig.superPeer()];
    await rig.join(sp1.engine, sp2.engine);
    const [ada, carol] = [rig.client('Ada Lovelace'), rig.client('Carol Shaw')];
    ada.superPeers.setProfileCard(
      signProfileCard(ada.identity, { team: 'Platform Ops', interests: ['chess', 'Zoë'] }, Date.now()),
    );
    await rig.join(ada, sp1.engine);
    await rig.join(carol, sp2.engine);
    const find = async (query: string) => (await carol.superPeers.search(query)).map((m) => m.record.name);
    await waitFor('the card reached the other super peer', () => sp2.engine.superPeers.directory.card(ada.identity.peerId));
    await waitFor('Carol knows hers is a super peer', () => carol.superPeers.linked().length === 1);
    expect(await find('lovelace')).toEqual(['Ada Lovelace']);
    expect(await find('team:ops')).toEqual(['Ada Lovelace']);
    expect(await find('interest:zoe')).toEqual(['Ada Lovelace']);
    expect(await find('team:sales')).toEqual([]);
    const [hit] = await carol.superPeers.search('platform');
    expect(hit).toMatchObject({ local: true, card: { team: 'Platform Ops', interests: ['chess', 'Zoë'] } });
  });
});
