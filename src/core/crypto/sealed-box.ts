import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concatBytes, utf8 } from '../bytes';
import { canonicalJson, type Canonical } from '../canonical';
import { KEY_LENGTH } from './conversation-keys';

/**
 * Sealed boxes (docs/E2E.md): XChaCha20-Poly1305 with a random 24-byte nonce,
 * `version (0x01) || nonce (24) || ciphertext || tag (16)`. A 192-bit random
 * nonce never repeats in practice, so one key can seal any number of bodies
 * without a counter to keep in step across devices.
 */

export const SEALED_BOX_VERSION = 0x01;
export const NONCE_LENGTH = 24;
export const TAG_LENGTH = 16;
/** Bytes a sealed box adds to its plaintext. */
export const SEALED_BOX_OVERHEAD = 1 + NONCE_LENGTH + TAG_LENGTH;

const BODY_LABEL = utf8.encode('lanline/body/v1\n');
const GROUP_KEY_LABEL = utf8.encode('lanline/group-key/v1\n');

/**
 * Why a box did not open. `forged` covers a wrong key, a wrong AAD and any
 * changed byte alike: the tag cannot tell them apart, by design.
 * `not-a-key` is a box that authenticated but does not hold a 32-byte key.
 */
export type DecryptionFailure = 'unknown-version' | 'truncated' | 'forged' | 'not-a-key';

export class DecryptionError extends Error {
  constructor(
    readonly reason: DecryptionFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DecryptionError';
  }
}

function assertKey(key: Uint8Array): void {
  if (key.length !== KEY_LENGTH) throw new TypeError(`a sealed-box key is ${KEY_LENGTH} bytes, not ${key.length}`);
}

export function seal(
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  randomBytes: (n: number) => Uint8Array,
): Uint8Array {
  assertKey(key);
  const nonce = randomBytes(NONCE_LENGTH);
  if (nonce.length !== NONCE_LENGTH) throw new TypeError(`randomBytes returned ${nonce.length} bytes, not ${NONCE_LENGTH}`);
  const ciphertext = xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
  return concatBytes(Uint8Array.of(SEALED_BOX_VERSION), nonce, ciphertext);
}

/** Returns the plaintext, or throws `DecryptionError`; never returns unauthenticated bytes. */
export function open(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
  assertKey(key);
  if (sealed.length === 0) throw new DecryptionError('truncated', 'empty sealed box');
  if (sealed[0] !== SEALED_BOX_VERSION) throw new DecryptionError('unknown-version', `sealed box version ${sealed[0]}`);
  if (sealed.length < SEALED_BOX_OVERHEAD) {
    throw new DecryptionError(
      'truncated',
      `sealed box of ${sealed.length} bytes is shorter than its ${SEALED_BOX_OVERHEAD}-byte frame`,
    );
  }
  const nonce = sealed.subarray(1, 1 + NONCE_LENGTH);
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(sealed.subarray(1 + NONCE_LENGTH));
  } catch (cause) {
    throw new DecryptionError('forged', 'sealed box failed authentication', { cause });
  }
}

/**
 * The AAD for a message body: its canonical header (id, conversation, author,
 * clock, deps). A body sealed for one message therefore fails to open under
 * any other header, so it cannot be replayed into another message or moved
 * to another author.
 */
export function messageAad(header: Canonical): Uint8Array {
  return concatBytes(BODY_LABEL, utf8.encode(canonicalJson(header)));
}

/**
 * Seals a group epoch key for one member under the pairwise key with them.
 * The AAD is prefixed with its own label, so a sealed key can never be opened
 * as a message body, nor a body as a key. `aad` should name the group, the
 * epoch and both peers (see docs/E2E.md).
 */
export function sealKeyFor(
  pairwiseKey: Uint8Array,
  groupKey: Uint8Array,
  aad: Uint8Array,
  randomBytes: (n: number) => Uint8Array,
): Uint8Array {
  assertKey(groupKey);
  return seal(pairwiseKey, groupKey, concatBytes(GROUP_KEY_LABEL, aad), randomBytes);
}

export function openKey(pairwiseKey: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
  const key = open(pairwiseKey, sealed, concatBytes(GROUP_KEY_LABEL, aad));
  if (key.length !== KEY_LENGTH) {
    throw new DecryptionError('not-a-key', `sealed key holds ${key.length} bytes, not ${KEY_LENGTH}`);
  }
  return key;
}
