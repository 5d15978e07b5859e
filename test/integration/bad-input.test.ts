import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { b64, utf8 } from '../../src/core/bytes';
import { Engine } from '../../src/core/engine';
import { generateSecretKey, identityFromSecretKey, type Identity } from '../../src/core/identity';
import { Link } from '../../src/core/link';
import { directMessageKey, newMessageId, sealMessage } from '../../src/core/messaging/message';
import { signPresence } from '../../src/core/presence';
import type { Pipe } from '../../src/core/pipe';
import { encodeFrame } from '../../src/core/wire/codec';
import { MAX_FRAME_BYTES } from '../../src/core/wire/frames';
import { nodePlatform } from '../../src/main/platform';
import { SqliteStore } from '../../src/main/store/sqlite-store';
import { recordingLogger, tempDir, waitFor } from '../support/backends';
import { wrtcPipePair } from '../support/wrtc-pair';

/**
 * A hostile peer that completes a genuine handshake and then sends garbage
 * over a real data channel. Every bad frame must be dropped with a logged
 * reason, never stored, and never take the node down.
 */
describe('a hostile peer', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteStore;
  let engine: Engine;
  let log: ReturnType<typeof recordingLogger>;
  let rogue: Identity;
  let rogueLink: Link;
  let roguePipe: Pipe;
  let received: Uint8Array[];
  let close: () => void;

  beforeEach(async () => {
    dir = tempDir();
    log = recordingLogger('warn');
    const platform = nodePlatform(log);
    store = new SqliteStore(join(dir.path, 'lanline.db'));
    engine = new Engine({
      identity: identityFromSecretKey(generateSecretKey(platform.randomBytes)),
      platform,
      store,
      name: 'Victim',
      role: 'basic',
    });
    rogue = identityFromSecretKey(generateSecretKey(platform.randomBytes));
    const pair = await wrtcPipePair();
    close = pair.close;
    roguePipe = pair.b;
    received = [];
    roguePipe.onDidReceive((data) => received.push(data));
    rogueLink = new Link(roguePipe, {
      identity: rogue,
      platform: nodePlatform(recordingLogger()),
      localName: 'Rogue',
      localRole: 'basic',
      expectedPeer: engine.identity.peerId,
    });
    await Promise.all([engine.attach(pair.a, rogue.peerId), rogueLink.open()]);
  });

  afterEach(() => {
    engine.stop();
    close();
    store.close();
    dir.remove();
  });

  const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
  const sealedBy = (author: Identity, text: string, options: { sentAt?: number; key?: Uint8Array } = {}) =>
    sealMessage(
      author,
      options.key ?? directMessageKey(author, engine.identity.peerId),
      { id: newMessageId(random), to: engine.identity.peerId, sentAt: options.sentAt ?? Date.now(), content: { text } },
      random,
    );
  const validMessage = (text: string, overrides: Record<string, unknown> = {}) => ({ ...sealedBy(rogue, text), ...overrides });
  const sendRaw = (value: unknown) => roguePipe.send(typeof value === 'string' ? utf8.encode(value) : (value as Uint8Array));
  const dropReasons = () =>
    log.lines
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'dropped frame')
      .map((l) => l.reason);

  it('drops each kind of bad frame with its reason, stores none, and keeps serving', async () => {
    const other = identityFromSecretKey(generateSecretKey((n) => crypto.getRandomValues(new Uint8Array(n))));
    const forgedByOther = sealedBy(other, 'I am someone else');
    const honest = validMessage('tampered');
    const tamperedBody = { ...honest, body: (honest.body[0] === 'A' ? 'B' : 'A') + honest.body.slice(1) };

    sendRaw('{not json');
    sendRaw(new Uint8Array(MAX_FRAME_BYTES + 1).fill(0x7b));
    sendRaw(JSON.stringify({ v: 1, t: 'launch-missiles' }));
    sendRaw(JSON.stringify({ v: 1, t: 'msg', message: { ...validMessage('x'), extra: 1 } }));
    sendRaw(JSON.stringify({ v: 1, t: 'msg', message: tamperedBody }));
    sendRaw(JSON.stringify({ v: 1, t: 'msg', message: { ...validMessage('bad sig'), sig: b64.encode(new Uint8Array(64)) } }));
    sendRaw(encodeFrame({ t: 'msg', message: forgedByOther }));
    sendRaw(encodeFrame({ t: 'msg', message: sealedBy(rogue, 'from the future', { sentAt: Date.now() + 3_600_000 }) }));
    // Signed by the rogue, but sealed under a key that is not the pair's: nothing to read.
    sendRaw(encodeFrame({ t: 'msg', message: sealedBy(rogue, 'sealed for someone else', { key: random(32) }) }));
    sendRaw(JSON.stringify({ v: 2, t: 'msg' }));

    await waitFor('all ten drops', () => dropReasons().length >= 10);
    expect(dropReasons()).toEqual([
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
    ]);
    // An unknown version gets a clear error frame back.
    await waitFor('an error frame', () => received.some((d) => utf8.decode(d).includes('"unsupported-version"')));
    expect(store.listMessages(rogue.peerId)).toEqual([]);
    expect(store.listMessages(other.peerId)).toEqual([]);

    // The node is still there and still serves the same peer honestly.
    const good = validMessage('finally, a real message');
    rogueLink.send({ t: 'msg', message: good });
    await waitFor('the good message to be stored', () => store.getMessage(good.id));
    await waitFor('its ack', () => received.some((d) => utf8.decode(d).includes(`"ack","id":"${good.id}"`)));
  });

  it('ignores gossip records that are forged, expired or tampered, and learns the good ones', async () => {
    const other = identityFromSecretKey(generateSecretKey((n) => crypto.getRandomValues(new Uint8Array(n))));
    const now = Date.now();
    const good = signPresence(other, { name: 'Carol', role: 'basic', addresses: ['127.0.0.1:9'] }, now);
    const tampered = { ...good, name: 'Carol (admin)' };
    const expired = signPresence(other, { name: 'Carol', role: 'basic', addresses: [] }, now - 3_600_000);
    const learned: string[] = [];
    engine.onDidLearnPresence.on((r) => learned.push(r.name));

    rogueLink.send({ t: 'peers', records: [tampered, expired] });
    await waitFor('two refusals', () => log.lines.filter((l) => l.includes('presence record')).length >= 2);
    expect(log.lines.filter((l) => l.includes('presence record')).map((l) => JSON.parse(l).detail)).toEqual([
      expect.stringContaining('bad signature'),
      expect.stringContaining('expired'),
    ]);
    rogueLink.send({ t: 'peers', records: [good] });
    await waitFor('Carol learned', () => learned.includes('Carol'));
    expect(learned).toEqual(['Carol']);
    expect(engine.getPeer(other.peerId)).toMatchObject({ name: 'Carol', online: false });
  });

  it('cuts off a peer that keeps sending garbage', async () => {
    for (let i = 0; i < 40 && roguePipe.isOpen; i++) sendRaw(`garbage ${i}`);
    await waitFor('the link to close', () => !engine.isLinked(rogue.peerId));
  });
});
