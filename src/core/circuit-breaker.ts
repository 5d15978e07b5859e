/**
 * Per-peer dialling policy: retry with exponential backoff and jitter while
 * failures are few (closed), stop trying for a cool-down once they pile up
 * (open), then allow a single trial (half-open). A dead peer thus costs one
 * dial per cool-down, and new evidence that it is back (a fresh advert)
 * skips the wait.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  now: () => number;
  /** In [0, 1); injected so tests can make the timing exact. */
  random: () => number;
  failureThreshold?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  cooldownBaseMs?: number;
  cooldownMaxMs?: number;
}

export class CircuitBreaker {
  state: BreakerState = 'closed';
  failures = 0;
  lastError: string | null = null;
  private opens = 0;
  private openUntil = 0;

  constructor(private readonly options: BreakerOptions) {}

  private jitter(ms: number): number {
    return ms / 2 + this.options.random() * (ms / 2);
  }

  /** Whether a dial may start now; moves an open breaker whose cool-down is over to half-open. */
  canAttempt(): boolean {
    if (this.state === 'open' && this.options.now() >= this.openUntil) this.state = 'half-open';
    return this.state !== 'open';
  }

  /** How long to wait before the next attempt. */
  delayMs(): number {
    if (this.state === 'open') return Math.max(0, this.openUntil - this.options.now());
    if (this.failures === 0) return 0;
    const { retryBaseMs = 500, retryMaxMs = 8000 } = this.options;
    return this.jitter(Math.min(retryMaxMs, retryBaseMs * 2 ** (this.failures - 1)));
  }

  success(): void {
    this.state = 'closed';
    this.failures = 0;
    this.opens = 0;
    this.lastError = null;
  }

  failure(reason: string): void {
    this.failures += 1;
    this.lastError = reason;
    if (this.state === 'half-open' || this.failures >= (this.options.failureThreshold ?? 4)) {
      const { cooldownBaseMs = 15_000, cooldownMaxMs = 300_000 } = this.options;
      this.state = 'open';
      this.openUntil = this.options.now() + this.jitter(Math.min(cooldownMaxMs, cooldownBaseMs * 2 ** this.opens));
      this.opens += 1;
    }
  }

  /** The peer showed a sign of life: let one attempt through at once. */
  nudge(): void {
    if (this.state === 'open') this.state = 'half-open';
    else if (this.state === 'closed') this.failures = Math.min(this.failures, 1);
  }
}
