import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8 } from '../bytes';
import { CipherState } from './cipher-state';

/** SHA-256's output length, Noise's HASHLEN (§12.5). */
export const HASH_LENGTH = 32;

/**
 * Noise's HKDF (§4.3): HMAC-SHA256 with the chaining key as the key, then
 * counter-chained outputs. It is RFC 5869 with an empty `info`, written the
 * way the specification states it so the two can be compared line by line.
 */
export function noiseHkdf(chainingKey: Uint8Array, inputKeyMaterial: Uint8Array): [Uint8Array, Uint8Array] {
  const tempKey = hmac(sha256, chainingKey, inputKeyMaterial);
  const output1 = hmac(sha256, tempKey, Uint8Array.of(0x01));
  const output2 = hmac(sha256, tempKey, concatBytes(output1, Uint8Array.of(0x02)));
  return [output1, output2];
}

/** A Noise SymmetricState (§5.2): the chaining key, the handshake hash and the current cipher. */
export class SymmetricState {
  private chainingKey: Uint8Array;
  private hash: Uint8Array;
  private readonly cipher = new CipherState();

  constructor(protocolName: string) {
    const name = utf8.encode(protocolName);
    this.hash = name.length <= HASH_LENGTH ? concatBytes(name, new Uint8Array(HASH_LENGTH - name.length)) : sha256(name);
    this.chainingKey = this.hash.slice();
  }

  get handshakeHash(): Uint8Array {
    return this.hash;
  }

  hasKey(): boolean {
    return this.cipher.hasKey();
  }

  mixKey(inputKeyMaterial: Uint8Array): void {
    const [chainingKey, tempKey] = noiseHkdf(this.chainingKey, inputKeyMaterial);
    this.chainingKey = chainingKey;
    this.cipher.initializeKey(tempKey);
  }

  mixHash(data: Uint8Array): void {
    this.hash = sha256(concatBytes(this.hash, data));
  }

  encryptAndHash(plaintext: Uint8Array): Uint8Array {
    const ciphertext = this.cipher.encryptWithAd(this.hash, plaintext);
    this.mixHash(ciphertext);
    return ciphertext;
  }

  decryptAndHash(ciphertext: Uint8Array): Uint8Array {
    const plaintext = this.cipher.decryptWithAd(this.hash, ciphertext);
    this.mixHash(ciphertext);
    return plaintext;
  }

  /** The two transport ciphers: initiator → responder first, then responder → initiator. */
  split(): [CipherState, CipherState] {
    const [key1, key2] = noiseHkdf(this.chainingKey, new Uint8Array(0));
    const first = new CipherState();
    const second = new CipherState();
    first.initializeKey(key1);
    second.initializeKey(key2);
    return [first, second];
  }
}
