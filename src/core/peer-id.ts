import { base32 } from './bytes';

/**
 * A peer id is the lower-case base32 of the peer's Ed25519 public key, so any
 * signature can be checked from the id alone, with no key directory.
 */
export type PeerId = string;

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
