import { b64 } from './bytes';
import { deferred } from './deferred';
import { Emitter } from './events';
import { LinkQualityMeter } from './link-quality';
import { verifySignature, type Identity, type PeerId } from './identity';
import type { Role } from './model';
import type { Pipe } from './pipe';
import type { Platform } from './platform';
import { decodeBinaryFrame, isBinaryFrame, MAX_BINARY_FRAME_BYTES, type BinaryFrame } from './wire/binary';
import { decodeFrame, encodeFrame, type DropReason } from './wire/codec';
import { MAX_CLOCK_SKEW_MS, type Frame, type FrameOf, type OutgoingFrame } from './wire/frames';

export interface LinkOptions {
  identity: Identity;
  platform: Platform;
  localName: string;
  localRole: Role;
  /**
   * Who must answer. Signalling already told both ends (the signed offer and
   * answer), so the hello must come from exactly that key.
   */
  expectedPeer: PeerId;
  handshakeTimeoutMs?: number;
  /** A link that drops this many frames is closed; an honest peer never sends one. */
  maxDroppedFrames?: number;
  /** Whether this side dialled (made the offer); undefined where that is not known. */
  dialled?: boolean;
}

/**
 * After our `bye`, how long the pipe stays open before we close it. The
 * remote stops sending when it reads the bye; closing at once would let
 * @roamhq/wrtc free its native channel while the remote's JavaScript may still
 * be in `send`, which then dereferences null (RTCDataChannel::Send, seen in a
 * core dump of the kill-restart test): a race in wrtc itself, narrowed here.
 */
export const BYE_GRACE_MS = 1000;

export interface RemoteHello {
  peerId: PeerId;
  name: string;
  role: Role;
}

export type LinkState = 'handshaking' | 'ready' | 'closed';

/**
 * A Link is a Pipe after both ends have proven their identity keys. Until the
 * hello verifies, every other frame is dropped; afterwards frames are decoded,
 * checked and handed on, and anything malformed is logged and dropped.
 */
export class Link {
  state: LinkState = 'handshaking';
  remote: RemoteHello | undefined;
  /** Local clock when the last frame arrived; the engine's heartbeat reads it. */
  lastHeardAt: number;
  /** Local clock when the hello verified (0 until then). */
  openedAt = 0;
  readonly quality = new LinkQualityMeter();
  private bytesIn = 0;
  private bytesOut = 0;
  private dropped = 0;
  private readonly disposers: Array<() => void> = [];
  private readonly handshake = deferred<RemoteHello>({ quiet: true });

  readonly onDidReceiveFrame = new Emitter<Frame>();
  /** Bulk frames (file chunks) that skip JSON; see wire/binary.ts. */
  readonly onDidReceiveBinary = new Emitter<BinaryFrame>();
  readonly onDidClose = new Emitter<void>();

  constructor(
    readonly pipe: Pipe,
    private readonly options: LinkOptions,
  ) {
    this.lastHeardAt = options.platform.clock.now();
    this.disposers.push(
      pipe.onDidReceive((data) => this.receive(data)),
      pipe.onDidClose(() => this.teardown('pipe closed')),
    );
  }

  private get log() {
    return this.options.platform.log;
  }

  /** Sends our hello and resolves once the remote's hello has verified. */
  open(): Promise<RemoteHello> {
    if (!this.pipe.isOpen) {
      this.teardown('pipe closed before handshake');
      return this.handshake.promise;
    }
    const timeout = setTimeout(() => {
      if (this.state === 'handshaking') this.teardown('handshake timed out');
    }, this.options.handshakeTimeoutMs ?? 5000);
    this.disposers.push(() => clearTimeout(timeout));
    this.handshake.promise.then(
      () => clearTimeout(timeout),
      () => {},
    );
    this.sendHello(this.options.expectedPeer);
    return this.handshake.promise;
  }

  send(frame: OutgoingFrame): boolean {
    // No isOpen check here: PipeBase.send makes it (a native call on wrtc), and a closed pipe throws.
    if (this.state === 'closed') return false;
    try {
      const bytes = encodeFrame(frame);
      this.pipe.send(bytes);
      this.bytesOut += bytes.length;
      return true;
    } catch (error) {
      // A pipe that has just closed refuses quietly; anything else is worth a line.
      if (this.pipe.isOpen) this.log.warn('send failed', { pipe: this.pipe.label, error: String(error) });
      return false;
    }
  }

