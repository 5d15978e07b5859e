/**
 * Bytes per second over a sliding window, for scheduling (which source is
 * faster) and for what a person sees (speed, time left). The window is short
 * enough to follow a source that slows down and long enough to smooth the
 * burstiness of 256 KiB messages.
 */
export class RateMeter {
  private readonly samples: Array<{ at: number; bytes: number }> = [];
  private sum = 0;

  constructor(private readonly windowMs = 2000) {}

  add(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    this.sum += bytes;
    this.trim(at);
  }

  /** Undefined until two samples span some time: one burst says nothing about a rate. */
  bytesPerSecond(now: number): number | undefined {
    this.trim(now);
    const first = this.samples[0];
    if (!first || this.samples.length < 2) return undefined;
    const span = Math.max(now - first.at, 50);
    // The first sample marks the start of the span, so its bytes belong before it.
    return ((this.sum - first.bytes) * 1000) / span;
  }

  private trim(now: number): void {
    while (this.samples.length > 2 && now - this.samples[0]!.at > this.windowMs) this.sum -= this.samples.shift()!.bytes;
  }
}

/**
 * A token bucket (RFC 2697's single-rate form, without colours): `take`
 * answers how long to wait before `bytes` may go. Used for the optional
 * upload limit, so a node on a shared office link can stay polite.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly bytesPerSecond: number,
    private readonly burstBytes: number,
    now: number,
  ) {
    this.tokens = burstBytes;
    this.updatedAt = now;
  }

  /** Milliseconds to wait before sending `bytes`; the bytes are taken either way. */
  take(bytes: number, now: number): number {
    this.tokens = Math.min(this.burstBytes, this.tokens + ((now - this.updatedAt) * this.bytesPerSecond) / 1000);
    this.updatedAt = now;
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.bytesPerSecond;
  }
}
