import { Emitter } from './events';

/** `relayed`: the bytes pass through a super peer (end-to-end encrypted; see docs/SECURITY.md). */
export type PipeRoute = 'direct' | 'relayed';

/**
 * A Pipe is an ordered, reliable, message-oriented byte channel: in practice a
 * WebRTC data channel, whether it lives in @roamhq/wrtc, in the renderer's
 * Chromium (bridged over a MessagePort or a WebSocket), or a secure channel
 * through a super peer's relay (noise/secure-pipe.ts). The engine only ever
 * sees this interface.
 */
export interface Pipe {
  /** A short description for logs, such as the remote address. */
  readonly label: string;
  /** Bytes accepted by send() but not yet handed to the network. */
  readonly bufferedAmount: number;
  readonly isOpen: boolean;
  /** Whether bytes pass through another machine on the way; absent means direct. */
  readonly route?: PipeRoute;
  /** Throws when the pipe is closed. Each call arrives as one message on the other side. */
  send(data: Uint8Array): void;
  close(): void;
  onDidReceive(listener: (data: Uint8Array) => void): () => void;
  onDidClose(listener: () => void): () => void;
}

/** The bookkeeping every Pipe shares: listeners, and closing exactly once. */
export abstract class PipeBase implements Pipe {
  private readonly received = new Emitter<Uint8Array>();
  private readonly closed = new Emitter<void>();
  private ended = false;
  /**
   * Bytes that arrive before anyone listens (the remote's hello can beat the
   * engine's subscription) wait here, within a bound, instead of being lost.
   */
  private early: Uint8Array[] | undefined = [];
  private static readonly EARLY_LIMIT = 64;

  abstract readonly label: string;
  abstract readonly bufferedAmount: number;
  protected abstract transmit(data: Uint8Array): void;

  get isOpen(): boolean {
    return !this.ended;
  }

  send(data: Uint8Array): void {
    if (!this.isOpen) throw new Error('pipe is closed');
    this.transmit(data);
  }

  close(): void {
    this.end();
  }

  /** Marks the pipe closed and tells listeners; later calls do nothing. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.closed.fire();
  }

  /**
   * Holds arriving bytes again (within the same bound) until the next
   * listener subscribes, for handing a pipe from one reader to the next (a
   * relayed dial's preamble, then the link) without losing what arrives in
   * between.
   */
  holdUntilNextListener(): void {
    this.early ??= [];
  }

  /** Hands bytes that arrived to the listeners. */
  deliver(data: Uint8Array): void {
    if (this.ended) return;
    if (this.early) {
      if (this.early.length < PipeBase.EARLY_LIMIT) this.early.push(data);
      return;
    }
    this.received.fire(data);
  }

  onDidReceive(listener: (data: Uint8Array) => void): () => void {
    const off = this.received.on(listener);
    const early = this.early;
    this.early = undefined;
    for (const data of early ?? []) listener(data);
    return off;
  }

  onDidClose(listener: () => void): () => void {
    return this.closed.on(listener);
  }
}
