import { stat } from 'node:fs/promises';
import { Emitter } from '../../core/events';
import type { FileExchange } from '../../core/files/exchange';
import { chunkCount, type FileEntry } from '../../core/files/manifest';
import { RateMeter } from '../../core/files/rate';
import type { TransferSnapshot } from '../../core/files/transfer-model';
import type { Logger } from '../../core/platform';
import type { ChunkWorker } from './chunk-worker';
import { DiskServedFile } from './disk-served-file';
import { describeTransfer } from './transfer-snapshot';
import type { TreeFiles } from './tree-files';
import type { OfferRow, RecipientOutcome, TransferRow, TransferStore } from './transfer-store';

export interface OutgoingContext {
  exchange: FileExchange;
  store: TransferStore;
  trees: TreeFiles;
  worker: ChunkWorker;
  log: Logger;
  now(): number;
}

/**
 * One file this node offered: served from where it lies for as long as the
 * offer stands. Progress is what the recipients fetched; it is `done` when
 * every person it was offered to reports the whole file verified.
 */
export class OutgoingFile {
  readonly onDidChange = new Emitter<void>();
  private readonly rate = new RateMeter(3000);
  private served: DiskServedFile | undefined;

  constructor(
    private readonly ctx: OutgoingContext,
    readonly offer: OfferRow,
    readonly row: TransferRow,
    readonly entry: FileEntry,
    private readonly key: Uint8Array,
    /** Recipients who already have it whole, or declined it (from the store). */
    private readonly finished: Map<string, RecipientOutcome> = new Map(),
  ) {}

  /** Offers stored before recipients were recorded went to one person. */
  get recipients(): string[] {
    return this.offer.recipients ?? [this.offer.peerId];
  }

  /** Serves the file again, unless it changed on disk since it was offered. */
  async publish(): Promise<void> {
    if (this.row.state === 'cancelled' || this.row.state === 'failed' || !this.row.localPath) return;
    const info = await stat(this.row.localPath).catch(() => undefined);
    if (!info || info.size !== this.entry.size || Math.floor(info.mtimeMs) !== this.row.sourceMtime) return this.changed();
    const tree = await this.ctx.trees.load(this.entry.root, chunkCount(this.entry));
    this.served = new DiskServedFile({
      entry: this.entry,
      path: this.row.localPath,
      key: this.key,
      tree,
      have: () => 'all',
      worker: this.ctx.worker,
      onServed: (_peer, bytes) => {
        this.rate.add(this.ctx.now(), bytes);
        this.row.bytesDone += bytes;
        if (this.row.state === 'offered') this.setState('active');
      },
      onComplete: (peer) => this.recipientFinished(peer),
      onChanged: () => void this.changed(),
    });
    this.ctx.exchange.publish(this.served);
  }

  private recipientFinished(peer: string, outcome: RecipientOutcome = 'done'): void {
    if (!this.recipients.includes(peer) || this.finished.get(peer) === 'done') return;
    if (this.finished.get(peer) === outcome) return;
    this.finished.set(peer, outcome);
    this.ctx.store.recipientDone(this.offer.offerId, this.row.entry, peer, outcome, this.ctx.now());
    if (!this.recipients.every((r) => this.finished.has(r))) return this.onDidChange.fire();
    if (this.count('done') > 0) {
      if (this.row.state !== 'done') this.setState('done');
    } else {
      // Everyone it went to said no: nothing left to serve it for.
      void this.unpublish();
      this.row.error = 'declined';
      this.setState('cancelled');
    }
  }

  /** The recipient declined the offer (their node told us). */
  declinedBy(peer: string): void {
    if (this.row.state === 'cancelled' || this.row.state === 'failed') return;
    this.recipientFinished(peer, 'declined');
  }

  private count(outcome: RecipientOutcome): number {
    return this.recipients.filter((r) => this.finished.get(r) === outcome).length;
  }

  async cancel(): Promise<void> {
    if (this.row.state === 'cancelled') return;
    await this.unpublish();
    this.setState('cancelled');
  }

  async unpublish(): Promise<void> {
    if (this.served) this.ctx.exchange.unpublish(this.entry.root);
    await this.served?.close();
    this.served = undefined;
  }

  /** Records served bytes now and then (they change with every chunk). */
  persist(): void {
    this.row.updatedAt = this.ctx.now();
    this.ctx.store.update(this.row);
  }

  snapshot(): TransferSnapshot {
    const rate = this.row.state === 'active' ? (this.rate.bytesPerSecond(this.ctx.now()) ?? null) : null;
    return describeTransfer('out', this.offer, this.entry, this.row, {
      state: this.row.state,
      bytesDone: this.row.bytesDone,
      bytesPerSecond: rate,
      sources: 0,
      recipients: { done: this.count('done'), declined: this.count('declined'), of: this.recipients.length },
      replica: this.offer.replica,
    });
  }

  private async changed(): Promise<void> {
    if (this.row.state === 'failed') return;
    this.ctx.log.warn('an offered file changed on disk; no longer serving it', { path: this.row.localPath });
    await this.unpublish();
    this.row.error = 'file-changed';
    this.setState('failed');
  }

  private setState(state: TransferRow['state']): void {
    this.row.state = state;
    this.persist();
    this.onDidChange.fire();
  }
}
