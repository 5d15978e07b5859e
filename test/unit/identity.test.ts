import { describe, expect, it } from 'vitest';
import { hexToBytes, bytesToHex } from '@noble/hashes/utils.js';
import { b64 } from '../../src/core/bytes';
import { canonicalJson } from '../../src/core/canonical';
import {
  identityFromSecretKey,
  peerIdFromPublicKey,
  publicKeyFromPeerId,
  verifySignature,
  PEER_ID_PATTERN,
} from '../../src/core/identity';
import { directKey, newMessageId, openEnvelope, sealEnvelope, verifyEnvelope } from '../../src/core/messaging/envelope';

// RFC 8032 §7.1, TEST 1.
const RFC_SECRET = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const RFC_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe('identity', () => {
  it('derives the RFC 8032 public key and a peer id that round-trips to it', () => {
    const identity = identityFromSecretKey(RFC_SECRET);
    expect(bytesToHex(identity.publicKey)).toBe(RFC_PUBLIC);
    expect(identity.peerId).toMatch(PEER_ID_PATTERN);
    expect(bytesToHex(publicKeyFromPeerId(identity.peerId))).toBe(RFC_PUBLIC);
    expect(peerIdFromPublicKey(identity.publicKey)).toBe(identity.peerId);
  });

  it('signatures verify only for the same domain, payload and key', () => {
    const ada = identityFromSecretKey(random(32));
    const eve = identityFromSecretKey(random(32));
    const payload = { b: 2, a: 'x' };
    const sig = ada.sign('hello', payload);
    expect(verifySignature(ada.peerId, 'hello', { a: 'x', b: 2 }, sig)).toBe(true);
    expect(verifySignature(ada.peerId, 'message', payload, sig)).toBe(false);
    expect(verifySignature(ada.peerId, 'hello', { ...payload, b: 3 }, sig)).toBe(false);
    expect(verifySignature(eve.peerId, 'hello', payload, sig)).toBe(false);
    expect(verifySignature('not-a-peer', 'hello', payload, sig)).toBe(false);
  });

  it('canonical JSON ignores key order and refuses non-integers', () => {
    expect(canonicalJson({ b: [1, { d: null, c: true }], a: 'é' })).toBe('{"a":"é","b":[1,{"c":true,"d":null}]}');
    expect(() => canonicalJson({ x: 1.5 })).toThrow();
  });

  it('a sealed message verifies for anyone, opens only for the pair, and fails after any change', () => {
    const ada = identityFromSecretKey(random(32));
    const bob = identityFromSecretKey(random(32));
    const eve = identityFromSecretKey(random(32));
    const key = directKey(ada, bob.peerId);
    expect(directKey(bob, ada.peerId)).toEqual(key);
    const head = { id: newMessageId(random), to: bob.peerId, seq: 1, at: 1_700_000_000_000, deps: [] };
    const message = sealEnvelope(ada, key, head, { k: 'text', text: 'hi' }, random);
    expect(verifyEnvelope(message)).toBe(true);
    expect(openEnvelope(directKey(bob, ada.peerId), message)).toEqual({ k: 'text', text: 'hi' });
    expect(() => openEnvelope(directKey(eve, ada.peerId), message)).toThrow();
    for (const tampered of [
      { ...message, to: ada.peerId },
      { ...message, at: message.at + 1 },
      { ...message, seq: 2 },
      { ...message, deps: [[eve.peerId, 1] as [string, number]] },
      { ...message, from: bob.peerId },
      { ...message, body: message.body.slice(0, -4) + 'AAA=' },
      { ...message, sig: b64.encode(new Uint8Array(64)) },
    ])
      expect(verifyEnvelope(tampered)).toBe(false);
    // Re-signed by someone else, the body no longer opens: it was sealed with the author in its header.
    const { sig: _sig, ...rest } = message;
    expect(() => openEnvelope(key, { ...rest, from: eve.peerId, sig: '' })).toThrow();
  });
});
