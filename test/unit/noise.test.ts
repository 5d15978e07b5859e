import { afterEach, describe, expect, it } from 'vitest';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { utf8 } from '../../src/core/bytes';
import { x25519PublicKeyOf } from '../../src/core/crypto/conversation-keys';
import { generateSecretKey, identityFromSecretKey, type Identity } from '../../src/core/identity';
import { HandshakeError, HandshakeState, IK, XX, x25519Key, type HandshakePattern } from '../../src/core/noise/handshake';
import { noiseHkdf } from '../../src/core/noise/symmetric-state';
import {
  MAX_FRAGMENT_BYTES,
  SECURE_PIPE_PROLOGUE,
  SecurePipe,
  secureChannel,
  type SecureChannelFailure,
} from '../../src/core/noise/secure-pipe';
import { FaultyLink, type Fault } from '../support/faulty-pipes';

interface Vector {
  protocol_name: string;
  init_prologue: string;
  init_static: string;
  init_ephemeral: string;
  init_remote_static?: string;
  resp_static: string;
  resp_ephemeral: string;
  handshake_hash: string;
  messages: { payload: string; ciphertext: string }[];
}
const { vectors } = JSON.parse(readFileSync(join(import.meta.dirname, 'vectors/noise-cacophony.json'), 'utf8')) as {
  vectors: Vector[];
};
const random = (n: number) => new Uint8Array(randomBytes(n));
const noRandom = () => {
  throw new Error('a vector run must not draw randomness');
};

describe('Noise, against the cacophony test vectors', () => {
  const patterns: Record<string, HandshakePattern> = { XX, IK };
  it.each(vectors.map((v) => [v.protocol_name, v] as const))('%s', (name, v) => {
    const pattern = patterns[name.split('_')[1]!]!;
    const prologue = hexToBytes(v.init_prologue);
    const initiator = new HandshakeState({
      pattern,
      initiator: true,
      prologue,
      s: x25519Key(hexToBytes(v.init_static)),
      e: x25519Key(hexToBytes(v.init_ephemeral)),
      rs: v.init_remote_static ? hexToBytes(v.init_remote_static) : undefined,
      randomBytes: noRandom,
    });
    const responder = new HandshakeState({
      pattern,
      initiator: false,
      prologue,
      s: x25519Key(hexToBytes(v.resp_static)),
      e: x25519Key(hexToBytes(v.resp_ephemeral)),
      randomBytes: noRandom,
    });
    const handshakeLength = pattern.messages.length;
    // These vectors record the handshake hash as the last handshake message
    // begins (their one-message patterns give the hash after the pre-messages).
    // Every ciphertext below depends on it as associated data, the final one included.
    let hashBeforeLast = '';
    v.messages.slice(0, handshakeLength).forEach((m, i) => {
      const [writer, reader] = i % 2 === 0 ? [initiator, responder] : [responder, initiator];
      if (i === handshakeLength - 1) hashBeforeLast = bytesToHex(writer.handshakeHash);
      const message = writer.writeMessage(hexToBytes(m.payload));
      expect(bytesToHex(message)).toBe(m.ciphertext);
      expect(bytesToHex(reader.readMessage(message))).toBe(m.payload);
    });
    expect(hashBeforeLast).toBe(v.handshake_hash);
    expect(bytesToHex(initiator.handshakeHash)).toBe(bytesToHex(responder.handshakeHash));
    const [i, r] = [initiator.split(), responder.split()];
    v.messages.slice(handshakeLength).forEach((m, k) => {
      const fromInitiator = (handshakeLength + k) % 2 === 0;
      const [send, receive] = fromInitiator ? [i.send, r.receive] : [r.send, i.receive];
      const ciphertext = send.encryptWithAd(new Uint8Array(0), hexToBytes(m.payload));
      expect(bytesToHex(ciphertext)).toBe(m.ciphertext);
      expect(bytesToHex(receive.decryptWithAd(new Uint8Array(0), ciphertext))).toBe(m.payload);
    });
  });

  it('HKDF is RFC 5869 with an empty info, as Noise §4.3 says', async () => {
    const { hkdf } = await import('@noble/hashes/hkdf.js');
    const { sha256 } = await import('@noble/hashes/sha2.js');
    const [ck, ikm] = [random(32), random(32)];
    const [a, b] = noiseHkdf(ck, ikm);
    expect(bytesToHex(new Uint8Array([...a, ...b]))).toBe(bytesToHex(hkdf(sha256, ikm, ck, new Uint8Array(0), 64)));
  });

  it('refuses a handshake message that was altered, and one read out of turn', () => {
    const init = () => ({ prologue: new Uint8Array(0), randomBytes: random });
    const a = new HandshakeState({ ...init(), pattern: XX, initiator: true, s: x25519Key(random(32)) });
    const b = new HandshakeState({ ...init(), pattern: XX, initiator: false, s: x25519Key(random(32)) });
    b.readMessage(a.writeMessage(new Uint8Array(0)));
    const second = b.writeMessage(new Uint8Array(0));
    second[40]! ^= 1;
    expect(() => a.readMessage(second)).toThrow(HandshakeError);
    expect(() => b.readMessage(new Uint8Array(32))).toThrow(HandshakeError);
  });
});

