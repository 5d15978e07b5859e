import { MAX_MESSAGE_BYTES, MIN_MESSAGE_BYTES } from './frames';

/**
 * Picks the data-channel message size for chunk replies on one link by
 * measuring it, with the transfer's own chunks (no probe traffic):
 *
 * 1. warm-up: the first WARMUP_BYTES are requested at 64 KiB and not measured
 *    (SCTP's congestion window and the JIT are still opening up);
 * 2. then the candidates (16, 64, 256 KiB) take turns in slices of
 *    SLICE_BYTES, ROUNDS times over, so a burst of load from elsewhere on the
 *    machine hurts one slice rather than one candidate. A slice's rate is the
 *    bytes that arrived with it after its first chunk, over the time from that
 *    first arrival to its last (the pipeline is full, so that is the steady rate);
 * 3. each candidate's median slice rate counts, the fastest wins, and one
 *    within TIE of the best loses to a larger one: fewer messages cost less
 *    CPU at both ends, and every send is a synchronous hop into the WebRTC stack.
 *
 * The choice then holds for the life of the link ("once per link"); a
 * download that ends mid-measurement leaves the rest for the next one. About
 * 40 MiB in all. docs/FILES.md records what it picks on wrtc.
 */
export const MESSAGE_SIZE_CANDIDATES = [MIN_MESSAGE_BYTES, 64 * 1024, MAX_MESSAGE_BYTES] as const;
const WARMUP_SIZE = 64 * 1024;
export const WARMUP_BYTES = 4 * 1024 * 1024;
export const SLICE_BYTES = 4 * 1024 * 1024;
export const ROUNDS = 3;
const TIE = 0.05;

interface Slice {
  size: number;
  requested: number;
  arrived: number;
  firstAt?: number;
  lastAt?: number;
  /** Bytes after the first arrival: the first only marks the start of the span. */
  measured: number;
  warmup: boolean;
}

export class MessageSizeTuner {
  private readonly slices: Slice[];
  private current = 0;
  private choice: number | undefined;

  constructor(fixed?: number) {
    this.choice = fixed;
    const slice = (size: number, warmup = false): Slice => ({ size, requested: 0, arrived: 0, measured: 0, warmup });
    this.slices = [slice(WARMUP_SIZE, true)];
    for (let round = 0; round < ROUNDS; round++) for (const size of MESSAGE_SIZE_CANDIDATES) this.slices.push(slice(size));
  }

  get chosen(): number | undefined {
    return this.choice;
  }

  /** The message size for a request of `bytes`. */
  sizeFor(bytes: number): number {
    if (this.choice) return this.choice;
    while (this.current < this.slices.length - 1 && this.slices[this.current]!.requested >= this.budget(this.current))
      this.current++;
    const slice = this.slices[this.current]!;
    slice.requested += bytes;
    return slice.size;
  }

  /** A chunk requested with message size `size` arrived whole. */
  arrived(size: number, bytes: number, at: number): void {
    if (this.choice) return;
    const slice = this.slices.find((s) => s.size === size && s.requested > 0 && s.arrived < s.requested);
    if (!slice) return;
    if (slice.firstAt === undefined) slice.firstAt = at;
    else slice.measured += bytes;
    slice.lastAt = at;
    slice.arrived += bytes;
    if (this.slices.every((s, i) => s.arrived >= this.budget(i) * 0.75)) this.decide();
  }

  /** Median bytes per second each candidate achieved so far, for logs and the benchmark. */
  rates(): Record<number, number | undefined> {
    return Object.fromEntries(MESSAGE_SIZE_CANDIDATES.map((size) => [size, this.median(size)]));
  }

  private budget(index: number): number {
    return this.slices[index]!.warmup ? WARMUP_BYTES : SLICE_BYTES;
  }

  private median(size: number): number | undefined {
    const rates = this.slices
      .filter((s) => !s.warmup && s.size === size && s.firstAt !== undefined && s.lastAt! > s.firstAt)
      .map((s) => (s.measured * 1000) / (s.lastAt! - s.firstAt!))
      .sort((a, b) => a - b);
    return rates.length ? rates[Math.floor(rates.length / 2)] : undefined;
  }

  private decide(): void {
    const measured = MESSAGE_SIZE_CANDIDATES.map((size) => ({ size, rate: this.median(size) ?? 0 }));
    const best = Math.max(...measured.map((m) => m.rate));
    this.choice = measured.filter((m) => m.rate >= best * (1 - TIE)).at(-1)!.size;
  }
}
