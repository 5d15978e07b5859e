import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../bytes';
import { PEER_ID_PATTERN, publicKeyFromPeerId, type PeerId } from '../peer-id';

/**
 * Conversation keys (docs/E2E.md). Identity keys are Ed25519; for key agreement
 * they are mapped to X25519 the way libsodium's
 * `crypto_sign_ed25519_{pk,sk}_to_curve25519` do, so one key pair serves both.
 */

/** Every symmetric key here is 32 bytes: XChaCha20-Poly1305 keys and HKDF-SHA256 output alike. */
export const KEY_LENGTH = 32;

const PAIRWISE_SALT = utf8.encode('lanline/pairwise/v1');

/**
 * Raw X25519 agreement with a peer, keyed by their peer id. The identity owns
 * this function, so the secret key never leaves it.
 */
export type KeyAgreement = (theirPeerId: PeerId) => Uint8Array;

export type KeyAgreementFailure = 'not-a-peer-key' | 'low-order-key';

export class KeyAgreementError extends Error {
  constructor(
    readonly reason: KeyAgreementFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KeyAgreementError';
  }
}

/**
 * The agreement an identity built from `edSecretKey` (an RFC 8032 32-byte seed)
 * exposes as `Identity.agree`. Throws `KeyAgreementError` for a peer id that is
 * not a curve point, or whose point has small order (the shared secret would be
 * all zeros, RFC 7748 §6.1, and known to anyone).
 */
export function x25519Agreement(edSecretKey: Uint8Array): KeyAgreement {
  const ourSecret = ed25519.utils.toMontgomerySecret(edSecretKey);
  return (theirPeerId) => {
    let theirEdPublic: Uint8Array;
    let isSmallOrder: boolean;
    try {
      theirEdPublic = publicKeyFromPeerId(theirPeerId);
      // Strict decoding, as in verifySignature: a key with a non-canonical encoding cannot sign anyway.
      isSmallOrder = ed25519.Point.fromBytes(theirEdPublic, false).isSmallOrder();
    } catch (cause) {
      throw new KeyAgreementError('not-a-peer-key', 'peer id is not an Ed25519 public key', { cause });
    }
    // The 8 small-order points. The identity among them (y = 1) has no Montgomery image at all.
    if (isSmallOrder) throw new KeyAgreementError('low-order-key', 'peer key has small order');
    const theirPublic = ed25519.utils.toMontgomery(theirEdPublic);
    let shared: Uint8Array;
    try {
      // noble rejects the five low-order u values before running the ladder (no timing oracle).
      shared = x25519.getSharedSecret(ourSecret, theirPublic);
    } catch (cause) {
      throw new KeyAgreementError('low-order-key', 'peer key has small order', { cause });
    }
    // Belt and braces for RFC 7748 §6.1 in case the library's own check ever changes.
    if (shared.every((b) => b === 0)) throw new KeyAgreementError('low-order-key', 'all-zero shared secret');
    return shared;
  };
}

/**
 * The key for one two-party conversation. Both sides compute the same key: the
 * ids are put in a fixed order, and X25519 is symmetric. Binding the
 * conversation id means a body sealed in one conversation never opens in another.
 */
export function derivePairwiseKey(agree: KeyAgreement, self: PeerId, them: PeerId, conversationId: string): Uint8Array {
  // Fixed-length ids from an alphabet without '|' keep the info string unambiguous.
  if (!PEER_ID_PATTERN.test(self) || !PEER_ID_PATTERN.test(them)) throw new TypeError('not a peer id');
  const [low, high] = self < them ? [self, them] : [them, self];
  return hkdf(sha256, agree(them), PAIRWISE_SALT, utf8.encode(`${low}|${high}|${conversationId}`), KEY_LENGTH);
}

/** A fresh key for one epoch of a group; members receive it sealed under their pairwise key. */
export function newGroupKey(randomBytes: (n: number) => Uint8Array): Uint8Array {
  const key = randomBytes(KEY_LENGTH);
  if (key.length !== KEY_LENGTH) throw new TypeError(`randomBytes returned ${key.length} bytes, not ${KEY_LENGTH}`);
  return key;
}

/**
 * X25519 between our identity key (in Montgomery form, as above) and any
 * X25519 public key, such as the ephemeral of a Noise handshake. The identity
 * owns the function, so the secret key stays inside it. Throws for a
 * low-order point (noble refuses them).
 */
export function x25519StaticDh(edSecretKey: Uint8Array): (theirPublicKey: Uint8Array) => Uint8Array {
  const ourSecret = ed25519.utils.toMontgomerySecret(edSecretKey);
  return (theirPublicKey) => {
    const shared = x25519.getSharedSecret(ourSecret, theirPublicKey);
    if (shared.every((b) => b === 0)) throw new KeyAgreementError('low-order-key', 'all-zero shared secret');
    return shared;
  };
}

/** A peer's identity key as an X25519 public key: what its Noise static key must be. */
export function x25519PublicKeyOf(peerId: PeerId): Uint8Array {
  let edPublic: Uint8Array;
  try {
    edPublic = publicKeyFromPeerId(peerId);
    if (ed25519.Point.fromBytes(edPublic, false).isSmallOrder()) throw new Error('small order');
  } catch (cause) {
    throw new KeyAgreementError('not-a-peer-key', 'peer id is not a usable Ed25519 public key', { cause });
  }
  return ed25519.utils.toMontgomery(edPublic);
}
