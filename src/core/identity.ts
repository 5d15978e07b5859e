import { ed25519 } from '@noble/curves/ed25519.js';
import { base32, concatBytes, utf8 } from './bytes';
import { canonicalJson, type Canonical } from './canonical';

/**
 * A peer id is the lower-case base32 of the peer's Ed25519 public key, so any
 * signature can be checked from the id alone, with no key directory.
 */
export type PeerId = string;

export const PEER_ID_LENGTH = 52;
export const PEER_ID_PATTERN = /^[a-z2-7]{52}$/;

export function peerIdFromPublicKey(publicKey: Uint8Array): PeerId {
  return base32.encode(publicKey);
}

export function publicKeyFromPeerId(peerId: PeerId): Uint8Array {
  if (!PEER_ID_PATTERN.test(peerId)) throw new TypeError('not a peer id');
  return base32.decode(peerId);
}

/** A short, readable fingerprint for people to compare out of band. */
export function shortPeerId(peerId: PeerId): string {
  return `${peerId.slice(0, 4)}-${peerId.slice(4, 8)}`;
}

/**
 * Each signed object names its purpose, so a signature made for one kind of
 * object can never be replayed as another (domain separation).
 */
export type SignatureDomain = 'hello' | 'message' | 'signal' | 'advert' | 'presence';

function signingInput(domain: SignatureDomain, payload: Canonical): Uint8Array {
  return concatBytes(utf8.encode(`lanline/${domain}/v1\n`), utf8.encode(canonicalJson(payload)));
}

export interface Identity {
  readonly peerId: PeerId;
  readonly publicKey: Uint8Array;
  sign(domain: SignatureDomain, payload: Canonical): Uint8Array;
}

/** The secret key lives only inside this closure in the backend; nothing exposes it. */
export function identityFromSecretKey(secretKey: Uint8Array): Identity {
  const publicKey = ed25519.getPublicKey(secretKey);
  return {
    peerId: peerIdFromPublicKey(publicKey),
    publicKey,
    sign: (domain, payload) => ed25519.sign(signingInput(domain, payload), secretKey),
  };
}

export function generateSecretKey(randomBytes: (n: number) => Uint8Array): Uint8Array {
  return randomBytes(32);
}

export function verifySignature(peerId: PeerId, domain: SignatureDomain, payload: Canonical, signature: Uint8Array): boolean {
  try {
    // Strict RFC 8032 verification (not ZIP-215) so each message has exactly one valid encoding.
    return ed25519.verify(signature, signingInput(domain, payload), publicKeyFromPeerId(peerId), { zip215: false });
  } catch {
    return false;
  }
}
