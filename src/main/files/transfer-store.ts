import type Database from 'better-sqlite3';
import type { FileOffer } from '../../core/files/manifest';

/** A file's state as stored; the service turns these into what the UI shows. */
export type StoredTransferState = 'offered' | 'active' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface OfferRow {
  offerId: string;
  direction: 'out' | 'in';
  /** For an incoming offer, who sent it; for an outgoing one, whom it was offered to (a peer or a group). */
  peerId: string;
  /** Where it was shared: the other person's peer id, or the group's id. */
  conversation: string;
  /** The message carrying it, once it has one. */
  messageId: string | null;
  /** Outgoing: the people it went to; a file is done when all of them have it. */
  recipients: string[] | null;
  /** Outgoing: the super peer asked to keep a copy, and its last answer. */
  replica: ReplicaStatus | null;
  offer: FileOffer;
  createdAt: number;
}

/** What one recipient of our offer did with a file of it. */
export type RecipientOutcome = 'done' | 'declined';

export interface ReplicaStatus {
  peer: string;
  state: 'asked' | 'fetching' | 'complete' | 'refused';
  reason: string | null;
}

/** A visible message carrying an offer this node has no record of (it crashed between storing the two). */
export interface UnrecordedOffer {
  messageId: string;
  conversation: string;
  from: string;
  outgoing: boolean;
  offer: FileOffer;
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
        `INSERT OR IGNORE INTO file_offers (offer_id, direction, peer_id, conversation, message_id, recipients, offer, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      setMessage: db.prepare('UPDATE file_offers SET message_id = ? WHERE offer_id = ?'),
      setReplica: db.prepare('UPDATE file_offers SET replica = ? WHERE offer_id = ?'),
      deleteOffer: db.prepare('DELETE FROM file_offers WHERE offer_id = ?'),
      recipientDone: db.prepare(
        'INSERT OR IGNORE INTO file_recipients (offer_id, entry, peer_id, outcome, done_at) VALUES (?, ?, ?, ?, ?)',
      ),
      recipientsDone: db.prepare<[], { offer_id: string; entry: number; peer_id: string; outcome: RecipientOutcome }>(
        'SELECT offer_id, entry, peer_id, outcome FROM file_recipients',
      ),
      unrecorded: db.prepare<[], { id: string; conversation: string; author: string; outgoing: number; content: string }>(
        `SELECT m.id, m.conversation, m.author, m.outgoing, m.content FROM messages m
         WHERE m.kind = 'text' AND m.content IS NOT NULL AND m.deleted = 0 AND m.held_since IS NULL
           AND NOT EXISTS (SELECT 1 FROM file_offers o WHERE o.offer_id = json_extract(m.content, '$.id'))`,
      ),
      insertTransfer: db.prepare(
        `INSERT OR IGNORE INTO file_transfers (offer_id, entry, root, state, local_path, verified, bytes_done, error, source_mtime, updated_at)
         VALUES (@offerId, @entry, @root, @state, @localPath, @verified, @bytesDone, @error, @sourceMtime, @updatedAt)`,
      ),
      offers: db.prepare<
        [],
        {
          offer_id: string;
          direction: 'out' | 'in';
          peer_id: string;
          conversation: string | null;
          message_id: string | null;
          recipients: string | null;
          replica: string | null;
          offer: string;
          created_at: number;
        }
      >('SELECT * FROM file_offers ORDER BY created_at, offer_id'),
      transfers: db.prepare<[], RawTransfer>('SELECT * FROM file_transfers ORDER BY offer_id, entry'),
      update: db.prepare(
        `UPDATE file_transfers SET state = @state, local_path = @localPath, verified = @verified, bytes_done = @bytesDone,
           error = @error, updated_at = @updatedAt WHERE offer_id = @offerId AND entry = @entry`,
      ),
    };
  }

  insertOffer(offer: OfferRow, transfers: TransferRow[]): void {
    this.db.transaction(() => {
      this.statements.insertOffer.run(
        offer.offerId,
        offer.direction,
        offer.peerId,
        offer.conversation,
        offer.messageId,
        offer.recipients && JSON.stringify(offer.recipients),
        JSON.stringify(offer.offer),
        offer.createdAt,
      );
      for (const transfer of transfers) this.statements.insertTransfer.run(this.params(transfer));
    })();
  }

  offers(): OfferRow[] {
    return this.statements.offers.all().map((r) => ({
      offerId: r.offer_id,
      direction: r.direction,
      peerId: r.peer_id,
      conversation: r.conversation ?? r.peer_id,
      messageId: r.message_id,
      recipients: r.recipients ? (JSON.parse(r.recipients) as string[]) : null,
      replica: r.replica ? (JSON.parse(r.replica) as ReplicaStatus) : null,
      offer: JSON.parse(r.offer) as FileOffer,
      createdAt: r.created_at,
    }));
  }

  setMessage(offerId: string, messageId: string): void {
    this.statements.setMessage.run(messageId, offerId);
  }

  setReplica(offerId: string, replica: ReplicaStatus | null): void {
    if (this.db.open) this.statements.setReplica.run(replica && JSON.stringify(replica), offerId);
  }

  /** Forgets an offer, its keys and its transfers' state (the files on disk stay). */
  deleteOffer(offerId: string): void {
    if (this.db.open) this.statements.deleteOffer.run(offerId);
  }

  recipientDone(offerId: string, entry: number, peer: string, outcome: RecipientOutcome, at: number): void {
    if (this.db.open) this.statements.recipientDone.run(offerId, entry, peer, outcome, at);
  }

  /** offerId/entry → recipients who have that file whole, or declined it. */
  recipientsDone(): Map<string, Map<string, RecipientOutcome>> {
    const done = new Map<string, Map<string, RecipientOutcome>>();
    for (const r of this.statements.recipientsDone.all()) {
      const key = `${r.offer_id}/${r.entry}`;
      done.set(key, (done.get(key) ?? new Map()).set(r.peer_id, r.outcome));
    }
    return done;
  }

  unrecordedOffers(): UnrecordedOffer[] {
    return this.statements.unrecorded.all().map((r) => ({
      messageId: r.id,
      conversation: r.conversation,
      from: r.author,
      outgoing: r.outgoing === 1,
      offer: JSON.parse(r.content) as FileOffer,
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
