import { describe, expect, it } from 'vitest';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { utf8 } from '../../src/core/bytes';
import { identityFromSecretKey, peerIdFromPublicKey } from '../../src/core/identity';
import {
  derivePairwiseKey,
  KeyAgreementError,
  newGroupKey,
  x25519Agreement,
  type KeyAgreementFailure,
} from '../../src/core/crypto/conversation-keys';
import {
  DecryptionError,
  messageAad,
  open,
  openKey,
  seal,
  SEALED_BOX_OVERHEAD,
  sealKeyFor,
  type DecryptionFailure,
} from '../../src/core/crypto/sealed-box';

// RFC 8032 §7.1, TEST 1 and TEST 2 secret keys.
const SECRET_1 = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const SECRET_2 = hexToBytes('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
/** The fixed "randomness" of the test vectors: a0 a1 a2 … */
const fixedRandom = (n: number) => Uint8Array.from({ length: n }, (_, i) => (0xa0 + i) & 0xff);

function peer(secretKey: Uint8Array) {
  return { peerId: identityFromSecretKey(secretKey).peerId, agree: x25519Agreement(secretKey) };
}

function failure<T extends Error & { reason: string }>(kind: new (...args: never[]) => T, run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    return (error as T).reason;
  }
  throw new Error('expected a failure');
}
const decryptFailure = (run: () => unknown) => failure(DecryptionError, run) as DecryptionFailure;
const agreementFailure = (run: () => unknown) => failure(KeyAgreementError, run) as KeyAgreementFailure;

