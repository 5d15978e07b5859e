import { MAX_MESSAGE_BYTES, MIN_MESSAGE_BYTES } from './frames';

/**
 * Picks the data-channel message size for chunk replies on one link by
 * measuring it, with the transfer's own chunks (no probe traffic):
 *
 * 1. warm-up: the first WARMUP_BYTES are requested at 64 KiB and not measured
 *    (SCTP's congestion window and the JIT are still opening up);
 * 2. then the candidates (256, 64 and 16 KiB) take turns, each for a slice of
 *    SLICE_BYTES of requests, ROUNDS times over. A source serves a session's
 *    requests in order, so a slice's chunks arrive after the previous slice's:
 *    its rate is its bytes after its first chunk over the time from that
 *    first arrival to its last, less pauses over IDLE_MS (no work queued,
 *    such as the time between two downloads);
 * 3. 256 KiB stands unless a smaller size beats it by more than MARGIN (15 %)
 *    in every round, side by side under the same load; then the fastest such
 *    size wins. Fewer, larger messages cost less CPU at both ends and every
 *    send is a synchronous hop into the WebRTC stack, and on a loaded machine
 *    single slices scatter by about that margin, so it takes a consistent win
 *    to give that up (a per-message cost that differs, as over the browser
 *    bridge, is what this is for).
 *
 * The choice then holds for the life of the link ("once per link"); a
 * download that ends mid-measurement leaves the rest for the next one. About
 * 52 MiB in all. docs/FILES.md records what it picks on wrtc.
 */
export const MESSAGE_SIZE_CANDIDATES = [MAX_MESSAGE_BYTES, 64 * 1024, MIN_MESSAGE_BYTES] as const;
const WARMUP_SIZE = 64 * 1024;
export const WARMUP_BYTES = 4 * 1024 * 1024;
export const SLICE_BYTES = 8 * 1024 * 1024;
export const ROUNDS = 2;
const MARGIN = 0.15;
const IDLE_MS = 250;

interface Slice {
  size: number;
  round: number;
  requested: number;
  arrived: number;
  firstAt?: number;
  lastAt?: number;
  /** Bytes after the first arrival: the first only marks the start of the span. */
  measured: number;
  /** Time between its arrivals, less any pause longer than IDLE_MS (the link had no work, e.g. between downloads). */
  elapsed: number;
}

export class MessageSizeTuner {
  private readonly slices: Slice[];
  private current = 0;
  private choice: number | undefined;

  constructor(fixed?: number) {
    this.choice = fixed;
    const slice = (size: number, round: number): Slice => ({ size, round, requested: 0, arrived: 0, measured: 0, elapsed: 0 });
    this.slices = [slice(WARMUP_SIZE, -1)];
    for (let round = 0; round < ROUNDS; round++) for (const size of MESSAGE_SIZE_CANDIDATES) this.slices.push(slice(size, round));
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

  /** A chunk requested with message size `size` arrived whole at `at`. */
  arrived(size: number, bytes: number, at: number): void {
    if (this.choice) return;
    const slice = this.slices.find((s) => s.size === size && s.requested > 0 && s.arrived < s.requested);
    if (!slice) return;
    if (slice.firstAt === undefined) slice.firstAt = at;
    else if (at - slice.lastAt! <= IDLE_MS) {
      slice.measured += bytes;
      slice.elapsed += at - slice.lastAt!;
    }
    slice.lastAt = at;
    slice.arrived += bytes;
    if (this.slices.every((s, i) => s.arrived >= this.budget(i) * 0.75)) this.decide();
  }

  /** Bytes per second each candidate achieved in each round, for logs and the benchmark. */
  rates(): Record<number, Array<number | undefined>> {
    return Object.fromEntries(
      MESSAGE_SIZE_CANDIDATES.map((size) => [
        size,
        this.slices.filter((s) => s.round >= 0 && s.size === size).map((s) => this.rate(s)),
      ]),
    );
  }

  private budget(index: number): number {
    return this.slices[index]!.round < 0 ? WARMUP_BYTES : SLICE_BYTES;
  }

  private rate(slice: Slice): number | undefined {
    return slice.elapsed > 0 ? (slice.measured * 1000) / slice.elapsed : undefined;
  }

  private decide(): void {
    const rates = this.rates();
    const largest = rates[MAX_MESSAGE_BYTES]!;
    let best: { size: number; mean: number } | undefined;
    for (const size of MESSAGE_SIZE_CANDIDATES.slice(1)) {
      const mine = rates[size]!;
      const wins = mine.every((rate, round) => rate !== undefined && rate > (largest[round] ?? 0) * (1 + MARGIN));
      const mean = mine.reduce<number>((sum, rate) => sum + (rate ?? 0), 0) / mine.length;
      if (wins && (!best || mean > best.mean)) best = { size, mean };
    }
    this.choice = best?.size ?? MAX_MESSAGE_BYTES;
  }
}
