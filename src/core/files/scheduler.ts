import { Bitfield } from './bitfield';
import { RateMeter } from './rate';

/**
 * Which chunk to ask which source for. Pure policy, no I/O: the download
 * tells it what arrived, verified, failed or went quiet, and asks it what to
 * request next (test/unit/files-scheduler.test.ts drives it with a fake clock).
 *
 * - **Pull, with a window per source sized by its measured rate** (bytes it can
 *   deliver in `targetQueueMs`). A faster source drains its window sooner, asks
 *   again sooner and so gets more chunks; a slow one never hoards the tail.
 * - **In order**, lowest missing chunk first: sequential disk writes, and a
 *   partial file that is a prefix. Chunks given back (stall, failure, a source
 *   leaving) are retried first.
 * - **Stalls**: a source with requests out and no bytes for
 *   max(`stallMs`, three chunks' time at its rate) is marked stalled; its
 *   chunks become requestable elsewhere and its window drops to one chunk until
 *   it delivers again. Whatever arrives first wins; the other request is cancelled.
 * - **Endgame**: once nothing is left unrequested, an idle source may duplicate
 *   a chunk held by a slower one.
 * - **Bad chunks**: a chunk that fails its proof is never asked of that source
 *   again, the source's window halves, and at `maxStrikes` it is dropped.
 */
export interface SchedulerOptions {
  chunkCount: number;
  /** Sealed bytes of chunk `index`: what the wire carries. */
  chunkBytes(index: number): number;
  /** Chunks already verified (for example before a restart). */
  verified: Bitfield;
  now(): number;
  targetQueueMs?: number;
  initialWindowBytes?: number;
  maxWindowBytes?: number;
  stallMs?: number;
  maxStrikes?: number;
  /** Free window, in bytes, worth a new request to a busy source. */
  batchBytes?: number;
}

export type SourceId = string;

interface SourceState {
  have: Bitfield | 'all';
  inFlight: Set<number>;
  inFlightBytes: number;
  banned: Set<number>;
  strikes: number;
  rate: RateMeter;
  lastProgressAt: number;
  stalled: boolean;
}

/** How far past the cursor one fill looks for a chunk a partial source holds. */
const SCAN_LIMIT = 4096;

export class Scheduler {
  private readonly sources = new Map<SourceId, SourceState>();
  /** Sources that misbehaved; they are not taken back for this file. */
  private readonly dropped = new Set<SourceId>();
  /** Chunk → the sources it is requested from. */
  private readonly holders = new Map<number, Set<SourceId>>();
  /** Requested once, given back since; asked for again before anything new. */
  private readonly retry = new Set<number>();
  /** Every chunk below it is verified or requested. */
  private cursor = 0;
  readonly verified: Bitfield;
  private readonly options: Required<Omit<SchedulerOptions, 'verified'>>;

  constructor(options: SchedulerOptions) {
    this.verified = new Bitfield(options.chunkCount, options.verified.bytes);
    this.options = {
      targetQueueMs: 300,
      initialWindowBytes: 1024 * 1024,
      maxWindowBytes: 16 * 1024 * 1024,
      stallMs: 3000,
      maxStrikes: 2,
      batchBytes: 4 * 1024 * 1024,
      ...options,
    };
  }

  get done(): boolean {
    return this.verified.complete;
  }

  isDropped(id: SourceId): boolean {
    return this.dropped.has(id);
  }

  has(id: SourceId): boolean {
    return this.sources.has(id);
  }

  /** A source answered with what it holds. Returns false for a source dropped earlier. */
  addSource(id: SourceId, have: Bitfield | 'all'): boolean {
    if (this.dropped.has(id)) return false;
    this.removeSource(id);
    this.sources.set(id, {
      have,
      inFlight: new Set(),
      inFlightBytes: 0,
      banned: new Set(),
      strikes: 0,
      rate: new RateMeter(),
      lastProgressAt: this.options.now(),
      stalled: false,
    });
    return true;
  }

  sourceHas(id: SourceId, indices: readonly number[]): void {
    const source = this.sources.get(id);
    if (!source || source.have === 'all') return;
    for (const index of indices) source.have.set(index);
  }

  /** The source left (link closed, file gone); what it held becomes requestable elsewhere. */
  removeSource(id: SourceId): void {
    const source = this.sources.get(id);
    if (!source) return;
    this.sources.delete(id);
    for (const index of source.inFlight) this.unhold(id, index);
  }

  sourceIds(): SourceId[] {
    return [...this.sources.keys()];
  }

  rateOf(id: SourceId): number | undefined {
    return this.sources.get(id)?.rate.bytesPerSecond(this.options.now());
  }

  inFlightAt(id: SourceId): number[] {
    return [...(this.sources.get(id)?.inFlight ?? [])];
  }

  windowBytes(id: SourceId): number {
    const source = this.sources.get(id);
    if (!source) return 0;
    const oneChunk = this.options.chunkBytes(0);
    if (source.stalled) return oneChunk;
    const rate = source.rate.bytesPerSecond(this.options.now());
    const sized = rate === undefined ? this.options.initialWindowBytes : (rate * this.options.targetQueueMs) / 1000;
    const penalised = sized / 2 ** source.strikes;
    return Math.max(2 * oneChunk, Math.min(this.options.maxWindowBytes, penalised));
  }