describe('published vectors for the primitives', () => {
  it('X25519 matches RFC 7748 §6.1 (Alice and Bob)', () => {
    const alicePrivate = hexToBytes('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const alicePublic = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
    const bobPrivate = hexToBytes('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
    const bobPublic = 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f';
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    expect(bytesToHex(x25519.getPublicKey(alicePrivate))).toBe(alicePublic);
    expect(bytesToHex(x25519.getPublicKey(bobPrivate))).toBe(bobPublic);
    expect(bytesToHex(x25519.getSharedSecret(alicePrivate, hexToBytes(bobPublic)))).toBe(shared);
    expect(bytesToHex(x25519.getSharedSecret(bobPrivate, hexToBytes(alicePublic)))).toBe(shared);
  });

  it('Ed25519 → X25519 conversion matches libsodium (test/default/ed25519_convert)', () => {
    const seed = hexToBytes('421151a459faeade3d247115f94aedae42318124095afabe4d1451a559faedee');
    const edPublic = ed25519.getPublicKey(seed);
    expect(bytesToHex(edPublic)).toBe('b5076a8474a832daee4dd5b4040983b6623b5f344aca57d4d6ee4baf3f259e6e');
    const xSecret = ed25519.utils.toMontgomerySecret(seed);
    const xPublic = 'f1814f0e8ff1043d8a44d25babff3cedcae6c22c3edaa48f857ae70de2baae50';
    expect(bytesToHex(xSecret)).toBe('8052030376d47112be7f73ed7a019293dd12ad910b654455798b4667d73de166');
    expect(bytesToHex(ed25519.utils.toMontgomery(edPublic))).toBe(xPublic);
    expect(bytesToHex(x25519.getPublicKey(xSecret))).toBe(xPublic);
  });

  it('XChaCha20-Poly1305 matches draft-irtf-cfrg-xchacha-03 §A.3.1', () => {
    const key = hexToBytes('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
    const nonce = hexToBytes('404142434445464748494a4b4c4d4e4f5051525354555657');
    const aad = hexToBytes('50515253c0c1c2c3c4c5c6c7');
    const plaintext = utf8.encode(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    const ciphertext =
      'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb' +
      '731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452' +
      '2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9' +
      '21f9664c97637da9768812f615c68b13b52e';
    const tag = 'c0875924c1c7987947deafd8780acf49';
    expect(bytesToHex(xchacha20poly1305(key, nonce, aad).encrypt(plaintext))).toBe(ciphertext + tag);

    // The same vector through our framing: version byte, nonce, then ciphertext and tag.
    const sealed = seal(key, plaintext, aad, () => nonce);
    expect(bytesToHex(sealed)).toBe('01' + bytesToHex(nonce) + ciphertext + tag);
    expect(open(key, sealed, aad)).toEqual(plaintext);
  });
});

describe('Lanline test vectors (docs/E2E.md)', () => {
  // Computed with this implementation and cross-checked against an independent
  // implementation (Python `cryptography`/OpenSSL for X25519, HKDF and
  // ChaCha20-Poly1305, with HChaCha20 written out by hand).
  const a = peer(SECRET_1);
  const b = peer(SECRET_2);
  const conversationId = 'dm/test-vector';
  const pairwiseKey = '90193e2a1a0f2c7bd51a3893661ff882275e63a7d7d3460aeb9b6470fbd9e372';
  const header = { id: 'm1', conversation: conversationId, author: a.peerId, clock: 1, deps: [] };

  it('peer ids and X25519 shared secret', () => {
    expect(a.peerId).toBe('25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkena');
    expect(b.peerId).toBe('hvabpq7iioevvevxbktu2g36xsojqlgpf3cjndgazvk7ckxumyga');
    const shared = '5166f24a6918368e2af831a4affadd97af0ac326bdf143596c045967cc00230e';
    expect(bytesToHex(a.agree(b.peerId))).toBe(shared);
    expect(bytesToHex(b.agree(a.peerId))).toBe(shared);
  });

  it('pairwise key', () => {
    expect(bytesToHex(derivePairwiseKey(a.agree, a.peerId, b.peerId, conversationId))).toBe(pairwiseKey);
    expect(bytesToHex(derivePairwiseKey(b.agree, b.peerId, a.peerId, conversationId))).toBe(pairwiseKey);
  });

  it('message AAD and sealed body', () => {
    const aad = messageAad(header);
    expect(utf8.decode(aad)).toBe(
      'lanline/body/v1\n' + `{"author":"${a.peerId}","clock":1,"conversation":"dm/test-vector","deps":[],"id":"m1"}`,
    );
    const sealed = seal(hexToBytes(pairwiseKey), utf8.encode('hello, lanline'), aad, fixedRandom);
    expect(bytesToHex(sealed)).toBe(
      '01' +
        'a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7' +
        '0696c533273dedcb0f132b46bbeb' +
        '9ceeaad6af9f7ad0e71742ec1a7b4158',
    );
    expect(utf8.decode(open(hexToBytes(pairwiseKey), sealed, aad))).toBe('hello, lanline');
  });
});

describe('pairwise keys', () => {
  const a = peer(random(32));
  const b = peer(random(32));
  const c = peer(random(32));

  it('agree from both sides', () => {
    expect(derivePairwiseKey(a.agree, a.peerId, b.peerId, 'conv')).toEqual(
      derivePairwiseKey(b.agree, b.peerId, a.peerId, 'conv'),
    );
  });

  it('differ per conversation id', () => {
    expect(derivePairwiseKey(a.agree, a.peerId, b.peerId, 'one')).not.toEqual(
      derivePairwiseKey(a.agree, a.peerId, b.peerId, 'two'),
    );
  });

  it('differ for a third party', () => {
    const ab = derivePairwiseKey(a.agree, a.peerId, b.peerId, 'conv');
    expect(derivePairwiseKey(c.agree, c.peerId, b.peerId, 'conv')).not.toEqual(ab);
    expect(derivePairwiseKey(c.agree, c.peerId, a.peerId, 'conv')).not.toEqual(ab);
    // Claiming to be A does not help C: the X25519 input is still C's own secret.
    expect(derivePairwiseKey(c.agree, a.peerId, b.peerId, 'conv')).not.toEqual(ab);
  });

  it('refuse malformed peer ids', () => {
    expect(() => derivePairwiseKey(a.agree, a.peerId, 'not-a-peer', 'conv')).toThrow(TypeError);
    expect(() => derivePairwiseKey(a.agree, 'A'.repeat(52), b.peerId, 'conv')).toThrow(TypeError);
  });

  it('refuse every small-order key, whose shared secret anyone could compute', () => {
    // The eight points of order 1, 2, 4 and 8 ("Taming the many EdDSAs", Table 6 / libsodium's blocklist).
    const smallOrder = [
      '0100000000000000000000000000000000000000000000000000000000000000',
      'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      '0000000000000000000000000000000000000000000000000000000000000000',
      '0000000000000000000000000000000000000000000000000000000000000080',
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
    ];
    for (const hex of smallOrder) {
      const evil = peerIdFromPublicKey(hexToBytes(hex));
      expect(agreementFailure(() => a.agree(evil))).toBe('low-order-key');
      expect(agreementFailure(() => derivePairwiseKey(a.agree, a.peerId, evil, 'conv'))).toBe('low-order-key');
    }
  });

  it('refuse a peer id that is not a curve point', () => {
    const offCurve = peerIdFromPublicKey(hexToBytes('02'.padEnd(64, '0')));
    expect(agreementFailure(() => a.agree(offCurve))).toBe('not-a-peer-key');
  });
});

describe('sealed box', () => {
  const key = random(32);
  const header = { id: 'm1', conversation: 'c1', author: 'a', clock: 3, deps: ['m0'] };
  const aad = messageAad(header);
  const body = utf8.encode('the quarterly numbers are in');

  it('round-trips, with a fresh nonce each time', () => {
    const first = seal(key, body, aad, random);
    const second = seal(key, body, aad, random);
    expect(first.length).toBe(body.length + SEALED_BOX_OVERHEAD);
    expect(first).not.toEqual(second);
    expect(open(key, first, aad)).toEqual(body);
    expect(open(key, second, aad)).toEqual(body);
    expect(open(key, seal(key, new Uint8Array(0), aad, random), aad)).toEqual(new Uint8Array(0));
  });

  it('opens a box that sits inside a larger buffer (a subarray of a frame)', () => {
    const sealed = seal(key, body, aad, random);
    const frame = new Uint8Array(sealed.length + 7);
    frame.set(sealed, 3);
    expect(open(key, frame.subarray(3, 3 + sealed.length), aad)).toEqual(body);
  });

  it('rejects a wrong key', () => {
    expect(decryptFailure(() => open(random(32), seal(key, body, aad, random), aad))).toBe('forged');
  });

  it('rejects a body moved to another message (wrong AAD)', () => {
    const sealed = seal(key, body, aad, random);
    for (const other of [
      { ...header, id: 'm2' },
      { ...header, author: 'b' },
      { ...header, clock: 4 },
      { ...header, deps: [] },
      { ...header, conversation: 'c2' },
    ]) {
      expect(decryptFailure(() => open(key, sealed, messageAad(other)))).toBe('forged');
    }
  });

  it('rejects any flipped bit in nonce, ciphertext or tag', () => {
    const sealed = seal(key, body, aad, random);
    for (let i = 1; i < sealed.length; i++) {
      const tampered = sealed.slice();
      tampered[i]! ^= 0x01;
      expect(decryptFailure(() => open(key, tampered, aad))).toBe('forged');
    }
  });

  it('rejects truncated input: too short for the frame, or short of its tag', () => {
    const sealed = seal(key, body, aad, random);
    expect(decryptFailure(() => open(key, new Uint8Array(0), aad))).toBe('truncated');
    expect(decryptFailure(() => open(key, sealed.subarray(0, SEALED_BOX_OVERHEAD - 1), aad))).toBe('truncated');
    expect(decryptFailure(() => open(key, sealed.subarray(0, 1 + 24), aad))).toBe('truncated');
    // Long enough to parse, but bytes are missing: the tag no longer matches.
    expect(decryptFailure(() => open(key, sealed.subarray(0, sealed.length - 1), aad))).toBe('forged');
  });

  it('rejects an unknown version', () => {
    const sealed = seal(key, body, aad, random);
    for (const version of [0x00, 0x02, 0xff]) {
      const other = sealed.slice();
      other[0] = version;
      expect(decryptFailure(() => open(key, other, aad))).toBe('unknown-version');
    }
  });

  it('refuses keys and randomness of the wrong size (caller bugs, not attacks)', () => {
    expect(() => seal(random(16), body, aad, random)).toThrow(TypeError);
    expect(() => open(random(31), seal(key, body, aad, random), aad)).toThrow(TypeError);
    expect(() => seal(key, body, aad, () => new Uint8Array(12))).toThrow(TypeError);
  });
});

describe('group keys', () => {
  const pairwise = random(32);
  const keyAad = utf8.encode('{"conversation":"g1","epoch":2,"from":"a","to":"b"}');

  it('are fresh random 32-byte keys', () => {
    const key = newGroupKey(random);
    expect(key.length).toBe(32);
    expect(newGroupKey(random)).not.toEqual(key);
    expect(() => newGroupKey(() => new Uint8Array(16))).toThrow(TypeError);
  });

  it('travel sealed under a pairwise key, bound to their AAD', () => {
    const groupKey = newGroupKey(random);
    const sealed = sealKeyFor(pairwise, groupKey, keyAad, random);
    expect(openKey(pairwise, sealed, keyAad)).toEqual(groupKey);
    expect(decryptFailure(() => openKey(random(32), sealed, keyAad))).toBe('forged');
    expect(decryptFailure(() => openKey(pairwise, sealed, utf8.encode('{"epoch":3}')))).toBe('forged');
  });

  it('never open as a message body, nor a body as a key (separate AAD labels)', () => {
    const groupKey = newGroupKey(random);
    const sealedKey = sealKeyFor(pairwise, groupKey, keyAad, random);
    expect(decryptFailure(() => open(pairwise, sealedKey, keyAad))).toBe('forged');
    const sealedBody = seal(pairwise, random(32), keyAad, random);
    expect(decryptFailure(() => openKey(pairwise, sealedBody, keyAad))).toBe('forged');
  });

  it('refuse to seal or accept anything but a 32-byte key', () => {
    expect(() => sealKeyFor(pairwise, random(16), keyAad, random)).toThrow(TypeError);
    // Only a holder of the pairwise key can make this box: a misbehaving member, not a forger.
    const label = utf8.encode('lanline/group-key/v1\n');
    const notAKey = seal(pairwise, random(31), new Uint8Array([...label, ...keyAad]), random);
    expect(decryptFailure(() => openKey(pairwise, notAKey, keyAad))).toBe('not-a-key');
  });

  it('seal message bodies end to end in a group', () => {
    const groupKey = newGroupKey(random);
    const aad = messageAad({ id: 'g-m1', conversation: 'g1', author: 'a', clock: 1, deps: [] });
    const received = openKey(pairwise, sealKeyFor(pairwise, groupKey, keyAad, random), keyAad);
    expect(utf8.decode(open(received, seal(groupKey, utf8.encode('hi all'), aad, random), aad))).toBe('hi all');
  });
});
