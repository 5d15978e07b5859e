import type { WebSocket } from 'ws';
import type { PeerId } from '../../core/identity';
import { TokenBucket } from '../../core/token-bucket';
import type { RelayLimits } from './limits';

/** One end of a circuit as its owner sees it: where its frames go, under which id. */
export interface CircuitEnd {
  peer: RelaySession;
  peerCircuit: number;
  /** Whether this end's owner opened the circuit (it counts against its own limit). */
  opener: boolean;
}

/** Why a client's socket is not being read right now. */
export type PauseReason = 'throttle' | 'congestion';

/** A circuit id that was closed a moment ago: frames still in flight for it are dropped, not held against anyone. */
const RECENTLY_CLOSED = 16;

/**
 * One client connection to the relay: its socket, who it proved to be, its
 * circuits and what it has used of its limits. Kept small, since a super peer
 * holds thousands of idle ones.
 */
export class RelaySession {
  peerId: PeerId | undefined;
  readonly circuits = new Map<number, CircuitEnd>();
  opened = 0;
  incoming = 0;
  lastHeardAt: number;
  quotaWindowStart: number;
  quotaBytes = 0;
  quotaNotified = false;
  throttleNoticeAt = 0;
  strikes: number[] = [];
  /** Set once the relay has let go of this connection (it may still be closing). */
  released = false;
  private nextCircuit = 1;
  private recentlyClosed: number[] = [];
  private pauses: PauseReason[] = [];
  private readonly bucket: TokenBucket;
  authTimer: ReturnType<typeof setTimeout> | undefined;
  throttleTimer: ReturnType<typeof setTimeout> | undefined;
  congestionTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly ws: WebSocket,
    readonly address: string,
    /** The challenge this client must sign. */
    readonly nonce: string,
    limits: RelayLimits,
    now: () => number,
  ) {
    this.bucket = new TokenBucket(limits.bytesPerSecond, limits.burstBytes, now);
    this.lastHeardAt = now();
    this.quotaWindowStart = now();
  }

  get authenticated(): boolean {
    return this.peerId !== undefined;
  }

  /** A fresh circuit id on this connection; ids are per connection, so no client learns another's. */
  allocateCircuit(): number {
    for (;;) {
      const id = this.nextCircuit;
      this.nextCircuit = id >= 0xffff_ffff ? 1 : id + 1;
      if (!this.circuits.has(id)) return id;
    }
  }

  noteClosed(id: number): void {
    this.recentlyClosed.push(id);
    if (this.recentlyClosed.length > RECENTLY_CLOSED) this.recentlyClosed.shift();
  }

  wasRecentlyClosed(id: number): boolean {
    return this.recentlyClosed.includes(id);
  }

  /** Takes bytes from the rate limit; returns how long to stop reading to stay within it. */
  spend(bytes: number): number {
    return this.bucket.take(bytes);
  }

  pause(reason: PauseReason): void {
    if (this.pauses.includes(reason)) return;
    this.pauses.push(reason);
    this.ws.pause();
  }

  resume(reason: PauseReason): void {
    if (!this.pauses.includes(reason)) return;
    this.pauses = this.pauses.filter((r) => r !== reason);
    if (this.pauses.length === 0) this.ws.resume();
  }

  clearTimers(): void {
    clearTimeout(this.authTimer);
    clearTimeout(this.throttleTimer);
    clearInterval(this.congestionTimer);
  }

  get isPaused(): boolean {
    return this.pauses.length > 0;
  }

  isPausedFor(reason: PauseReason): boolean {
    return this.pauses.includes(reason);
  }
}
