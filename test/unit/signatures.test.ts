import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { nobleEd25519 } from '../../src/core/signatures';
import { nodeEd25519 } from '../../src/main/native-ed25519';

// RFC 8032 §7.1, TEST 2 (a one-byte message).
const SECRET = hexToBytes('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');
const PUBLIC = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c';
const SIGNATURE =
  '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00';
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe('Ed25519 implementations', () => {
  const native = nodeEd25519();

  it.each([
    ['@noble/curves', nobleEd25519],
    ['node:crypto', native],
  ])('%s matches RFC 8032 test 2', (_name, impl) => {
    expect(bytesToHex(impl.getPublicKey(SECRET))).toBe(PUBLIC);
    expect(bytesToHex(impl.sign(new Uint8Array([0x72]), SECRET))).toBe(SIGNATURE);
    expect(impl.verify(hexToBytes(SIGNATURE), new Uint8Array([0x72]), hexToBytes(PUBLIC))).toBe(true);
  });

  it('the native one signs and judges exactly as the pure one does', () => {
    for (let i = 0; i < 50; i++) {
      const secret = random(32);
      const message = random(1 + ((i * 37) % 300));
      const signature = native.sign(message, secret);
      expect(signature).toEqual(nobleEd25519.sign(message, secret));
      const publicKey = native.getPublicKey(secret);
      const tampered = signature.slice();
      tampered[i % 64] = tampered[i % 64]! ^ 1;
      for (const [sig, expected] of [
        [signature, true],
        [tampered, false],
      ] as const) {
        expect(native.verify(sig, message, publicKey)).toBe(expected);
        expect(nobleEd25519.verify(sig, message, publicKey)).toBe(expected);
      }
    }
  });

  it('refuses malformed input instead of throwing', () => {
    expect(native.verify(new Uint8Array(63), new Uint8Array(1), new Uint8Array(32))).toBe(false);
    expect(native.verify(new Uint8Array(64), new Uint8Array(1), new Uint8Array(31))).toBe(false);
  });
});
