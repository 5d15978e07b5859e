import { MAX_MESSAGE_BYTES, MIN_MESSAGE_BYTES } from './frames';

/**
 * Picks the data-channel message size for chunk replies on one link by
 * measuring it, with the transfer's own chunks (no probe traffic):
 *
 * 1. warm-up: the first WARMUP_BYTES are requested at 64 KiB and not measured
 *    (SCTP's congestion window and the JIT are still opening up);
 * 2. then the candidates (16, 64, 256 KiB) take turns in slices of
 *    SLICE_BYTES of requests, ROUNDS times over, so a burst of load from
 *    elsewhere on the machine hurts one slice rather than one candidate;
 * 3. chunks arrive one after another on a link, so the gap between a chunk's
 *    arrival and the one before it is the time the link spent delivering it.
 *    Each candidate's rate is its chunks' bytes over the sum of their gaps
 *    (gaps over IDLE_MS are the source waiting for requests, not the link,
 *    and are left out). Attributing per chunk, not per slice, keeps slices
 *    that overlap in flight (a window holds several) from blurring together;
 * 4. the fastest wins, except that one within TIE (15 %) of the best loses to
 *    a larger one: fewer messages cost less CPU at both ends, every send is a
 *    synchronous hop into the WebRTC stack, and on a loaded machine the rates
 *    scatter by about that much.
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
const IDLE_MS = 100;
const TIE = 0.15;

interface Slice {
  size: number;
  requested: number;
  warmup: boolean;
}

export class MessageSizeTuner {
  private readonly slices: Slice[];
  private current = 0;
  private choice: number | undefined;
  private lastArrivalAt: number | undefined;
  private readonly tally = new Map<number, { bytes: number; ms: number; arrived: number }>();
  private warmupArrived = 0;

  constructor(fixed?: number) {
    this.choice = fixed;
    this.slices = [{ size: WARMUP_SIZE, requested: 0, warmup: true }];
    for (let round = 0; round < ROUNDS; round++)
      for (const size of MESSAGE_SIZE_CANDIDATES) this.slices.push({ size, requested: 0, warmup: false });
    for (const size of MESSAGE_SIZE_CANDIDATES) this.tally.set(size, { bytes: 0, ms: 0, arrived: 0 });
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
    const gap = this.lastArrivalAt === undefined ? undefined : at - this.lastArrivalAt;
    this.lastArrivalAt = at;
    if (this.choice) return;
    const inWarmup = this.warmupArrived < WARMUP_BYTES;
    if (inWarmup && size === WARMUP_SIZE) {
      this.warmupArrived += bytes;
      return;
    }
    const tally = this.tally.get(size);
    if (!tally) return;
    tally.arrived += bytes;
    if (gap !== undefined && gap <= IDLE_MS) {
      tally.bytes += bytes;
      tally.ms += gap;
    }
    const wanted = ROUNDS * SLICE_BYTES * 0.75;
    if ([...this.tally.values()].every((t) => t.arrived >= wanted)) this.decide();
  }

  /** Bytes per second each candidate achieved so far, for logs and the benchmark. */
  rates(): Record<number, number | undefined> {
    return Object.fromEntries(MESSAGE_SIZE_CANDIDATES.map((size) => [size, this.rate(size)]));
  }

  private budget(index: number): number {
    return this.slices[index]!.warmup ? WARMUP_BYTES : SLICE_BYTES;
  }

  private rate(size: number): number | undefined {
    const tally = this.tally.get(size);
    return tally && tally.ms > 0 ? (tally.bytes * 1000) / tally.ms : undefined;
  }

  private decide(): void {
    const measured = MESSAGE_SIZE_CANDIDATES.map((size) => ({ size, rate: this.rate(size) ?? 0 }));
    const best = Math.max(...measured.map((m) => m.rate));
    this.choice = measured.filter((m) => m.rate >= best * (1 - TIE)).at(-1)!.size;
  }
}
