import { ed25519 } from '@noble/curves/ed25519.js';

/**
 * Ed25519 as the engine uses it. Pure JS (@noble/curves) everywhere by
 * default; a host with a native implementation installs it once at start:
 * Node's OpenSSL signs ~40× and verifies ~10× faster, and a signature is on
 * every message. RFC 8032 signatures are deterministic, so both produce the
 * same bytes (test/unit/signatures.test.ts checks that they agree).
 */
export interface Ed25519 {
  getPublicKey(secretKey: Uint8Array): Uint8Array;
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  /** Strict: non-canonical encodings are refused (RFC 8032 §5.1.7, not ZIP-215). */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

export const nobleEd25519: Ed25519 = {
  getPublicKey: (secretKey) => ed25519.getPublicKey(secretKey),
  sign: (message, secretKey) => ed25519.sign(message, secretKey),
  verify: (signature, message, publicKey) => {
    try {
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
};

let installed: Ed25519 = nobleEd25519;

/** Called once by a host that has a faster implementation; see the module comment. */
export function installEd25519(implementation: Ed25519): void {
  installed = implementation;
}

export function ed25519Implementation(): Ed25519 {
  return installed;
}
