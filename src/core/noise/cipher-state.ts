import { chacha20poly1305 } from '@noble/ciphers/chacha.js';

/**
 * A Noise CipherState (Noise Protocol Framework rev. 34, §5.1) for the
 * ChaChaPoly cipher (§12.3): a 32-byte key and a message counter used as the
 * nonce. Nonces are never sent; both sides count, so a message that is
 * dropped, repeated or reordered fails to authenticate.
 */
export const TAG_LENGTH = 16;

/**
 * §5.1 reserves 2^64 − 1 and a counter must never wrap. We stop at the largest
 * safe integer instead of carrying a 64-bit counter: 9 × 10^15 messages is more
 * than any pipe lives for, and a pipe that gets there is closed, not reused.
 */
const LAST_NONCE = Number.MAX_SAFE_INTEGER;

export class NonceExhaustedError extends Error {
  constructor() {
    super('cipher state ran out of nonces');
    this.name = 'NonceExhaustedError';
  }
}

/** ChaChaPoly's nonce: 32 bits of zeros, then the counter as a little-endian 64-bit integer. */
function nonceBytes(n: number): Uint8Array {
  const nonce = new Uint8Array(12);
  const view = new DataView(nonce.buffer);
  view.setUint32(4, n >>> 0, true);
  view.setUint32(8, Math.floor(n / 2 ** 32), true);
  return nonce;
}

export class CipherState {
  private key: Uint8Array | undefined;
  private n = 0;

  initializeKey(key: Uint8Array): void {
    if (key.length !== 32) throw new TypeError(`a ChaChaPoly key is 32 bytes, not ${key.length}`);
    this.key = key;
    this.n = 0;
  }

  hasKey(): boolean {
    return this.key !== undefined;
  }

  /** Without a key (early in a handshake) Noise sends the plaintext as is (§5.1). */
  encryptWithAd(ad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    if (!this.key) return plaintext;
    if (this.n >= LAST_NONCE) throw new NonceExhaustedError();
    const ciphertext = chacha20poly1305(this.key, nonceBytes(this.n), ad).encrypt(plaintext);
    this.n += 1;
    return ciphertext;
  }

  /** Throws when the tag does not verify; the counter then stays where it was (§5.1). */
  decryptWithAd(ad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    if (!this.key) return ciphertext;
    if (this.n >= LAST_NONCE) throw new NonceExhaustedError();
    const plaintext = chacha20poly1305(this.key, nonceBytes(this.n), ad).decrypt(ciphertext);
    this.n += 1;
    return plaintext;
  }
}
