import type { Clock } from './platform';

/**
 * Timestamps for messages: the wall clock, but never going backwards and
 * never behind a timestamp we have already seen from a peer. A reply is
 * therefore always stamped after the message it answers, even when the
 * replier's clock is behind, and every member sorts the conversation the
 * same way. (A hybrid logical clock with the counter folded into the
 * millisecond: it stays close to real time while fewer than 1,000 messages a
 * second are stamped.)
 */
export class HybridClock {
  private last: number;

  constructor(
    private readonly clock: Clock,
    /** The newest timestamp already used or seen, so a restart cannot go back in time. */
    floor = 0,
    /** Timestamps further ahead of our wall clock than this are not adopted. */
    private readonly maxAheadMs = 5 * 60 * 1000,
  ) {
    this.last = floor;
  }

  now(): number {
    this.last = Math.max(this.clock.now(), this.last + 1);
    return this.last;
  }

  /** Takes note of a peer's timestamp so our next one sorts after it. */
  observe(remote: number): void {
    if (remote <= this.clock.now() + this.maxAheadMs) this.last = Math.max(this.last, remote);
  }
}
