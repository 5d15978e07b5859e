import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TAG_BYTES } from '../../core/files/crypto';
import type { Logger } from '../../core/platform';
import {
  ChunkJobError,
  runChunkJob,
  slotView,
  SLOT_BYTES,
  type ChunkJob,
  type ChunkJobDone,
  type ChunkJobReply,
  type SlotRef,
} from './chunk-jobs';

/** What the worker thread is started with. */
export interface ChunkWorkerData {
  pool: SharedArrayBuffer;
}

/** Starts the worker thread; the host knows where its script is (cli/main.ts, electron/main.ts, tests). */
export type SpawnChunkWorker = (data: ChunkWorkerData) => Worker;

/**
 * The worker electron-vite builds beside the entry points (electron.vite.config.ts),
 * for an entry to pass its own `import.meta.url`; undefined when run from source.
 */
export function bundledChunkWorker(entryUrl: string): SpawnChunkWorker | undefined {
  const script = fileURLToPath(new URL('./chunk-worker.js', entryUrl));
  return existsSync(script) ? (data) => new Worker(script, { workerData: data }) : undefined;
}

export interface ChunkWorkerOptions {
  log: Logger;
  /** Without it, jobs run on the main thread: correct, and slower at LAN speeds. */
  spawn?: SpawnChunkWorker;
  /** Chunks in flight at once (each slot is one sealed chunk, ~256 KiB of shared memory). */
  slots?: number;
}

type JobOf<Op extends ChunkJob['op']> = Omit<Extract<ChunkJob, { op: Op }>, 'op' | 'id' | 'slot'>;

interface Pending {
  job: ChunkJob;
  resolve(done: ChunkJobDone): void;
  reject(error: Error): void;
}

/**
 * Indexes the files a node offers, seals the chunks it serves and opens the
 * chunks it receives, on a worker thread, reading and writing through file
 * descriptors the main thread owns.
 *
 * Why a thread: Node's crypto returns every output in a new buffer, and at
 * LAN speeds that is 100 MB/s of short-lived external memory. V8 counts it
 * against the old generation's headroom, which on a backend's ~15 MB heap is
 * ~15 MB, so a receiving node ran a full collection every ~150 ms, on the main
 * thread and four marking helpers (docs/FILES.md, "The file worker"). Here
 * those buffers live in a heap of a few hundred KB, and the main thread
 * allocates nothing per chunk: bytes cross in a pool of shared slots, copied
 * once each way (wrtc can neither send from nor hand over shared memory).
 */
export class ChunkWorker {
  private readonly pool: SharedArrayBuffer;
  private readonly free: number[];
  private readonly waiting: Array<(slot: number) => void> = [];
  private readonly pending = new Map<number, Pending>();
  private readonly jobsOnFd = new Map<number, Set<Promise<unknown>>>();
  private readonly scratch = { plain: new Uint8Array(0) };
  private worker: Worker | undefined;
  private online = false;
  /** No worker could start: jobs run here. */
  private inline: boolean;
  private nextId = 1;
  private stopped = false;

  constructor(private readonly options: ChunkWorkerOptions) {
    const slots = options.slots ?? 16;
    this.pool = new SharedArrayBuffer(slots * SLOT_BYTES);
    this.free = Array.from({ length: slots }, (_, i) => slots - 1 - i);
    this.inline = !options.spawn;
  }

  /** Whether jobs run on a worker thread (false: on the main thread, after a failed start or without a script). */
  get threaded(): boolean {
    return !this.inline;
  }

  /**
   * Reads plaintext chunk `index`, seals it into `into` and checks it against
   * `leaf`; the sealed length. Rejects with ChunkJobError: `changed` when the
   * bytes on disk are not those the root names, `unreadable` otherwise.
   */
  seal(job: JobOf<'seal'>, into: Uint8Array): Promise<number> {
    return this.onFd(
      job.fd,
      this.withSlot(job.length + TAG_BYTES, async (slot, view) => {
        const { length } = await this.run({ op: 'seal', ...job, id: 0, slot });
        into.set(view.subarray(0, length));
        return length;
      }),
    );
  }

  /**
   * Reads plaintext chunk `index`, seals it and answers its leaf hash: what an
   * offer's tree is built from. Rejects with ChunkJobError `changed` on a short read.
   */
  index(job: JobOf<'index'>): Promise<Uint8Array> {
    return this.onFd(
      job.fd,
      this.withSlot(job.length + TAG_BYTES, async (slot) => (await this.run({ op: 'index', ...job, id: 0, slot })).leaf!),
    );
  }

