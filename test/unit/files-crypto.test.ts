import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { utf8 } from '../../src/core/bytes';
import { chunkNonce, nobleFileCrypto, openChunk, sealChunk } from '../../src/core/files/crypto';
import { nodeFileCrypto } from '../../src/main/files/node-file-crypto';

// RFC 8439 §2.8.2: the AEAD_CHACHA20_POLY1305 test vector.
const RFC8439 = {
  key: hexToBytes('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f'),
  nonce: hexToBytes('070000004041424344454647'),
  aad: hexToBytes('50515253c0c1c2c3c4c5c6c7'),
  plaintext: utf8.encode(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  ),
  sealed:
    'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116' +
    '1ae10b594f09e26a7e902ecbd0600691',
};

describe.each([
  ['@noble', nobleFileCrypto],
  ['OpenSSL', nodeFileCrypto],
])('file chunk crypto with %s', (_name, crypto) => {
  it('matches the RFC 8439 AEAD test vector both ways', () => {
    const sealed = crypto.seal(RFC8439.key, RFC8439.nonce, RFC8439.plaintext, RFC8439.aad);
    expect(bytesToHex(sealed)).toBe(RFC8439.sealed);
    expect(crypto.open(RFC8439.key, RFC8439.nonce, sealed, RFC8439.aad)).toEqual(RFC8439.plaintext);
  });

  it('refuses a flipped bit, another index, another key and a truncation', () => {
    const key = new Uint8Array(32).fill(9);
    const plain = new Uint8Array(1000).fill(3);
    const sealed = sealChunk(crypto, key, 5, plain);
    expect(openChunk(crypto, key, 5, sealed)).toEqual(plain);
    const flipped = sealed.slice();
    flipped[10]! ^= 1;
    expect(openChunk(crypto, key, 5, flipped)).toBeUndefined();
    expect(openChunk(crypto, key, 6, sealed)).toBeUndefined();
    expect(openChunk(crypto, new Uint8Array(32), 5, sealed)).toBeUndefined();
    expect(openChunk(crypto, key, 5, sealed.subarray(0, 10))).toBeUndefined();
  });

  it('seals an empty chunk to a bare tag, so an empty file still has a root', () => {
    const sealed = sealChunk(crypto, new Uint8Array(32), 0, new Uint8Array(0));
    expect(sealed.length).toBe(16);
    expect(openChunk(crypto, new Uint8Array(32), 0, sealed)).toEqual(new Uint8Array(0));
  });
});

describe('chunk sealing', () => {
  it('derives the nonce from the index: 4 zero bytes, then the index big-endian', () => {
    expect(bytesToHex(chunkNonce(0))).toBe('000000000000000000000000');
    expect(bytesToHex(chunkNonce(1))).toBe('000000000000000000000001');
    expect(bytesToHex(chunkNonce(0x01020304))).toBe('000000000000000001020304');
  });

  it('is deterministic and the same in both implementations, so any source serves identical ciphertext', () => {
    const key = hexToBytes('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const plain = utf8.encode('lanline');
    const a = sealChunk(nobleFileCrypto, key, 7, plain);
    expect(sealChunk(nodeFileCrypto, key, 7, plain)).toEqual(a);
    // A fixed vector for this construction (key 00…1f, index 7, "lanline", AAD "lanline/file-chunk/v1"):
    // changing the nonce layout or the label would orphan every file already offered.
    expect(bytesToHex(a)).toBe('44277b2f27ed4f2f40b91d747366543ac3d5dac169e510');
  });
});
