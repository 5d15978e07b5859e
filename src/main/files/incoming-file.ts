import { rm, stat } from 'node:fs/promises';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describeError, errorCode, LanlineError } from '../../core/errors';
import { Emitter } from '../../core/events';
import { Bitfield } from '../../core/files/bitfield';
import type { FileCrypto } from '../../core/files/crypto';
import type { Download } from '../../core/files/download';
import type { FileExchange } from '../../core/files/exchange';
import { chunkCount, chunkPlainLength, type FileEntry } from '../../core/files/manifest';
import type { MerkleTree } from '../../core/files/merkle';
import type { TransferSnapshot } from '../../core/files/transfer-model';
import type { PeerId } from '../../core/identity';
import type { Logger } from '../../core/platform';
import type { ChunkWorker } from './chunk-worker';
import { DiskServedFile } from './disk-served-file';
import { PART_SUFFIX, PartFile } from './part-file';
import { describeTransfer } from './transfer-snapshot';
import type { TreeFiles } from './tree-files';
import type { OfferRow, TransferRow, TransferStore } from './transfer-store';

export interface IncomingContext {
  exchange: FileExchange;
  store: TransferStore;
  trees: TreeFiles;
  /** Seals what this node serves and opens what it receives (chunk-worker.ts). */
  worker: ChunkWorker;
  crypto: FileCrypto;
  log: Logger;
  now(): number;
  downloadsDir(): string;
  /** Peers to ask for the file: the sender, and whoever else is linked. */
  candidates(offer: OfferRow): PeerId[];
}

/**
 * One incoming file: its download, part file and tree while it runs, and
 * the checkpoints that make progress durable. A checkpoint syncs the part
 * file's data and the tree, and only then records the verified bitfield,
 * so a crash at any moment leaves every chunk marked verified on disk; what
 * was written after the last checkpoint is simply fetched again.
 */
export class IncomingFile {
  readonly onDidChange = new Emitter<void>();
  /** Fires once the file stops for good or for now (done, failed, cancelled). */
  readonly onDidStop = new Emitter<void>();
  download: Download | undefined;
  private part: PartFile | undefined;
  private tree: MerkleTree | undefined;
  private served: DiskServedFile | undefined;
  private verified: Bitfield;
  private announced: Bitfield;
  private checkpointing: Promise<void> | undefined;
  private dirty = false;
  private starting: Promise<void> | undefined;
  private finishing = false;
  /** A finished copy should be served (from accept until the offer is withdrawn). */
  private servingFinished = false;
  /** The words of the last failure, for the snapshot. */
  private errorMessage: string | undefined;

  constructor(
    private readonly ctx: IncomingContext,
    readonly offer: OfferRow,
    readonly row: TransferRow,
    readonly entry: FileEntry,
    private readonly key: Uint8Array,
  ) {
    const chunks = chunkCount(entry);
    this.verified = row.verified ? new Bitfield(chunks, row.verified) : new Bitfield(chunks);
    this.announced = new Bitfield(chunks, this.verified.bytes);
  }

  get partPath(): string {
    return this.row.localPath + PART_SUFFIX;
  }

  get running(): boolean {
    return this.download?.state === 'active' || this.starting !== undefined || this.finishing;
  }

