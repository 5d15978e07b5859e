import { x25519 } from '@noble/curves/ed25519.js';
import { concatBytes } from '../bytes';
import { TAG_LENGTH, type CipherState } from './cipher-state';
import { SymmetricState } from './symmetric-state';

/**
 * A Noise HandshakeState (§5.3) for the two interactive patterns Lanline can
 * use, with X25519, ChaChaPoly and SHA-256. Nothing here is new: it is the
 * specification's state machine, checked against the cacophony test vectors
 * (test/unit/noise.test.ts). docs/SECURITY.md says how a relayed pipe uses it.
 */
export type Token = 'e' | 's' | 'ee' | 'es' | 'se' | 'ss';

export interface HandshakePattern {
  name: 'XX' | 'IK';
  /** Keys known before the first message (the `<- s` of IK). */
  preMessages: { initiator: Token[]; responder: Token[] };
  /** Message i is written by the initiator when i is even. */
  messages: Token[][];
}

/** §7.5 XX: both static keys travel, encrypted, inside the handshake. */
export const XX: HandshakePattern = {
  name: 'XX',
  preMessages: { initiator: [], responder: [] },
  messages: [['e'], ['e', 'ee', 's', 'es'], ['s', 'se']],
};

/** §7.5 IK: the initiator already knows the responder's static key. */
export const IK: HandshakePattern = {
  name: 'IK',
  preMessages: { initiator: [], responder: ['s'] },
  messages: [
    ['e', 'es', 's', 'ss'],
    ['e', 'ee', 'se'],
  ],
};

export const DH_LENGTH = 32;
/** §3: no Noise message is longer than this. */
export const MAX_NOISE_MESSAGE = 65_535;

/**
 * A key pair for which only the Diffie-Hellman is exposed: an identity's
 * static key keeps its secret inside the identity (see Identity.dh).
 */
export interface DhKey {
  readonly publicKey: Uint8Array;
  dh(theirPublicKey: Uint8Array): Uint8Array;
}

/** An X25519 key pair from 32 secret bytes (clamped by X25519 itself, RFC 7748 §5). */
export function x25519Key(secretKey: Uint8Array): DhKey {
  return {
    publicKey: x25519.getPublicKey(secretKey),
    dh: (theirPublicKey) => x25519.getSharedSecret(secretKey, theirPublicKey),
  };
}

export class HandshakeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HandshakeError';
  }
}

export interface HandshakeInit {
  pattern: HandshakePattern;
  initiator: boolean;
  prologue: Uint8Array;
  /** Our static key; required by both XX and IK. */
  s: DhKey;
  /** The responder's static key, for IK's initiator. */
  rs?: Uint8Array;
  /** Where ephemeral secrets come from. */
  randomBytes: (n: number) => Uint8Array;
  /** A fixed ephemeral, only for test vectors. */
  e?: DhKey;
}

export class HandshakeState {
  private readonly symmetric: SymmetricState;
  private readonly pattern: HandshakePattern;
  private readonly initiator: boolean;
  private readonly s: DhKey;
  private e: DhKey | undefined;
  private re: Uint8Array | undefined;
  private rs: Uint8Array | undefined;
  private index = 0;
  private readonly randomBytes: (n: number) => Uint8Array;

  constructor(init: HandshakeInit) {
    this.pattern = init.pattern;
    this.initiator = init.initiator;
    this.s = init.s;
    this.e = init.e;
    this.rs = init.rs;
    this.randomBytes = init.randomBytes;
    this.symmetric = new SymmetricState(`Noise_${init.pattern.name}_25519_ChaChaPoly_SHA256`);
    this.symmetric.mixHash(init.prologue);
    const { initiator, responder } = init.pattern.preMessages;
    for (const token of initiator) this.mixPreMessage(token, this.initiator);
    for (const token of responder) this.mixPreMessage(token, !this.initiator);
  }

