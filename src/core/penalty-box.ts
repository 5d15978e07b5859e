/**
 * Who the relay is refusing for now, and for how long. A key (a peer id, or an
 * address before anyone has authenticated) that earns a penalty is refused
 * for `baseMs`, doubling with each repeat up to `maxMs`. Entries are bounded:
 * spoofing many addresses can evict old entries but cannot grow memory.
 */
export interface PenaltyBoxOptions {
  baseMs: number;
  maxMs: number;
  now: () => number;
  /** Failures (such as bad auth attempts) within `windowMs` that earn a penalty. */
  strikesForPenalty?: number;
  windowMs?: number;
  maxEntries?: number;
}

interface Entry {
  until: number;
  level: number;
  strikes: number[];
}

export class PenaltyBox {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: PenaltyBoxOptions) {}

  /** Milliseconds until `key` may come back; 0 when it may now. */
  remainingMs(key: string): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.until - this.options.now()) : 0;
  }

  /** Backs `key` off now; returns for how long. */
  penalize(key: string): number {
    const now = this.options.now();
    const entry = this.entry(key);
    entry.level = Math.min(entry.level + 1, 20);
    const ms = Math.min(this.options.maxMs, this.options.baseMs * 2 ** (entry.level - 1));
    entry.until = now + ms;
    entry.strikes = [];
    return ms;
  }

  /** Counts a failure; penalizes once there are enough in the window. Returns the penalty, or 0. */
  strike(key: string): number {
    const now = this.options.now();
    const entry = this.entry(key);
    const windowMs = this.options.windowMs ?? 60_000;
    entry.strikes = entry.strikes.filter((t) => now - t < windowMs);
    entry.strikes.push(now);
    return entry.strikes.length >= (this.options.strikesForPenalty ?? 3) ? this.penalize(key) : 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (entry) {
      // Re-inserting keeps the Map in least-recently-touched order for eviction.
      this.entries.delete(key);
    } else {
      entry = { until: 0, level: 0, strikes: [] };
      this.evict();
    }
    this.entries.set(key, entry);
    return entry;
  }

  private evict(): void {
    const max = this.options.maxEntries ?? 10_000;
    if (this.entries.size < max) return;
    const now = this.options.now();
    for (const [key, entry] of this.entries) if (entry.until <= now && entry.strikes.length === 0) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size < max) break;
      this.entries.delete(key);
    }
  }
}
