import { dirname } from 'node:path';
import { LanlineError } from '../../core/errors';
import { summarize, type FileTransferSummary, type TransferSnapshot } from '../../core/files/transfer-model';
import { IncomingFile } from './incoming-file';
import type { OutgoingFile } from './outgoing-file';
import type { OfferRow } from './transfer-store';

export type AnyFile = IncomingFile | OutgoingFile;
const key = (offerId: string, entry: number) => `${offerId}/${entry}`;

/**
 * The offers this node knows and their files, in and out, and every
 * question asked of them: what a conversation shared, what an offer's
 * message shows, where a file is. The service (file-transfers.ts) changes them.
 */
export class TransferRegistry {
  readonly incoming = new Map<string, IncomingFile>();
  readonly outgoing = new Map<string, OutgoingFile>();
  readonly offers = new Map<string, OfferRow>();

  add(file: AnyFile): void {
    if (file instanceof IncomingFile) this.incoming.set(key(file.offer.offerId, file.row.entry), file);
    else this.outgoing.set(key(file.offer.offerId, file.row.entry), file);
  }

  /** Forgets an offer and its files (they have been stopped). */
  forget(offerId: string): void {
    for (const file of this.filesOf(offerId))
      (file instanceof IncomingFile ? this.incoming : this.outgoing).delete(key(offerId, file.row.entry));
    this.offers.delete(offerId);
  }

  all(): AnyFile[] {
    return [...this.outgoing.values(), ...this.incoming.values()];
  }

  filesOf(offerId: string, entry?: number): AnyFile[] {
    return [...this.incoming.values(), ...this.outgoing.values()].filter(
      (f) => f.offer.offerId === offerId && (entry === undefined || f.row.entry === entry),
    );
  }

  incomingOf(offerId: string, entry?: number): IncomingFile[] {
    return [...this.incoming.values()].filter(
      (f) => f.offer.offerId === offerId && (entry === undefined || f.row.entry === entry),
    );
  }

  /** Newest offer first; a conversation's, and those whose name or path has every word of `query`. */
  list(filter: { conversation?: string; query?: string } = {}): TransferSnapshot[] {
    const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return this.all()
      .filter((f) => filter.conversation === undefined || f.offer.conversation === filter.conversation)
      .map((f) => f.snapshot())
      .filter((s) => words.every((w) => s.path.toLowerCase().includes(w) || s.name.toLowerCase().includes(w)))
      .sort((a, b) => b.createdAt - a.createdAt || a.offerId.localeCompare(b.offerId) || a.entry - b.entry);
  }

  snapshotsOf(offerId: string): TransferSnapshot[] {
    return this.filesOf(offerId)
      .map((f) => f.snapshot())
      .sort((a, b) => a.entry - b.entry);
  }

  /** The offer's files summed up, as its message shows them. */
  summary(offerId: string): FileTransferSummary | null {
    const files = this.filesOf(offerId);
    const first = files[0];
    if (!first) return null;
    // A folder's top level, or the one file: what "Show in folder" opens.
    let top = first.row.localPath;
    for (let depth = first.entry.path.split('/').length - 1; top && depth > 0; depth--) top = dirname(top);
    return summarize(
      files.map((f) => f.snapshot()),
      top,
    );
  }

  /** Where a file of an offer is on this machine (the top of a folder without `entry`). */
  locate(offerId: string, entry?: number): string {
    const files = this.filesOf(offerId, entry);
    const first = files[0];
    if (!first?.row.localPath) throw new LanlineError('invalid-input', 'That file is not on this computer (yet).');
    if (first instanceof IncomingFile && files.every((f) => f.row.state !== 'done'))
      throw new LanlineError('invalid-input', 'That file has not arrived yet.');
    return entry === undefined && files.length > 1 ? this.summary(offerId)!.localPath! : first.row.localPath;
  }
}
