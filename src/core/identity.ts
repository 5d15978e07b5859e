import { concatBytes, utf8 } from './bytes';
import { canonicalJson, type Canonical } from './canonical';
import { x25519Agreement, x25519StaticDh } from './crypto/conversation-keys';
import { ed25519Implementation } from './signatures';
import { peerIdFromPublicKey, publicKeyFromPeerId, type PeerId } from './peer-id';

export { PEER_ID_PATTERN, peerIdFromPublicKey, publicKeyFromPeerId, shortPeerId, type PeerId } from './peer-id';

/**
 * Each signed object names its purpose, so a signature made for one kind of
 * object can never be replayed as another (domain separation).
 */
export type SignatureDomain = 'hello' | 'message' | 'signal' | 'advert' | 'presence' | 'receipt' | 'relay' | 'profile';

function signingInput(domain: SignatureDomain, payload: Canonical): Uint8Array {
  return concatBytes(utf8.encode(`lanline/${domain}/v1\n`), utf8.encode(canonicalJson(payload)));
}

export interface Identity {
  readonly peerId: PeerId;
  readonly publicKey: Uint8Array;
  sign(domain: SignatureDomain, payload: Canonical): Uint8Array;
  /**
   * Raw X25519 shared secret with a peer (docs/E2E.md), for derivePairwiseKey.
   * Throws KeyAgreementError for a peer id that is not a usable public key.
   */
  agree(theirPeerId: PeerId): Uint8Array;
  /**
   * X25519 of our identity key with any X25519 public key: the static-key DH
   * of a Noise handshake (docs/SECURITY.md). Throws for a low-order point.
   */
  dh(theirX25519PublicKey: Uint8Array): Uint8Array;
}

/** The secret key lives only inside this closure in the backend; nothing exposes it. */
export function identityFromSecretKey(secretKey: Uint8Array): Identity {
  const publicKey = ed25519Implementation().getPublicKey(secretKey);
  return {
    peerId: peerIdFromPublicKey(publicKey),
    publicKey,
    sign: (domain, payload) => ed25519Implementation().sign(signingInput(domain, payload), secretKey),
    agree: x25519Agreement(secretKey),
    dh: x25519StaticDh(secretKey),
  };
}

export function generateSecretKey(randomBytes: (n: number) => Uint8Array): Uint8Array {
  return randomBytes(32);
}

export function verifySignature(peerId: PeerId, domain: SignatureDomain, payload: Canonical, signature: Uint8Array): boolean {
  try {
    // Strict RFC 8032 verification (not ZIP-215) so each message has exactly one valid encoding.
    return ed25519Implementation().verify(signature, signingInput(domain, payload), publicKeyFromPeerId(peerId));
  } catch {
    return false;
  }
}
