import { MAX_MESSAGE_BYTES, MIN_MESSAGE_BYTES } from './frames';

/**
 * Picks the data-channel message size for chunk replies on one link by
 * measuring it, with the transfer's own chunks (no probe traffic):
 *
 * 1. warm-up: the first WARMUP_BYTES are requested at 64 KiB and not measured
 *    (SCTP's congestion window and the JIT are still opening up);
 * 2. each candidate (16, 64, 256 KiB) is then used for PROBE_BYTES worth of
 *    requests, and its rate is the bytes that arrived with it divided by the
 *    time from its first arrival to its last (the pipeline is full, so that
 *    is the steady-state rate);
 * 3. the fastest wins; a candidate within TIE of the best loses to a larger
 *    one, since fewer messages cost less CPU at both ends.
 *
 * The choice then holds for the life of the link ("once per link"); a
 * download that ends mid-probe leaves the probe for the next one.
 * docs/FILES.md records what it picks on wrtc and why.
 */
export const MESSAGE_SIZE_CANDIDATES = [MIN_MESSAGE_BYTES, 64 * 1024, MAX_MESSAGE_BYTES] as const;
const WARMUP_SIZE = 64 * 1024;
export const WARMUP_BYTES = 4 * 1024 * 1024;
export const PROBE_BYTES = 8 * 1024 * 1024;
const TIE = 0.05;

interface Phase {
  size: number;
  requested: number;
  arrived: number;
  firstAt?: number;
  lastAt?: number;
  /** Bytes after the first arrival: the first only marks the start of the span. */
  measured: number;
}

export class MessageSizeTuner {
  private readonly phases: Phase[] = [WARMUP_SIZE, ...MESSAGE_SIZE_CANDIDATES].map((size) => ({
    size,
    requested: 0,
    arrived: 0,
    measured: 0,
  }));
  private current = 0;
  private choice: number | undefined;

  constructor(fixed?: number) {
    this.choice = fixed;
  }

  get chosen(): number | undefined {
    return this.choice;
  }

  /** The message size for a request of `bytes`. */
  sizeFor(bytes: number): number {
    if (this.choice) return this.choice;
    while (this.current < this.phases.length && this.phases[this.current]!.requested >= this.budget(this.current)) this.current++;
    const phase = this.phases[Math.min(this.current, this.phases.length - 1)]!;
    phase.requested += bytes;
    return phase.size;
  }

  /** A chunk requested with message size `size` arrived whole. */
  arrived(size: number, bytes: number, at: number): void {
    if (this.choice) return;
    const phase = this.phases.findLast((p) => p.size === size && p.requested > 0 && p.arrived < p.requested);
    if (!phase) return;
    if (phase.firstAt === undefined) phase.firstAt = at;
    else phase.measured += bytes;
    phase.lastAt = at;
    phase.arrived += bytes;
    if (this.phases.every((p, i) => p.arrived >= this.budget(i) * 0.75)) this.decide();
  }

  /** Bytes per second each candidate achieved, for logs and the benchmark. */
  rates(): Record<number, number | undefined> {
    return Object.fromEntries(this.phases.slice(1).map((p) => [p.size, this.rate(p)]));
  }

  private budget(phase: number): number {
    return phase === 0 ? WARMUP_BYTES : PROBE_BYTES;
  }

  private rate(phase: Phase): number | undefined {
    if (phase.firstAt === undefined || phase.lastAt === undefined || phase.lastAt <= phase.firstAt) return undefined;
    return (phase.measured * 1000) / (phase.lastAt - phase.firstAt);
  }

  private decide(): void {
    const measured = this.phases.slice(1).map((p) => ({ size: p.size, rate: this.rate(p) ?? 0 }));
    const best = Math.max(...measured.map((m) => m.rate));
    this.choice = measured.filter((m) => m.rate >= best * (1 - TIE)).at(-1)!.size;
  }
}
