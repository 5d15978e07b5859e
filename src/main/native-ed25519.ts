import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Ed25519 } from '../core/signatures';

// DER wrappers that turn a raw 32-byte Ed25519 key into what OpenSSL imports (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PUBLIC_KEY_CACHE = 4096;

/**
 * Ed25519 through Node's OpenSSL. Imported keys are cached because importing
 * costs as much as verifying; peers' keys are few and long-lived.
 */
export function nodeEd25519(): Ed25519 {
  const privateKeys = new Map<string, KeyObject>();
  const publicKeys = new Map<string, KeyObject>();
  const privateKey = (secret: Uint8Array) => {
    const id = Buffer.from(secret).toString('hex');
    let key = privateKeys.get(id);
    if (!key) {
      key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secret]), format: 'der', type: 'pkcs8' });
      privateKeys.set(id, key);
    }
    return key;
  };
  const publicKey = (raw: Uint8Array) => {
    const id = Buffer.from(raw).toString('hex');
    let key = publicKeys.get(id);
    if (!key) {
      if (publicKeys.size >= PUBLIC_KEY_CACHE) publicKeys.clear();
      key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
      publicKeys.set(id, key);
    }
    return key;
  };
  return {
    getPublicKey: (secret) =>
      new Uint8Array(createPublicKey(privateKey(secret)).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length)),
    sign: (message, secret) => new Uint8Array(sign(null, message, privateKey(secret))),
    verify: (signature, message, raw) => {
      if (signature.length !== 64 || raw.length !== 32) return false;
      try {
        return verify(null, message, publicKey(raw), signature);
      } catch {
        return false;
      }
    },
  };
}