  private mixPreMessage(token: Token, ours: boolean): void {
    if (token !== 's') throw new HandshakeError(`unsupported pre-message token ${token}`);
    const key = ours ? this.s.publicKey : this.rs;
    if (!key) throw new HandshakeError('the pattern needs the remote static key in advance');
    this.symmetric.mixHash(key);
  }

  get isComplete(): boolean {
    return this.index >= this.pattern.messages.length;
  }

  /** Whether the next handshake message is ours to write. */
  get isOurTurn(): boolean {
    return !this.isComplete && this.index % 2 === (this.initiator ? 0 : 1);
  }

  get remoteStatic(): Uint8Array | undefined {
    return this.rs;
  }

  get handshakeHash(): Uint8Array {
    return this.symmetric.handshakeHash;
  }

  writeMessage(payload: Uint8Array): Uint8Array {
    if (!this.isOurTurn) throw new HandshakeError('not our turn to write');
    const parts: Uint8Array[] = [];
    for (const token of this.pattern.messages[this.index]!) {
      if (token === 'e') {
        this.e ??= x25519Key(this.randomBytes(DH_LENGTH));
        parts.push(this.e.publicKey);
        this.symmetric.mixHash(this.e.publicKey);
      } else if (token === 's') {
        parts.push(this.symmetric.encryptAndHash(this.s.publicKey));
      } else this.mixDh(token);
    }
    parts.push(this.symmetric.encryptAndHash(payload));
    this.index += 1;
    const message = concatBytes(...parts);
    if (message.length > MAX_NOISE_MESSAGE) throw new HandshakeError('handshake message too long');
    return message;
  }

  /** Returns the payload; throws HandshakeError on anything malformed or unauthentic. */
  readMessage(message: Uint8Array): Uint8Array {
    if (this.isComplete || this.isOurTurn) throw new HandshakeError('not expecting a handshake message');
    if (message.length > MAX_NOISE_MESSAGE) throw new HandshakeError('handshake message too long');
    let offset = 0;
    const take = (n: number) => {
      if (offset + n > message.length) throw new HandshakeError('handshake message too short');
      const bytes = message.subarray(offset, offset + n);
      offset += n;
      return bytes;
    };
    try {
      for (const token of this.pattern.messages[this.index]!) {
        if (token === 'e') {
          this.re = take(DH_LENGTH).slice();
          this.symmetric.mixHash(this.re);
        } else if (token === 's') {
          const sealed = take(this.symmetric.hasKey() ? DH_LENGTH + TAG_LENGTH : DH_LENGTH);
          this.rs = this.symmetric.decryptAndHash(sealed).slice();
        } else this.mixDh(token);
      }
      const payload = this.symmetric.decryptAndHash(message.subarray(offset));
      this.index += 1;
      return payload;
    } catch (error) {
      if (error instanceof HandshakeError) throw error;
      throw new HandshakeError('handshake message did not authenticate', { cause: error });
    }
  }

  /**
   * A DH token names the initiator's key, then the responder's (§7.1): `es`
   * is the initiator's ephemeral with the responder's static. Each side picks
   * its own letter and the other side's.
   */
  private mixDh(token: Exclude<Token, 'e' | 's'>): void {
    const [first, second] = token as 'ee' | 'es' | 'se' | 'ss';
    const [mine, theirs] = this.initiator ? [first, second] : [second, first];
    const ourKey = mine === 'e' ? this.e : this.s;
    const theirKey = theirs === 'e' ? this.re : this.rs;
    if (!ourKey || !theirKey) throw new HandshakeError(`${token} before both keys are known`);
    this.symmetric.mixKey(ourKey.dh(theirKey));
  }

  /** Our sending cipher and our receiving cipher, once the handshake is complete. */
  split(): { send: CipherState; receive: CipherState } {
    if (!this.isComplete) throw new HandshakeError('handshake is not complete');
    const [initiatorToResponder, responderToInitiator] = this.symmetric.split();
    return this.initiator
      ? { send: initiatorToResponder, receive: responderToInitiator }
      : { send: responderToInitiator, receive: initiatorToResponder };
  }
}