  /**
   * Opens sealed chunk `index` and writes its plaintext at `position`.
   * Rejects with ChunkJobError: `bad-key`, `no-space` or `io`.
   */
  open(job: Omit<JobOf<'open'>, 'length'>, sealed: Uint8Array): Promise<void> {
    return this.onFd(
      job.fd,
      this.withSlot(sealed.length, async (slot, view) => {
        view.set(sealed);
        await this.run({ op: 'open', ...job, length: sealed.length, id: 0, slot });
      }),
    );
  }

  /** Resolves once no job on `fd` is waiting or running: only then may it be closed, since its number can be reused. */
  async settled(fd: number): Promise<void> {
    await Promise.allSettled([...(this.jobsOnFd.get(fd) ?? [])]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = undefined;
    this.fail('the file worker was stopped');
    await worker?.terminate();
  }

  private onFd<T>(fd: number, job: Promise<T>): Promise<T> {
    let jobs = this.jobsOnFd.get(fd);
    if (!jobs) this.jobsOnFd.set(fd, (jobs = new Set()));
    jobs.add(job);
    const done = () => {
      jobs.delete(job);
      if (jobs.size === 0 && this.jobsOnFd.get(fd) === jobs) this.jobsOnFd.delete(fd);
    };
    job.then(done, done);
    return job;
  }

  private async withSlot<T>(bytes: number, use: (slot: SlotRef, view: Uint8Array) => Promise<T>): Promise<T> {
    if (bytes > SLOT_BYTES) {
      const own = new SharedArrayBuffer(bytes);
      return use(own, slotView(this.pool, own, bytes));
    }
    const slot = this.free.pop() ?? (await new Promise<number>((resolve) => this.waiting.push(resolve)));
    try {
      return await use(slot, slotView(this.pool, slot, bytes));
    } finally {
      const next = this.waiting.shift();
      if (next) next(slot);
      else this.free.push(slot);
    }
  }

  private run(job: ChunkJob): Promise<ChunkJobDone> {
    job.id = this.nextId++;
    return new Promise<ChunkJobDone>((resolve, reject) => {
      if (this.stopped) return reject(new ChunkJobError('io', 'the file worker was stopped'));
      const pending = { job, resolve, reject };
      const worker = this.start();
      if (!worker) return this.runHere(pending);
      this.pending.set(job.id, pending);
      if (this.pending.size === 1) worker.ref();
      worker.postMessage(job);
    });
  }

  private runHere({ job, resolve, reject }: Pending): void {
    const reply = runChunkJob(job, this.pool, this.scratch);
    if ('failure' in reply) reject(new ChunkJobError(reply.failure, reply.message));
    else resolve(reply);
  }

  private start(): Worker | undefined {
    if (this.worker || this.inline) return this.worker;
    let worker: Worker;
    try {
      worker = this.options.spawn!({ pool: this.pool });
    } catch (error) {
      this.fallBack(String(error));
      return undefined;
    }
    this.worker = worker;
    this.online = false;
    worker.unref();
    worker.on('message', (message: ChunkJobReply | 'ready') => {
      if (message === 'ready') this.online = true;
      else this.settle(message);
    });
    worker.on('error', (error) => this.lost(worker, error.message));
    worker.on('exit', (code) => this.lost(worker, `exit code ${code}`));
    return worker;
  }

  private settle(reply: ChunkJobReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('failure' in reply) pending.reject(new ChunkJobError(reply.failure, reply.message));
    else pending.resolve(reply);
  }

  /** A worker that never said it was ready (a host that cannot load its script) hands its jobs to the main thread for good. */
  private lost(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (!this.online) {
      this.fallBack(why);
      const jobs = [...this.pending.values()];
      this.pending.clear();
      for (const pending of jobs) this.runHere(pending);
      return;
    }
    this.options.log.warn('the file worker stopped; starting another', { reason: why });
    this.fail(`the file worker stopped (${why})`);
  }

  private fallBack(why: string): void {
    this.inline = true;
    this.options.log.warn('no file worker; chunks are sealed and opened on the main thread', { reason: why });
  }

  private fail(message: string): void {
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of jobs) reject(new ChunkJobError('io', message));
  }
}