  /** Sends an encoded binary frame (wire/binary.ts); false when the link is closed or the frame too big. */
  sendBinary(bytes: Uint8Array): boolean {
    // No isOpen check here: PipeBase.send makes it, and on wrtc each is a native call.
    if (this.state !== 'ready' || bytes.length > MAX_BINARY_FRAME_BYTES) return false;
    try {
      this.pipe.send(bytes);
      this.bytesOut += bytes.length;
      return true;
    } catch (error) {
      // A pipe that has just closed refuses quietly; anything else is worth a line.
      if (this.pipe.isOpen) this.log.warn('send failed', { pipe: this.pipe.label, error: String(error) });
      return false;
    }
  }

  /** Moves the byte counts since the last call into the quality meter. */
  sampleTraffic(now: number): void {
    this.quality.bytes(now, this.bytesIn, this.bytesOut);
    this.bytesIn = 0;
    this.bytesOut = 0;
  }

  /** Whether this side dialled; undefined where that is not known. */
  get dialled(): boolean | undefined {
    return this.options.dialled;
  }

  close(reason = 'closed locally'): void {
    const sayBye = this.state === 'ready' && this.send({ t: 'bye' });
    this.teardown(reason, sayBye ? BYE_GRACE_MS : 0);
  }

  private sendHello(to: PeerId): void {
    const { identity, platform, localName, localRole } = this.options;
    const payload = { from: identity.peerId, to, name: localName, role: localRole, ts: platform.clock.now() };
    this.send({ t: 'hello', ...payload, sig: b64.encode(identity.sign('hello', payload)) });
  }

  private receive(data: Uint8Array): void {
    if (this.state === 'closed') return;
    this.bytesIn += data.length;
    if (isBinaryFrame(data)) return this.receiveBinary(data);
    const result = decodeFrame(data);
    if (!result.ok) {
      if (result.reason === 'unsupported-version')
        this.send({
          t: 'error',
          code: 'unsupported-version',
          reason: `this node speaks protocol version 1; got ${result.detail}`,
        });
      return this.drop(result.reason, result.detail);
    }
    const frame = result.frame;
    this.lastHeardAt = this.options.platform.clock.now();
    if (this.state === 'handshaking') {
      if (frame.t !== 'hello') return this.drop('unexpected', `${frame.t} before hello`);
      return this.acceptHello(frame);
    }
    if (frame.t === 'hello') return this.drop('unexpected', 'second hello');
    if (frame.t === 'bye') return this.teardown('remote said goodbye');
    this.onDidReceiveFrame.fire(frame);
  }

  private receiveBinary(data: Uint8Array): void {
    if (this.state !== 'ready') return this.drop('unexpected', 'binary frame before hello');
    const result = decodeBinaryFrame(data);
    if (!result.ok) return this.drop(result.reason, result.detail);
    this.lastHeardAt = this.options.platform.clock.now();
    this.onDidReceiveBinary.fire(result.frame);
  }

  private acceptHello(hello: FrameOf<'hello'>): void {
    const { identity, platform, expectedPeer } = this.options;
    const { sig, v: _v, t: _t, ...payload } = hello;
    if (hello.to !== identity.peerId) return this.drop('unexpected', 'hello addressed to another peer');
    if (hello.from !== expectedPeer) {
      this.drop('impersonation', `expected ${expectedPeer}, got ${hello.from}`);
      return this.teardown('wrong peer answered');
    }
    if (Math.abs(platform.clock.now() - hello.ts) > MAX_CLOCK_SKEW_MS) return this.drop('clock-skew', 'hello timestamp');
    if (!verifySignature(hello.from, 'hello', payload, b64.decode(sig))) return this.drop('bad-signature', 'hello');
    this.remote = { peerId: hello.from, name: hello.name, role: hello.role };
    this.openedAt = platform.clock.now();
    this.state = 'ready';
    this.handshake.resolve(this.remote);
  }

  /** Logs why a frame was refused; repeated offenders lose the link. */
  drop(reason: DropReason, detail: string): void {
    this.dropped += 1;
    this.log.warn('dropped frame', { reason, detail, pipe: this.pipe.label, peer: this.remote?.peerId });
    if (this.dropped >= (this.options.maxDroppedFrames ?? 32)) this.teardown('too many bad frames');
  }

  private teardown(reason: string, closePipeAfterMs = 0): void {
    if (this.state === 'closed') return;
    const wasReady = this.state === 'ready';
    this.state = 'closed';
    for (const dispose of this.disposers.splice(0)) dispose();
    this.handshake.reject(new Error(reason));
    this.log.debug('link closed', { reason, pipe: this.pipe.label });
    if (closePipeAfterMs > 0) setTimeout(() => this.pipe.close(), closePipeAfterMs);
    else this.pipe.close();
    if (wasReady) this.onDidClose.fire();
  }
}
