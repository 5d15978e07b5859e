import { concatBytes, utf8 } from '../bytes';
import { x25519PublicKeyOf } from '../crypto/conversation-keys';
import { deferred } from '../deferred';
import type { Identity, PeerId } from '../identity';
import { PipeBase, type Pipe, type PipeRoute } from '../pipe';
import { TAG_LENGTH, type CipherState } from './cipher-state';
import { MAX_NOISE_MESSAGE, HandshakeState, XX } from './handshake';

/**
 * A secure channel over any ordered, message-oriented transport (a relay
 * circuit in practice): Noise_XX_25519_ChaChaPoly_SHA256 keyed by the two
 * peers' identity keys, then Noise transport messages. Whoever carries the
 * bytes sees only ciphertext. docs/SECURITY.md describes the construction.
 *
 * @example
 * const pipe = await secureChannel(circuit, { identity, initiator: true, remote: bobId, randomBytes });
 * await engine.attach(pipe, bobId);
 */

/** Binds the handshake to both peer ids in a fixed order (Noise §6), so a transcript is bound to who dialled whom. */
export const SECURE_PIPE_PROLOGUE = 'lanline/secure-pipe/v1';

const FLAG_MORE_FRAGMENTS = 0x01;
const NO_AD = new Uint8Array(0);

/** Plaintext bytes per transport message: 65,535 less the tag and our one flag byte. */
export const MAX_FRAGMENT_BYTES = MAX_NOISE_MESSAGE - TAG_LENGTH - 1;
/** A pipe message is reassembled up to this size; a Link frame is at most 128 KiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

export type SecureChannelFailure =
  | 'handshake-timeout'
  | 'handshake-failed'
  | 'wrong-peer'
  | 'transport-closed'
  | 'undecryptable'
  | 'malformed'
  | 'oversized'
  | 'closed';

export class SecureChannelError extends Error {
  constructor(
    readonly reason: SecureChannelFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SecureChannelError';
  }
}

export interface SecureChannelOptions {
  identity: Pick<Identity, 'peerId' | 'dh'>;
  /** The side that dials sends the first handshake message. */
  initiator: boolean;
  /** Who must be at the other end: their identity key must be the Noise static key they prove. */
  remote: PeerId;
  randomBytes: (n: number) => Uint8Array;
  timeoutMs?: number;
  maxMessageBytes?: number;
}

/** Resolves with the open pipe once the handshake has proven `remote`; rejects with SecureChannelError. */
export async function secureChannel(transport: Pipe, options: SecureChannelOptions): Promise<SecurePipe> {
  const pipe = new SecurePipe(transport, options);
  await pipe.ready;
  return pipe;
}

export class SecurePipe extends PipeBase {
  readonly label: string;
  readonly route: PipeRoute;
  /** Settles when the handshake completes or fails. */
  readonly ready: Promise<void>;
  /** Why the pipe ended, unless it was closed on this side. */
  failure: SecureChannelError | undefined;
  private handshake: HandshakeState | undefined;
  private ciphers: { send: CipherState; receive: CipherState } | undefined;
  private readonly expectedRemote: Uint8Array;
  private readonly maxMessageBytes: number;
  private fragments: Uint8Array[] = [];
  private fragmentBytes = 0;
  private readonly settled = deferred<void>({ quiet: true });
  private readonly disposers: Array<() => void> = [];

  constructor(
    private readonly transport: Pipe,
    options: SecureChannelOptions,
  ) {
    super();
    this.label = `noise(${transport.label})`;
    this.route = transport.route ?? 'direct';
    this.ready = this.settled.promise;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const { identity, initiator, remote } = options;
    this.expectedRemote = x25519PublicKeyOf(remote);
    const [first, second] = initiator ? [identity.peerId, remote] : [remote, identity.peerId];
    this.handshake = new HandshakeState({
      pattern: XX,
      initiator,
      prologue: utf8.encode(`${SECURE_PIPE_PROLOGUE}\n${first}\n${second}`),
      s: { publicKey: x25519PublicKeyOf(identity.peerId), dh: (key) => identity.dh(key) },
      randomBytes: options.randomBytes,
    });
    const timer = setTimeout(
      () => this.fail('handshake-timeout', 'the other side did not complete the secure handshake'),
      options.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
    );
    this.disposers.push(
      () => clearTimeout(timer),
      transport.onDidReceive((data) => this.receive(data)),
      transport.onDidClose(() => this.fail('transport-closed', 'the transport closed')),
    );
    if (initiator) this.writeHandshake();
  }

  get bufferedAmount(): number {
    return this.transport.bufferedAmount;
  }

  override get isOpen(): boolean {
    return super.isOpen && this.ciphers !== undefined && this.transport.isOpen;
  }

  protected transmit(data: Uint8Array): void {
    const send = this.ciphers!.send;
    let offset = 0;
    do {
      const chunk = data.subarray(offset, offset + MAX_FRAGMENT_BYTES);
      offset += chunk.length;
      const flags = offset < data.length ? FLAG_MORE_FRAGMENTS : 0;
      this.transport.send(send.encryptWithAd(NO_AD, concatBytes(Uint8Array.of(flags), chunk)));
    } while (offset < data.length);
  }

  override close(): void {
    this.fail('closed', 'closed locally');
    this.failure = undefined;
  }

  private writeHandshake(): void {
    this.transport.send(this.handshake!.writeMessage(new Uint8Array(0)));
  }

  private receive(data: Uint8Array): void {
    if (!super.isOpen) return;
    if (this.handshake) return this.receiveHandshake(this.handshake, data);
    let plaintext: Uint8Array;
    try {
      plaintext = this.ciphers!.receive.decryptWithAd(NO_AD, data);
    } catch {
      return this.fail('undecryptable', 'a message did not authenticate (altered, replayed, reordered or lost on the way)');
    }
    const flags = plaintext[0];
    if (flags === undefined || (flags & ~FLAG_MORE_FRAGMENTS) !== 0) return this.fail('malformed', 'unknown fragment flags');
    const chunk = plaintext.subarray(1);
    if (this.fragmentBytes + chunk.length > this.maxMessageBytes)
      return this.fail('oversized', `a message longer than ${this.maxMessageBytes} bytes`);
    if (flags & FLAG_MORE_FRAGMENTS) {
      this.fragments.push(chunk);
      this.fragmentBytes += chunk.length;
      return;
    }
    const whole = this.fragments.length > 0 ? concatBytes(...this.fragments, chunk) : chunk;
    this.fragments = [];
    this.fragmentBytes = 0;
    this.deliver(whole);
  }

  private receiveHandshake(handshake: HandshakeState, data: Uint8Array): void {
    try {
      handshake.readMessage(data);
      // The initiator learns the responder's key in message 2 and checks it before revealing its own.
      const remote = handshake.remoteStatic;
      if (remote && !sameBytes(remote, this.expectedRemote))
        return this.fail('wrong-peer', 'the other side proved a different identity key');
      if (handshake.isOurTurn) this.writeHandshake();
    } catch (error) {
      return this.fail('handshake-failed', error instanceof Error ? error.message : String(error));
    }
    if (!handshake.isComplete) return;
    this.ciphers = handshake.split();
    this.handshake = undefined;
    this.disposers.shift()!(); // the handshake timer
    this.settled.resolve();
  }

  private fail(reason: SecureChannelFailure, message: string): void {
    if (!super.isOpen) return;
    this.failure = new SecureChannelError(reason, message);
    for (const dispose of this.disposers.splice(0)) dispose();
    this.settled.reject(this.failure);
    this.transport.close();
    this.end();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