  /**
   * Chunks to request from `id` now, lowest first; they count as in flight
   * there. While the source is busy, requests wait until a batch's worth of
   * its window is free: every frame sent is a synchronous hop into the WebRTC
   * stack, so one request per chunk would cost throughput for nothing.
   */
  fill(id: SourceId): number[] {
    const source = this.sources.get(id);
    if (!source) return [];
    const room = () => this.windowBytes(id) - source.inFlightBytes;
    const batch = Math.min(this.options.batchBytes, this.windowBytes(id) / 2);
    if (source.inFlight.size > 0 && room() < batch) return [];
    const taken: number[] = [];
    const take = (index: number) => {
      this.hold(id, source, index);
      taken.push(index);
    };
    for (const index of [...this.retry].sort((a, b) => a - b)) {
      if (room() <= 0) return taken;
      if (this.eligible(source, index)) {
        this.retry.delete(index);
        take(index);
      }
    }
    let contiguous = true;
    const end = Math.min(this.options.chunkCount, this.cursor + SCAN_LIMIT);
    for (let index = this.cursor; index < end && room() > 0; index++) {
      const settled = this.verified.has(index) || this.holders.has(index) || this.retry.has(index);
      if (!settled && this.eligible(source, index)) take(index);
      else if (!settled) contiguous = false;
      if (contiguous) this.cursor = index + 1;
    }
    if (taken.length === 0 && room() > 0) {
      const duplicate = this.endgameChunk(id, source);
      if (duplicate !== undefined) take(duplicate);
    }
    return taken;
  }

  /** Some bytes arrived from `id` (any piece of any chunk): it is alive. */
  progress(id: SourceId, bytes: number): void {
    const source = this.sources.get(id);
    if (!source) return;
    const now = this.options.now();
    source.rate.add(now, bytes);
    source.lastProgressAt = now;
    source.stalled = false;
  }

  /**
   * Chunk `index` from `id` verified. Returns the other sources it was also
   * requested from, whose requests should now be cancelled.
   */
  delivered(id: SourceId, index: number): SourceId[] {
    this.verified.set(index);
    this.retry.delete(index);
    const others = [...(this.holders.get(index) ?? [])].filter((other) => other !== id);
    for (const holder of [...(this.holders.get(index) ?? [])]) this.unhold(holder, index);
    return others;
  }

  /** Chunk `index` from `id` failed its proof. */
  failed(id: SourceId, index: number): 'penalised' | 'dropped' {
    const source = this.sources.get(id);
    if (!source) return 'dropped';
    source.banned.add(index);
    source.strikes++;
    this.unhold(id, index);
    if (source.strikes < this.options.maxStrikes) return 'penalised';
    this.dropped.add(id);
    this.removeSource(id);
    return 'dropped';
  }

  /** The source will not send these after all (it said so, or we cancelled them). */
  released(id: SourceId, indices: readonly number[], notHeld = false): void {
    const source = this.sources.get(id);
    if (!source) return;
    for (const index of indices) {
      if (notHeld) source.banned.add(index);
      this.unhold(id, index);
    }
  }

  /** Marks quiet sources stalled and frees their chunks; returns those newly stalled. */
  tick(): SourceId[] {
    const now = this.options.now();
    const stalled: SourceId[] = [];
    for (const [id, source] of this.sources) {
      if (source.stalled || source.inFlight.size === 0) continue;
      const rate = source.rate.bytesPerSecond(now);
      const limit = Math.max(this.options.stallMs, rate ? (3000 * this.options.chunkBytes(0)) / rate : 0);
      if (now - source.lastProgressAt <= limit) continue;
      source.stalled = true;
      stalled.push(id);
      for (const index of source.inFlight) if (this.holders.get(index)?.size === 1) this.retry.add(index);
    }
    return stalled;
  }

  private eligible(source: SourceState, index: number): boolean {
    return (
      !this.verified.has(index) &&
      !source.inFlight.has(index) &&
      !source.banned.has(index) &&
      (source.have === 'all' || source.have.has(index))
    );
  }

  /** The in-flight chunk held by the slowest (or stalled) other source, if `id` is faster. */
  private endgameChunk(id: SourceId, source: SourceState): number | undefined {
    if (source.stalled) return undefined;
    const now = this.options.now();
    const myRate = source.rate.bytesPerSecond(now) ?? 0;
    let best: { index: number; rate: number } | undefined;
    for (const [index, holders] of this.holders) {
      if (holders.size !== 1 || !this.eligible(source, index)) continue;
      const holder = this.sources.get([...holders][0]!);
      const rate = holder?.stalled ? -1 : (holder?.rate.bytesPerSecond(now) ?? 0);
      if (rate < myRate && (!best || rate < best.rate)) best = { index, rate };
    }
    return best?.index;
  }

  private hold(id: SourceId, source: SourceState, index: number): void {
    source.inFlight.add(index);
    source.inFlightBytes += this.options.chunkBytes(index);
    let holders = this.holders.get(index);
    if (!holders) this.holders.set(index, (holders = new Set()));
    holders.add(id);
  }

  private unhold(id: SourceId, index: number): void {
    const source = this.sources.get(id);
    if (source?.inFlight.delete(index)) source.inFlightBytes -= this.options.chunkBytes(index);
    const holders = this.holders.get(index);
    if (!holders?.delete(id)) return;
    if (holders.size > 0) return;
    this.holders.delete(index);
    if (!this.verified.has(index)) this.retry.add(index);
  }
}
