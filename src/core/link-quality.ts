import type { LinkQuality } from './model';

const PING_WINDOW = 10;
const RATE_WINDOW_MS = 10_000;

/**
 * Round trip and loss from the engine's own pings, throughput from the
 * frames that really crossed the link: what a person experiences, measured
 * the same way whichever WebRTC stack carries the link.
 */
export class LinkQualityMeter {
  private readonly pings = new Map<number, number>();
  private readonly outcomes: Array<number | null> = [];
  private readonly traffic: Array<{ at: number; inBytes: number; outBytes: number }> = [];

  pingSent(n: number, at: number): void {
    this.pings.set(n, at);
    // A ping still unanswered when the next window starts counts as lost.
    for (const [old, sentAt] of this.pings) {
      if (old === n) continue;
      if (at - sentAt > 5000) {
        this.pings.delete(old);
        this.record(null);
      }
    }
  }

  pongReceived(n: number, at: number): void {
    const sentAt = this.pings.get(n);
    if (sentAt === undefined) return;
    this.pings.delete(n);
    this.record(at - sentAt);
  }

  bytes(at: number, inBytes: number, outBytes: number): void {
    this.traffic.push({ at, inBytes, outBytes });
    while (this.traffic.length > 0 && at - this.traffic[0]!.at > RATE_WINDOW_MS) this.traffic.shift();
  }

  private record(rtt: number | null): void {
    this.outcomes.push(rtt);
    if (this.outcomes.length > PING_WINDOW) this.outcomes.shift();
  }

  snapshot(now: number): LinkQuality {
    const rtts = this.outcomes.filter((x): x is number => x !== null).sort((a, b) => a - b);
    const recent = this.traffic.filter((t) => now - t.at <= RATE_WINDOW_MS);
    const seconds = RATE_WINDOW_MS / 1000;
    return {
      rttMs: rtts.length ? Math.round(rtts[Math.floor(rtts.length / 2)]! * 10) / 10 : null,
      lossPercent: this.outcomes.length ? Math.round(((this.outcomes.length - rtts.length) / this.outcomes.length) * 100) : null,
      inBytesPerSecond: Math.round(recent.reduce((s, t) => s + t.inBytes, 0) / seconds),
      outBytesPerSecond: Math.round(recent.reduce((s, t) => s + t.outBytes, 0) / seconds),
    };
  }
}