describe('identity keys as Noise static keys', () => {
  it('the identity’s DH and its peer id’s Montgomery form are one X25519 key pair', () => {
    const secret = generateSecretKey(random);
    const identity = identityFromSecretKey(secret);
    const montgomerySecret = ed25519.utils.toMontgomerySecret(secret);
    expect(bytesToHex(x25519PublicKeyOf(identity.peerId))).toBe(bytesToHex(x25519.getPublicKey(montgomerySecret)));
    const other = x25519Key(random(32));
    expect(bytesToHex(identity.dh(other.publicKey))).toBe(bytesToHex(other.dh(x25519PublicKeyOf(identity.peerId))));
  });
});

describe('the secure pipe', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => cleanup.splice(0).forEach((undo) => undo()));
  const person = (): Identity => identityFromSecretKey(generateSecretKey(random));

  /** Runs the handshake over a queued in-memory transport, pumping it by hand. */
  async function pair(options: { responderExpects?: Identity; initiatorExpects?: Identity } = {}) {
    const [ada, bob] = [person(), person()];
    const link = new FaultyLink();
    cleanup.push(() => link.close());
    const a = new SecurePipe(link.a, {
      identity: ada,
      initiator: true,
      remote: (options.initiatorExpects ?? bob).peerId,
      randomBytes: random,
    });
    const b = new SecurePipe(link.b, {
      identity: bob,
      initiator: false,
      remote: (options.responderExpects ?? ada).peerId,
      randomBytes: random,
    });
    const settled = Promise.allSettled([a.ready, b.ready]);
    for (let i = 0; i < 4 && link.pending > 0; i++) link.deliverQueued();
    const [ra, rb] = await settled;
    return { ada, bob, link, a, b, ra, rb };
  }

  const failureOf = (pipe: SecurePipe): SecureChannelFailure | undefined => pipe.failure?.reason;

  it('opens in three messages, and carries messages both ways, including ones longer than a Noise message', async () => {
    const { link, a, b, ra, rb } = await pair();
    expect([ra.status, rb.status]).toEqual(['fulfilled', 'fulfilled']);
    const atB: Uint8Array[] = [];
    const atA: Uint8Array[] = [];
    b.onDidReceive((m) => atB.push(m));
    a.onDidReceive((m) => atA.push(m));
    const big = random(2 * MAX_FRAGMENT_BYTES + 123);
    a.send(utf8.encode('hello Bob'));
    a.send(big);
    a.send(new Uint8Array(0));
    b.send(utf8.encode('hello Ada'));
    link.deliverQueued();
    expect(atB.map((m) => m.length)).toEqual([9, big.length, 0]);
    expect(bytesToHex(atB[1]!)).toBe(bytesToHex(big));
    expect(utf8.decode(atA[0]!)).toBe('hello Ada');
    expect(a.route).toBe('direct');
  });

  it('shows the carrier nothing but ciphertext', async () => {
    const { link, a, b } = await pair();
    const carried: Uint8Array[] = [];
    const original = link.b.deliver.bind(link.b);
    link.b.deliver = (data) => (carried.push(data), original(data));
    b.onDidReceive(() => {});
    const secret = utf8.encode('the quarterly numbers are 42');
    a.send(secret);
    link.deliverQueued();
    expect(carried).toHaveLength(1);
    expect(Buffer.from(carried[0]!).includes(Buffer.from(secret))).toBe(false);
    expect(carried[0]!.length).toBe(secret.length + 1 + 16);
  });

  it('refuses to open with anyone but the expected peer, on either side', async () => {
    const mallory = person();
    // The prologue binds both peer ids, so a side expecting someone else fails the handshake itself.
    const wrongResponder = await pair({ initiatorExpects: mallory });
    expect(failureOf(wrongResponder.a)).toBe('handshake-failed');
    expect(wrongResponder.rb.status).toBe('rejected');
    const wrongInitiator = await pair({ responderExpects: mallory });
    expect(failureOf(wrongInitiator.a)).toBe('handshake-failed');
    expect(wrongInitiator.rb.status).toBe('rejected');
  });

  it('an impostor who names Bob but proves another key is refused before Ada reveals her key', async () => {
    const [ada, bob] = [person(), person()];
    const link = new FaultyLink();
    cleanup.push(() => link.close());
    const fromAda: Uint8Array[] = [];
    link.b.onDidReceive((m) => fromAda.push(m));
    const a = new SecurePipe(link.a, { identity: ada, initiator: true, remote: bob.peerId, randomBytes: random });
    const impostor = new HandshakeState({
      pattern: XX,
      initiator: false,
      prologue: utf8.encode(`${SECURE_PIPE_PROLOGUE}\n${ada.peerId}\n${bob.peerId}`),
      s: x25519Key(random(32)),
      randomBytes: random,
    });
    link.deliverQueued();
    impostor.readMessage(fromAda[0]!);
    link.b.send(impostor.writeMessage(new Uint8Array(0)));
    link.deliverQueued();
    await expect(a.ready).rejects.toMatchObject({ reason: 'wrong-peer' });
    link.deliverQueued();
    expect(fromAda).toHaveLength(1);
  });

  it.each<[Fault, string]>([
    ['corrupt', 'an altered byte'],
    ['duplicate', 'a replayed message'],
    ['swap', 'two messages reordered'],
    ['drop', 'a lost message'],
  ])('closes on %s (%s) and delivers nothing unauthentic', async (fault) => {
    const { link, a, b } = await pair();
    const received: string[] = [];
    b.onDidReceive((m) => received.push(utf8.decode(m)));
    link.inject('ab', fault);
    for (const text of ['one', 'two', 'three']) a.send(utf8.encode(text));
    link.deliverQueued();
    expect(failureOf(b)).toBe('undecryptable');
    expect(b.isOpen).toBe(false);
    // Whatever arrived before the fault is genuine and in order; nothing after it is delivered.
    expect(['one', 'two', 'three'].slice(0, received.length)).toEqual(received);
    expect(received.length).toBeLessThan(3);
  });

  it('refuses a message reassembled past its limit', async () => {
    const [ada, bob] = [person(), person()];
    const link = new FaultyLink();
    cleanup.push(() => link.close());
    const a = new SecurePipe(link.a, { identity: ada, initiator: true, remote: bob.peerId, randomBytes: random });
    const b = new SecurePipe(link.b, {
      identity: bob,
      initiator: false,
      remote: ada.peerId,
      randomBytes: random,
      maxMessageBytes: 100_000,
    });
    for (let i = 0; i < 4; i++) link.deliverQueued();
    await Promise.all([a.ready, b.ready]);
    a.send(random(100_001));
    link.deliverQueued();
    expect(failureOf(b)).toBe('oversized');
  });

  it('gives up on a handshake that never finishes', async () => {
    const [ada, bob] = [person(), person()];
    const link = new FaultyLink();
    cleanup.push(() => link.close());
    await expect(
      secureChannel(link.a, { identity: ada, initiator: true, remote: bob.peerId, randomBytes: random, timeoutMs: 50 }),
    ).rejects.toMatchObject({ reason: 'handshake-timeout' });
  });

  it('ends when the transport closes, and close() is quiet', async () => {
    const { a, b, link } = await pair();
    link.close();
    expect(a.isOpen).toBe(false);
    expect(b.isOpen).toBe(false);
    const again = await pair();
    again.a.close();
    expect(again.a.failure).toBeUndefined();
    expect(again.b.isOpen).toBe(false);
  });
});
