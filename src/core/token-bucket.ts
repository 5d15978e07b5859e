/**
 * A token bucket: `rate` tokens a second, at most `burst` saved up. A relay
 * takes one token per byte. `take` lets the balance go negative and says how
 * long until it is back at zero, so the caller can stop reading for exactly
 * that long: the rate holds over any window, and a frame already in memory
 * is never thrown away.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    if (!(rate > 0) || !(burst > 0)) throw new RangeError('a token bucket needs a positive rate and burst');
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.rate) / 1000);
    this.last = t;
  }

  /** Tokens available now (negative while in debt). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes `n` tokens, into debt if need be; returns the milliseconds until the debt is paid. */
  take(n: number): number {
    this.refill();
    this.tokens -= n;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }

  /** Takes `n` tokens only if they are all there. */
  tryTake(n: number): boolean {
    this.refill();
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}
