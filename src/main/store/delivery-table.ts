import type Database from 'better-sqlite3';
import type { PeerId } from '../../core/identity';
import type { DeliveryStore, StoredMessage } from '../../core/store';
import { jsonList, toStoredMessage, type MessageRow } from './message-rows';

/** `deliveries`: one row per (our message, recipient); the rows not yet delivered are the outbox. */
export class DeliveryTable implements DeliveryStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      add: db.prepare('INSERT OR IGNORE INTO deliveries (message_id, peer_id) VALUES (?, ?)'),
      pendingFor: db.prepare<[string, number], MessageRow>(
        `SELECT m.* FROM deliveries d JOIN messages m ON m.id = d.message_id
         WHERE d.peer_id = ? AND d.delivered_at IS NULL ORDER BY m.sent_at, m.id LIMIT ?`,
      ),
      peersWithPending: db.prepare<[], { peer_id: string }>('SELECT DISTINCT peer_id FROM deliveries WHERE delivered_at IS NULL'),
      deliver: db.prepare('UPDATE deliveries SET delivered_at = ? WHERE message_id = ? AND peer_id = ? AND delivered_at IS NULL'),
      stillMissing: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM deliveries WHERE message_id = ? AND delivered_at IS NULL',
      ),
      setDelivered: db.prepare(`UPDATE messages SET state = 'delivered' WHERE id = ?`),
      deliverUpTo: db.prepare<[number, string, string, string, number], { message_id: string }>(
        `UPDATE deliveries SET delivered_at = ? WHERE peer_id = ? AND delivered_at IS NULL AND message_id IN
           (SELECT id FROM messages WHERE conversation = ? AND author = ? AND seq BETWEEN 1 AND ?)
         RETURNING message_id`,
      ),
      readUpTo: db.prepare<[number, number, string, string, number, number, string], { message_id: string }>(
        `UPDATE deliveries SET read_at = ?, delivered_at = coalesce(delivered_at, ?)
         WHERE peer_id = ? AND read_at IS NULL AND message_id IN
           (SELECT id FROM messages WHERE conversation = ? AND outgoing = 1
            AND (sent_at < ? OR (sent_at = ? AND id <= ?)))
         RETURNING message_id`,
      ),
      markMessageRead: db.prepare('UPDATE messages SET read_at = ? WHERE id = ? AND read_at IS NULL'),
      counts: db.prepare<[string], { message_id: string; of: number; delivered: number; read: number }>(
        `SELECT message_id, count(*) AS of, count(delivered_at) AS delivered, count(read_at) AS read
         FROM deliveries WHERE message_id IN (SELECT value FROM json_each(?)) GROUP BY message_id`,
      ),
      addHolder: db.prepare(
        `INSERT OR IGNORE INTO deposits (message_id, peer_id, holder, deposited_at)
         SELECT message_id, peer_id, ?, ? FROM deliveries WHERE message_id = ? AND peer_id = ? AND delivered_at IS NULL`,
      ),
      holders: db.prepare<[string, string], { message_id: string; holder: string }>(
        `SELECT message_id, holder FROM deposits WHERE peer_id = ? AND message_id IN (SELECT value FROM json_each(?))`,
      ),
      pendingCount: db.prepare<[string], { pending: number; deposited: number }>(
        `SELECT count(*) AS pending,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM deposits p WHERE p.message_id = d.message_id AND p.peer_id = d.peer_id)) AS deposited
         FROM deliveries d WHERE d.peer_id = ? AND d.delivered_at IS NULL`,
      ),
      forgetHolders: db.prepare('DELETE FROM deposits WHERE message_id = ? AND peer_id = ?'),
      pendingToDeposit: db.prepare<[string, string, number, number], MessageRow>(
        `SELECT m.* FROM deliveries d JOIN messages m ON m.id = d.message_id
         WHERE d.peer_id = ? AND d.delivered_at IS NULL AND
           (SELECT count(*) FROM deposits p WHERE p.message_id = d.message_id AND p.peer_id = d.peer_id
              AND p.holder IN (SELECT value FROM json_each(?))) < ?
         ORDER BY m.sent_at, m.id LIMIT ?`,
      ),
    };
  }

  add(messageId: string, peers: PeerId[]): void {
    this.db.transaction(() => {
      for (const peer of peers) this.statements.add.run(messageId, peer);
    })();
  }

  pendingFor(peer: PeerId, limit: number): StoredMessage[] {
    return this.statements.pendingFor.all(peer, limit).map(toStoredMessage);
  }

  peersWithPending(): PeerId[] {
    return this.statements.peersWithPending.all().map((r) => r.peer_id);
  }

  /** A message becomes `delivered` once every recipient has it. */
  private settle(messageId: string): boolean {
    if (this.statements.stillMissing.get(messageId)!.n > 0) return false;
    this.statements.setDelivered.run(messageId);
    return true;
  }

  markDelivered(messageId: string, peer: PeerId, at: number): { changed: boolean; complete: boolean } {
    return this.db.transaction(() => {
      if (this.statements.deliver.run(at, messageId, peer).changes === 0) return { changed: false, complete: false };
      // Delivered: which super peers held it no longer matters (theirs are deleted by the receipt).
      this.statements.forgetHolders.run(messageId, peer);
      return { changed: true, complete: this.settle(messageId) };
    })();
  }

  markDeliveredUpTo(conversation: string, author: PeerId, peer: PeerId, seq: number, at: number): string[] {
    return this.db.transaction(() =>
      this.statements.deliverUpTo
        .all(at, peer, conversation, author, seq)
        .map((r) => r.message_id)
        .filter((id) => {
          this.statements.forgetHolders.run(id, peer);
          return this.settle(id);
        }),
    )();
  }

  markReadUpTo(conversation: string, peer: PeerId, upTo: { sentAt: number; id: string }, at: number): string[] {
    return this.db.transaction(() => {
      const ids = this.statements.readUpTo
        .all(at, at, peer, conversation, upTo.sentAt, upTo.sentAt, upTo.id)
        .map((r) => r.message_id);
      for (const id of ids) {
        this.statements.forgetHolders.run(id, peer);
        this.settle(id);
        // In a one-to-one chat the message itself shows when it was read.
        if (conversation === peer) this.statements.markMessageRead.run(at, id);
      }
      return ids;
    })();
  }

  pendingToDeposit(peer: PeerId, holders: PeerId[], copies: number, limit: number): StoredMessage[] {
    return this.statements.pendingToDeposit.all(peer, jsonList(holders), copies, limit).map(toStoredMessage);
  }

  addHolder(messageId: string, peer: PeerId, holder: PeerId, at: number): boolean {
    return this.statements.addHolder.run(holder, at, messageId, peer).changes > 0;
  }

  holders(messageIds: string[], peer: PeerId): Map<string, PeerId[]> {
    const held = new Map<string, PeerId[]>();
    if (messageIds.length === 0) return held;
    for (const row of this.statements.holders.all(peer, jsonList(messageIds)))
      held.set(row.message_id, [...(held.get(row.message_id) ?? []), row.holder]);
    return held;
  }

  pendingCount(peer: PeerId): { pending: number; deposited: number } {
    return this.statements.pendingCount.get(peer)!;
  }

  counts(messageIds: string[]): Map<string, { delivered: number; read: number; of: number }> {
    const counts = new Map<string, { delivered: number; read: number; of: number }>();
    if (messageIds.length === 0) return counts;
    for (const row of this.statements.counts.all(jsonList(messageIds)))
      counts.set(row.message_id, { delivered: row.delivered, read: row.read, of: row.of });
    return counts;
  }
}
