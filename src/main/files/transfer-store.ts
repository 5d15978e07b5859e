import type Database from 'better-sqlite3';
import type { FileOffer } from '../../core/files/manifest';

/** A file's state as stored; the service turns these into what the UI shows. */
export type StoredTransferState = 'offered' | 'active' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface OfferRow {
  offerId: string;
  direction: 'out' | 'in';
  /** For an incoming offer, who sent it; for an outgoing one, whom it was offered to. */
  peerId: string;
  offer: FileOffer;
  createdAt: number;
}

export interface TransferRow {
  offerId: string;
  entry: number;
  root: string;
  state: StoredTransferState;
  /** Outgoing: the file being served. Incoming: where it lands (its part file is this + PART_SUFFIX). */
  localPath: string | null;
  /** Incoming: the bitfield of chunks verified and durable on disk. */
  verified: Uint8Array | null;
  bytesDone: number;
  error: string | null;
  /** Outgoing: the file's mtime when it was indexed; a different one means it changed. */
  sourceMtime: number | null;
  updatedAt: number;
}

interface RawTransfer {
  offer_id: string;
  entry: number;
  root: string;
  state: StoredTransferState;
  local_path: string | null;
  verified: Buffer | null;
  bytes_done: number;
  error: string | null;
  source_mtime: number | null;
  updated_at: number;
}

const toTransfer = (r: RawTransfer): TransferRow => ({
  offerId: r.offer_id,
  entry: r.entry,
  root: r.root,
  state: r.state,
  localPath: r.local_path,
  verified: r.verified && new Uint8Array(r.verified),
  bytesDone: r.bytes_done,
  error: r.error,
  sourceMtime: r.source_mtime,
  updatedAt: r.updated_at,
});

/**
 * The durable half of file transfer, in the node's SQLite database (tables
 * from migration 100). The verified bitfield is only written after the part
 * file's data has been fsync'd, so a chunk marked here is on disk.
 */
export class TransferStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insertOffer: db.prepare(
        'INSERT OR IGNORE INTO file_offers (offer_id, direction, peer_id, offer, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      insertTransfer: db.prepare(
        `INSERT OR IGNORE INTO file_transfers (offer_id, entry, root, state, local_path, verified, bytes_done, error, source_mtime, updated_at)
         VALUES (@offerId, @entry, @root, @state, @localPath, @verified, @bytesDone, @error, @sourceMtime, @updatedAt)`,
      ),
      offers: db.prepare<[], { offer_id: string; direction: 'out' | 'in'; peer_id: string; offer: string; created_at: number }>(
        'SELECT * FROM file_offers ORDER BY created_at, offer_id',
      ),
      transfers: db.prepare<[], RawTransfer>('SELECT * FROM file_transfers ORDER BY offer_id, entry'),
      update: db.prepare(
        `UPDATE file_transfers SET state = @state, local_path = @localPath, verified = @verified, bytes_done = @bytesDone,
           error = @error, updated_at = @updatedAt WHERE offer_id = @offerId AND entry = @entry`,
      ),
    };
  }

  insertOffer(offer: OfferRow, transfers: TransferRow[]): void {
    this.db.transaction(() => {
      this.statements.insertOffer.run(offer.offerId, offer.direction, offer.peerId, JSON.stringify(offer.offer), offer.createdAt);
      for (const transfer of transfers) this.statements.insertTransfer.run(this.params(transfer));
    })();
  }

  offers(): OfferRow[] {
    return this.statements.offers.all().map((r) => ({
      offerId: r.offer_id,
      direction: r.direction,
      peerId: r.peer_id,
      offer: JSON.parse(r.offer) as FileOffer,
      createdAt: r.created_at,
    }));
  }

  transfers(): TransferRow[] {
    return this.statements.transfers.all().map(toTransfer);
  }

  update(transfer: TransferRow): void {
    // A write still settling while the node shuts down has nowhere to go; the last checkpoint stands.
    if (!this.db.open) return;
    this.statements.update.run(this.params(transfer));
  }

  private params(t: TransferRow) {
    return { ...t, verified: t.verified && Buffer.from(t.verified.buffer, t.verified.byteOffset, t.verified.byteLength) };
  }
}
