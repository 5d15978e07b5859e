import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';

/**
 * The two primitives file transfer needs, behind one interface so a host can
 * supply a native implementation: every byte of every file is sealed once by
 * the sender and hashed and opened once by each receiver, and on this class of
 * machine @noble runs at ~200 MB/s where OpenSSL runs at 1–1.7 GB/s (see
 * docs/FILES.md). Both are RFC 8439 ChaCha20-Poly1305 and FIPS 180-4 SHA-256,
 * so they produce the same bytes; test/unit/files-crypto.test.ts checks it.
 */
export interface FileCrypto {
  /** SHA-256 over the concatenation of `parts`. */
  sha256(...parts: Uint8Array[]): Uint8Array;
  /** ChaCha20-Poly1305: ciphertext followed by the 16-byte tag, written into `out` when given (it must fit). */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, out?: Uint8Array): Uint8Array;
  /** The plaintext, or undefined when the tag does not verify. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | undefined;
}

export const FILE_KEY_BYTES = 32;
export const TAG_BYTES = 16;

export const nobleFileCrypto: FileCrypto = {
  sha256(...parts) {
    if (parts.length === 1) return sha256(parts[0]!);
    const hash = sha256.create();
    for (const part of parts) hash.update(part);
    return hash.digest();
  },
  seal: (key, nonce, plaintext, aad, out) =>
    chacha20poly1305(key, nonce, aad).encrypt(plaintext, out?.subarray(0, plaintext.length + TAG_BYTES)),
  open(key, nonce, sealed, aad) {
    try {
      return chacha20poly1305(key, nonce, aad).decrypt(sealed);
    } catch {
      return undefined;
    }
  },
};

/** Binds every sealed chunk to this construction; a change of scheme changes the label. */
const CHUNK_AAD = new TextEncoder().encode('lanline/file-chunk/v1');

/**
 * The nonce of chunk `index`: 4 zero bytes, then the index as a big-endian
 * 64-bit integer. Each file has its own random key, so (key, nonce) pairs
 * never repeat across files, and within a file each index is sealed exactly
 * once — any second sealing of an index must produce the same ciphertext,
 * which the Merkle root enforces (docs/FILES.md, "Why the nonce may be derived").
 */
export function chunkNonce(index: number): Uint8Array {
  const nonce = new Uint8Array(12);
  new DataView(nonce.buffer).setBigUint64(4, BigInt(index));
  return nonce;
}

export function sealChunk(
  crypto: FileCrypto,
  key: Uint8Array,
  index: number,
  plaintext: Uint8Array,
  out?: Uint8Array,
): Uint8Array {
  return crypto.seal(key, chunkNonce(index), plaintext, CHUNK_AAD, out);
}

export function openChunk(crypto: FileCrypto, key: Uint8Array, index: number, sealed: Uint8Array): Uint8Array | undefined {
  return crypto.open(key, chunkNonce(index), sealed, CHUNK_AAD);
}
