import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { b64, utf8 } from '../../src/core/bytes';
import { generateSecretKey, identityFromSecretKey } from '../../src/core/identity';
import { signPresence } from '../../src/core/presence';
import { encodeFrame } from '../../src/core/wire/codec';
import { MAX_BODY_CHARS, MAX_DEPS, MAX_FRAME_BYTES } from '../../src/core/wire/frames';
import { waitFor } from '../support/backends';
import { startHostilePeer, type HostilePeer } from '../support/hostile-peer';

/**
 * A hostile peer that completes a genuine handshake and then sends garbage
 * over a real data channel. Every bad frame must be dropped with a logged
 * reason, never stored, and never take the node down.
 */
describe('a hostile peer', () => {
  let peer: HostilePeer;
  beforeEach(async () => {
    peer = await startHostilePeer();
  });
  afterEach(() => peer.stop());

  const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
  const stranger = () => identityFromSecretKey(generateSecretKey(random));

  it('drops each kind of bad frame with its reason, stores none, and keeps serving', async () => {
    const { engine, store, rogue } = peer;
    const other = stranger();
    const honest = peer.envelope('tampered');
    const tamperedBody = { ...honest, body: (honest.body[0] === 'A' ? 'B' : 'A') + honest.body.slice(1) };
    const tooManyDeps = Array.from({ length: MAX_DEPS + 1 }, () => [other.peerId, 1] as [string, number]);

    peer.sendRaw('{not json');
    peer.sendRaw(new Uint8Array(MAX_FRAME_BYTES + 1).fill(0x7b));
    peer.sendRaw(JSON.stringify({ v: 1, t: 'launch-missiles' }));
    peer.sendRaw(JSON.stringify({ v: 1, t: 'msg', message: { ...peer.envelope('x'), extra: 1 } }));
    peer.sendRaw(JSON.stringify({ v: 1, t: 'msg', message: tamperedBody }));
    peer.sendRaw(
      JSON.stringify({ v: 1, t: 'msg', message: { ...peer.envelope('bad sig'), sig: b64.encode(new Uint8Array(64)) } }),
    );
    // Properly signed by someone else, handed over by the rogue as if it were theirs to give.
    peer.sendRaw(encodeFrame({ t: 'msg', message: peer.envelope('I am someone else', { author: other }) }));
    peer.sendRaw(encodeFrame({ t: 'msg', message: peer.envelope('from the future', { at: Date.now() + 3_600_000 }) }));
    // Signed by the rogue, but sealed under a key that is not the pair's: nothing to read.
    peer.sendRaw(encodeFrame({ t: 'msg', message: peer.envelope('sealed for someone else', { key: random(32) }) }));
    peer.sendRaw(JSON.stringify({ v: 2, t: 'msg' }));
    peer.sendRaw(JSON.stringify({ v: 1, t: 'msg', message: { ...peer.envelope('deps'), deps: tooManyDeps } }));
    peer.sendRaw(JSON.stringify({ v: 1, t: 'msg', message: { ...peer.envelope('big'), body: 'A'.repeat(MAX_BODY_CHARS + 4) } }));
    // A membership change has no place in a one-to-one chat.
    peer.sendRaw(encodeFrame({ t: 'msg', message: peer.envelope({ k: 'group', op: 'rename', name: 'x' }) }));

    const expected = [
      'malformed',
      'oversized',
      'unknown-type',
      'schema',
      'bad-signature',
      'bad-signature',
      'impersonation',
      'clock-skew',
      'undecryptable',
      'unsupported-version',
      'schema',
      'schema',
      'unexpected',
    ];
    await waitFor('every drop', () => peer.dropReasons().length >= expected.length);
    expect(peer.dropReasons()).toEqual(expected);
    // An unknown version gets a clear error frame back.
    await waitFor('an error frame', () => peer.received.some((d) => utf8.decode(d).includes('"unsupported-version"')));
    expect(store.listMessages(rogue.peerId)).toEqual([]);
    expect(store.listMessages(other.peerId)).toEqual([]);
    expect(store.held()).toEqual([]);

    // The node is still there and still serves the same peer honestly.
    const good = peer.envelope('finally, a real message', { seq: 1 });
    peer.link.send({ t: 'msg', message: good });
    await waitFor('the good message to be stored', () => store.getMessage(good.id));
    await waitFor('its ack', () => peer.received.some((d) => utf8.decode(d).includes(`"ack","id":"${good.id}"`)));
    expect(engine.messaging.listMessages(rogue.peerId).map((m) => m.text)).toEqual(['finally, a real message']);
  });

  it('refuses edits and deletes of messages the sender did not write', async () => {
    const { engine, store, rogue } = peer;
    const mine = engine.messaging.send(rogue.peerId, 'my words');
    peer.link.send({ t: 'msg', message: peer.envelope({ k: 'edit', target: mine.id, text: 'your words' }, { seq: 1 }) });
    peer.link.send({ t: 'msg', message: peer.envelope({ k: 'delete', target: mine.id }, { seq: 2 }) });
    await waitFor('both stored', () => store.lastSeq(rogue.peerId, rogue.peerId) === 2);
    expect(engine.messaging.listMessages(rogue.peerId)[0]).toMatchObject({ text: 'my words', deleted: false, editedAt: null });
  });

  it('ignores gossip records that are forged, expired or tampered, and learns the good ones', async () => {
    const { engine, log } = peer;
    const other = stranger();
    const now = Date.now();
    const good = signPresence(other, { name: 'Carol', role: 'basic', addresses: ['127.0.0.1:9'] }, now);
    const tampered = { ...good, name: 'Carol (admin)' };
    const expired = signPresence(other, { name: 'Carol', role: 'basic', addresses: [] }, now - 3_600_000);
    const learned: string[] = [];
    engine.onDidLearnPresence.on((r) => learned.push(r.name));

    peer.link.send({ t: 'peers', records: [tampered, expired] });
    await waitFor('two refusals', () => log.lines.filter((l) => l.includes('presence record')).length >= 2);
    expect(log.lines.filter((l) => l.includes('presence record')).map((l) => JSON.parse(l).detail)).toEqual([
      expect.stringContaining('bad signature'),
      expect.stringContaining('expired'),
    ]);
    peer.link.send({ t: 'peers', records: [good] });
    await waitFor('Carol learned', () => learned.includes('Carol'));
    expect(learned).toEqual(['Carol']);
    expect(engine.getPeer(other.peerId)).toMatchObject({ name: 'Carol', online: false });
  });

  it('cuts off a peer that keeps sending garbage', async () => {
    for (let i = 0; i < 40 && peer.pipe.isOpen; i++) peer.sendRaw(`garbage ${i}`);
    await waitFor('the link to close', () => !peer.engine.isLinked(peer.rogue.peerId));
  });
});
