import { afterEach, describe, expect, it } from 'vitest';
import { b64 } from '../../src/core/bytes';
import type { Frame } from '../../src/core/wire/frames';
import { waitFor } from '../support/backends';
import { directEnvelope, mailboxRig, newIdentity } from '../support/mailbox-rig';

/**
 * A super peer's mailbox against peers that break its rules: every refusal is
 * a `mail-refused` frame with a code and a reason, nothing refused is stored,
 * quotas and expiry hold, only the recipient (proven by its link) may fetch,
 * and a peer that keeps misbehaving is disconnected and backed off.
 */
/** The mailbox's answers among everything else a link carries (gossip, summaries). */
const answers = (peer: { frames: Frame[] }) => peer.frames.filter((f) => f.t === 'deposited' || f.t === 'mail-refused');

describe('a super peer’s mailbox, refusing', () => {
  const rig = mailboxRig();
  afterEach(() => rig.stopAll());

  it('refuses forged, tampered, borrowed, misaddressed and future envelopes, each with its reason, and stores none', async () => {
    const sp = rig.superPeer();
    const rogue = await rig.rogue(sp.engine);
    const bob = newIdentity().peerId;
    const carol = newIdentity().peerId;
    const someoneElse = newIdentity();
    const honest = directEnvelope(rogue.identity, bob, 'hello');
    const cases = [
      { message: { ...honest, sig: b64.encode(new Uint8Array(64)) }, to: bob, code: 'bad-signature' },
      {
        message: { ...honest, body: (honest.body[0] === 'A' ? 'B' : 'A') + honest.body.slice(1) },
        to: bob,
        code: 'bad-signature',
      },
      { message: directEnvelope(someoneElse, bob, 'not yours to give'), to: bob, code: 'not-author' },
      { message: directEnvelope(rogue.identity, bob, 'wrong queue'), to: carol, code: 'bad-address' },
      {
        message: directEnvelope(rogue.identity, sp.engine.identity.peerId, 'for the super peer'),
        to: sp.engine.identity.peerId,
        code: 'bad-address',
      },
      { message: directEnvelope(rogue.identity, bob, 'from the future', 1, Date.now() + 3_600_000), to: bob, code: 'clock-skew' },
    ] as const;
    for (const c of cases) rogue.link.send({ t: 'deposit', to: c.to, message: c.message });
    const refused = await waitFor('every refusal', () =>
      rogue.of('mail-refused').length >= cases.length ? rogue.of('mail-refused') : undefined,
    );
    expect(refused.map((f) => [f.code, f.id, f.to])).toEqual(cases.map((c) => [c.code, c.message.id, c.to]));
    for (const f of refused) expect(f.reason.length).toBeGreaterThan(10);
    expect(rogue.of('deposited')).toEqual([]);
    expect(sp.mailbox.status()).toMatchObject({ messages: 0, deposits: 0 });
  });

  it('holds a message once however often it is deposited, and refuses past each quota with its code', async () => {
    const sp = rig.superPeer({ maxMessagesPerRecipient: 3, maxMessagesPerDepositor: 5, maxMessages: 6 });
    const ada = await rig.rogue(sp.engine);
    const eve = await rig.rogue(sp.engine);
    const [bob, carol, dave] = [newIdentity().peerId, newIdentity().peerId, newIdentity().peerId];
    const first = directEnvelope(ada.identity, bob, 'once');
    ada.link.send({ t: 'deposit', to: bob, message: first });
    ada.link.send({ t: 'deposit', to: bob, message: first });
    for (let i = 2; i <= 4; i++)
      ada.link.send({ t: 'deposit', to: bob, message: directEnvelope(ada.identity, bob, `bob ${i}`, i) });
    for (let i = 1; i <= 3; i++)
      ada.link.send({ t: 'deposit', to: carol, message: directEnvelope(ada.identity, carol, `carol ${i}`, i) });
    await waitFor('Ada’s answers', () => answers(ada).length >= 8);
    // Bob's queue takes three; Ada may hold five in all (3 for Bob, 2 for Carol).
    expect(ada.of('deposited').map((f) => f.to)).toEqual([bob, bob, bob, bob, carol, carol]);
    expect(ada.of('mail-refused').map((f) => [f.code, f.to])).toEqual([
      ['recipient-full', bob],
      ['depositor-full', carol],
    ]);
    eve.link.send({ t: 'deposit', to: dave, message: directEnvelope(eve.identity, dave, 'fits') });
    eve.link.send({ t: 'deposit', to: dave, message: directEnvelope(eve.identity, dave, 'does not', 2) });
    await waitFor('Eve’s answers', () => answers(eve).length >= 2);
    expect(eve.of('deposited')).toHaveLength(1);
    expect(eve.of('mail-refused')).toMatchObject([{ code: 'full', reason: 'this mailbox is full' }]);
    expect(sp.mailbox.status()).toMatchObject({ messages: 6, deposits: 6 });
  });

  it('counts bytes too, per recipient', async () => {
    const sp = rig.superPeer({ maxBytesPerRecipient: 2000 });
    const ada = await rig.rogue(sp.engine);
    const bob = newIdentity().peerId;
    ada.link.send({ t: 'deposit', to: bob, message: directEnvelope(ada.identity, bob, 'x'.repeat(500)) });
    ada.link.send({ t: 'deposit', to: bob, message: directEnvelope(ada.identity, bob, 'y'.repeat(500), 2) });
    await waitFor('answers', () => answers(ada).length >= 2);
    expect(answers(ada).map((f) => f.t)).toEqual(['deposited', 'mail-refused']);
    expect(ada.of('mail-refused')[0]).toMatchObject({
      code: 'recipient-full',
      reason: expect.stringMatching(/1 messages \(\d+ bytes\)/),
    });
    expect(sp.mailbox.status().bytes).toBeLessThanOrEqual(2000);
  });

  it('slows a depositor over its rate, with when to come back', async () => {
    const sp = rig.superPeer({ depositsPerSecond: 1, depositBurst: 2 });
    const ada = await rig.rogue(sp.engine);
    const bob = newIdentity().peerId;
    for (let i = 1; i <= 3; i++) ada.link.send({ t: 'deposit', to: bob, message: directEnvelope(ada.identity, bob, `${i}`, i) });
    await waitFor('answers', () => answers(ada).length >= 3);
    expect(ada.of('deposited')).toHaveLength(2);
    expect(ada.of('mail-refused')).toMatchObject([{ code: 'throttled', retryAfterMs: expect.any(Number) }]);
  });

  it('gives mail only to its recipient, proven by the link: a fetch for someone else is refused', async () => {
    const sp = rig.superPeer();
    const ada = await rig.rogue(sp.engine);
    const bobIdentity = newIdentity();
    ada.link.send({
      t: 'deposit',
      to: bobIdentity.peerId,
      message: directEnvelope(ada.identity, bobIdentity.peerId, 'for Bob only'),
    });
    await waitFor('held', () => ada.of('deposited').length === 1);
    const eve = await rig.rogue(sp.engine);
    eve.link.send({ t: 'fetch', for: bobIdentity.peerId });
    await waitFor('refused', () => eve.of('mail-refused').length === 1);
    expect(eve.of('mail-refused')[0]).toMatchObject({
      code: 'not-yours',
      reason: 'only the recipient, on its own link, may fetch its mail',
    });
    expect(eve.of('fwd')).toEqual([]);
    // Bob, on his own link, gets it as a forward from its author through the super peer.
    const bob = await rig.rogue(sp.engine, bobIdentity);
    bob.link.send({ t: 'fetch', for: bobIdentity.peerId });
    await waitFor('delivered to Bob', () => bob.of('fwd').length === 1);
    expect(bob.of('fetched')).toMatchObject([{ held: 1 }]);
    expect(bob.of('fwd')[0]).toMatchObject({ to: bobIdentity.peerId, path: [ada.identity.peerId, sp.engine.identity.peerId] });
    expect(sp.mailbox.status().messages).toBe(1); // until Bob's signed receipt
  });

  it('starts the delivery window over when the recipient fetches on a new link, and gives up on mail never confirmed', async () => {
    const sp = rig.superPeer({ deliveryWindow: 4, maxDeliveries: 2 });
    const ada = await rig.rogue(sp.engine);
    const bobIdentity = newIdentity();
    for (let i = 1; i <= 6; i++)
      ada.link.send({
        t: 'deposit',
        to: bobIdentity.peerId,
        message: directEnvelope(ada.identity, bobIdentity.peerId, `m${i}`, i),
      });
    await waitFor('held', () => sp.mailbox.status().messages === 6);
    // A recipient that never sends its receipts gets a window's worth, and no more.
    const first = await rig.rogue(sp.engine, bobIdentity);
    first.link.send({ t: 'fetch', for: bobIdentity.peerId });
    await waitFor('a window', () => first.of('fwd').length === 4);
    // Its link is replaced by a newer one (a reconnect): the new fetch gets the window again at once.
    const second = await rig.rogue(sp.engine, bobIdentity);
    second.link.send({ t: 'fetch', for: bobIdentity.peerId });
    await waitFor('the window again', () => second.of('fwd').length === 4);
    expect(second.of('fwd').map((f) => f.message.id)).toEqual(first.of('fwd').map((f) => f.message.id));
    // Sent twice without a receipt (the limit here): the next turn deletes them as undeliverable.
    sp.mailbox.sweep();
    rig.clock.skew = 20_000;
    sp.mailbox.sweep();
    await waitFor('the undeliverable ones gone', () => sp.mailbox.status().undeliverable === 4);
    expect(sp.mailbox.status().messages).toBe(2);
  });

  it('deletes mail nobody fetched once it expires', async () => {
    const sp = rig.superPeer({ expiryMs: 60_000 });
    const ada = await rig.rogue(sp.engine);
    const bob = newIdentity().peerId;
    ada.link.send({ t: 'deposit', to: bob, message: directEnvelope(ada.identity, bob, 'stale') });
    await waitFor('held', () => sp.mailbox.status().messages === 1);
    sp.mailbox.sweep();
    expect(sp.mailbox.status().messages).toBe(1);
    rig.clock.skew = 61_000;
    sp.mailbox.sweep();
    expect(sp.mailbox.status()).toMatchObject({ messages: 0, expired: 1 });
  });

  it('disconnects a peer that keeps breaking the rules and refuses its links while it is backed off', async () => {
    const sp = rig.superPeer({ maxStrikes: 4, backoffMs: 60_000 });
    const rogue = await rig.rogue(sp.engine);
    const victim = newIdentity().peerId;
    for (let i = 0; i < 4; i++) rogue.link.send({ t: 'fetch', for: victim });
    await rogue.closed;
    const refused = rogue.of('mail-refused');
    expect(refused.map((f) => f.code)).toEqual(['not-yours', 'not-yours', 'not-yours', 'not-yours', 'misbehaving']);
    expect(refused.at(-1)).toMatchObject({ retryAfterMs: 60_000, reason: expect.stringMatching(/come back in 60 s/) });
    expect(sp.mailbox.admits(rogue.identity.peerId)).toBe(false);
    await expect(rig.rogue(sp.engine, rogue.identity)).rejects.toThrow();
    expect(sp.engine.isLinked(rogue.identity.peerId)).toBe(false);
  });

  it('a node that is not a super peer says so', async () => {
    const plain = rig.client('Plain');
    const ada = await rig.rogue(plain);
    const bob = newIdentity().peerId;
    ada.link.send({ t: 'deposit', to: bob, message: directEnvelope(ada.identity, bob, 'anyone?') });
    ada.link.send({ t: 'fetch', for: ada.identity.peerId });
    ada.link.send({ t: 'dir-query', ref: 7, query: 'ops' });
    await waitFor('answers', () => answers(ada).length >= 3);
    expect(ada.of('mail-refused').map((f) => [f.code, f.ref])).toEqual([
      ['not-a-mailbox', undefined],
      ['not-a-mailbox', undefined],
      ['not-a-mailbox', 7],
    ]);
  });
});