  /** Starts (or restarts after a failure or a restart) from what is durable. */
  start(): Promise<void> {
    this.starting ??= this.open().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async open(): Promise<void> {
    const { exchange, trees, worker } = this.ctx;
    if (!this.row.localPath) throw new LanlineError('internal', 'an accepted file has a destination');
    try {
      this.tree ??= await trees.load(this.entry.root, chunkCount(this.entry));
      this.part ??= await PartFile.open(this.partPath, this.entry, this.ctx.downloadsDir(), { key: this.key, worker });
    } catch (error) {
      return this.stopWith('failed', error);
    }
    this.setState('active');
    this.served ??= new DiskServedFile({
      entry: this.entry,
      path: this.partPath,
      key: this.key,
      tree: this.tree,
      have: () => this.announced,
      worker,
    });
    exchange.publish(this.served);
    if (this.verified.complete) return this.finish();
    const download = exchange.download(
      { entry: this.entry, verified: this.verified, tree: this.tree, sink: this.part },
      this.ctx.candidates(this.offer),
    );
    this.download = download;
    download.onDidProgress.on(() => {
      this.dirty = true;
      this.onDidChange.fire();
    });
    download.onDidFinish.on((outcome) => {
      if (outcome.state === 'done') void this.finish();
      else if (outcome.state === 'failed') void this.stopWith('failed', outcome.error);
    });
  }

  addCandidates(peers: PeerId[]): void {
    this.download?.addCandidates(peers);
  }

  /** Makes what is written durable, then records it. One at a time; `force` even when nothing seems new. */
  checkpoint(force = true): Promise<void> {
    if (!this.part || !this.tree || (!force && !this.dirty)) return this.checkpointing ?? Promise.resolve();
    const run = async () => {
      this.dirty = false;
      const snapshot = new Bitfield(this.verified.size, this.verified.bytes);
      await this.part!.sync();
      await this.ctx.trees.save(this.entry.root, this.tree!);
      this.row.verified = snapshot.bytes;
      this.row.bytesDone = this.bytesOf(snapshot);
      this.row.updatedAt = this.ctx.now();
      this.ctx.store.update(this.row);
      const fresh: number[] = [];
      for (let i = 0; i < snapshot.size; i++) if (snapshot.has(i) && this.announced.set(i)) fresh.push(i);
      this.ctx.exchange.announce(this.entry.root, fresh);
    };
    const previous = this.checkpointing ?? Promise.resolve();
    const next = previous
      .then(run, run)
      .catch((error) => this.ctx.log.warn('checkpoint failed', { path: this.entry.path, error: String(error) }));
    this.checkpointing = next.finally(() => {
      if (this.checkpointing === next) this.checkpointing = undefined;
    });
    return next;
  }

  pause(): Promise<void> {
    if (this.row.state !== 'active') return Promise.resolve();
    this.download?.pause();
    this.setState('paused');
    return this.checkpoint();
  }

  async resume(): Promise<void> {
    if (this.row.state === 'paused' && this.download?.state === 'paused') {
      this.download.resume();
      this.setState('active');
      return;
    }
    if (this.row.state === 'paused' || this.row.state === 'failed') {
      this.row.error = null;
      this.download = undefined;
      await this.start();
    }
  }

  async cancel(): Promise<void> {
    if (this.row.state === 'done' || this.row.state === 'cancelled') return;
    this.download?.cancel();
    await this.release();
    await rm(this.partPath, { force: true });
    await this.ctx.trees.remove(this.entry.root);
    this.row.verified = null;
    this.setState('cancelled');
    this.onDidStop.fire();
  }

  /** Stops without changing the stored state (the node is shutting down). */
  async suspend(): Promise<void> {
    this.download?.pause();
    await this.checkpoint();
    await this.release();
  }

  snapshot(): TransferSnapshot {
    const progress = this.download?.progress();
    const running = this.row.state === 'active' && progress?.state === 'active';
    const rate = running ? (progress.bytesPerSecond ?? null) : null;
    const bytesDone = progress?.bytesDone ?? this.row.bytesDone;
    const sources = running ? progress.sources.filter((s) => (s.bytesPerSecond ?? 0) > 0).length : 0;
    let state: TransferSnapshot['state'] = this.row.state;
    if (state === 'active' && !this.download && !this.starting) state = 'queued';
    else if (state === 'active' && running && progress.sources.length === 0) state = 'waiting';
    return describeTransfer(
      'in',
      this.offer,
      this.entry,
      this.row,
      { state, bytesDone, bytesPerSecond: rate, sources, recipients: null, replica: null },
      this.errorMessage,
    );
  }

  private async finish(): Promise<void> {
    if (this.finishing) return;
    this.finishing = true;
    try {
      await this.checkpoint();
      // Every chunk was verified on arrival; this re-derives the root from all leaves, so a
      // bookkeeping slip can never put a wrong file in place.
      if (!this.tree!.leavesProve(this.ctx.crypto, hexToBytes(this.entry.root)))
        throw new LanlineError('file-corrupt', `${this.entry.path} did not add up to its root; it will be fetched again`);
      await this.part!.finish(this.row.localPath!);
      this.part = undefined;
      await this.stopServing();
      this.row.bytesDone = this.entry.size;
      // Done means whole and served: other recipients may ask for it the moment they hear.
      await this.publishFinished();
      this.setState('done');
      this.ctx.log.info('file received', { path: this.row.localPath, bytes: this.entry.size });
      this.onDidStop.fire();
    } catch (error) {
      await this.stopWith('failed', error);
    } finally {
      this.finishing = false;
    }
  }

  /** Stops serving a finished file (its offer was withdrawn); the file itself stays. */
  async unpublishFinished(): Promise<void> {
    this.servingFinished = false;
    await this.stopServing();
  }

  /** A finished file is served as a complete source, for the other recipients (unless it was moved or changed since). */
  async publishFinished(): Promise<void> {
    this.servingFinished = true;
    const info = await stat(this.row.localPath!).catch(() => undefined);
    if (info?.size !== this.entry.size) return;
    const tree = this.tree ?? (await this.ctx.trees.load(this.entry.root, chunkCount(this.entry)).catch(() => undefined));
    if (!tree || !this.servingFinished || this.served) return;
    const { entry, key, ctx } = this;
    this.served = new DiskServedFile({ entry, path: this.row.localPath!, key, tree, have: () => 'all', worker: ctx.worker });
    ctx.exchange.publish(this.served);
  }

  private async stopWith(state: 'failed', error: unknown): Promise<void> {
    this.row.error = errorCode(error);
    this.errorMessage = describeError(error);
    this.ctx.log.warn('file transfer stopped', { path: this.entry.path, error: this.errorMessage });
    await this.checkpoint();
    await this.release();
    this.setState(state);
    this.onDidStop.fire();
  }

  private async release(): Promise<void> {
    await this.stopServing();
    await this.part?.close();
    this.part = undefined;
  }

  /** Unpublishes what this file serves (its part file, or the finished copy) and lets go of its descriptor. */
  private async stopServing(): Promise<void> {
    const served = this.served;
    this.served = undefined;
    if (!served) return;
    this.ctx.exchange.unpublish(this.entry.root);
    await served.close();
  }

  private setState(state: TransferRow['state']): void {
    this.row.state = state;
    this.row.updatedAt = this.ctx.now();
    this.ctx.store.update(this.row);
    this.onDidChange.fire();
  }

  private bytesOf(field: Bitfield): number {
    let bytes = 0;
    for (let i = 0; i < field.size; i++) if (field.has(i)) bytes += chunkPlainLength(this.entry, i);
    return bytes;
  }
}
