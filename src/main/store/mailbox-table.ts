import type Database from 'better-sqlite3';
import type { PeerId } from '../../core/identity';
import type { HeldReceipt, MailboxStore, MailItem, QueueSummary, Usage } from '../../core/mailbox/store';

interface MailRow {
  id: string;
  recipient: string;
  author: string;
  depositor: string;
  envelope: string;
  bytes: number;
  deposited_at: number;
  expires_at: number;
}

const toItem = (r: MailRow): MailItem => ({
  id: r.id,
  recipient: r.recipient,
  author: r.author,
  depositor: r.depositor,
  envelope: r.envelope,
  bytes: r.bytes,
  depositedAt: r.deposited_at,
  expiresAt: r.expires_at,
});

/**
 * `mailbox` and `mailbox_receipts` (migration 9), on the super peer's own
 * database. The whole mailbox's totals are kept in memory (one process owns
 * the file) so a deposit's quota check costs two index lookups, not a scan.
 */
export class MailboxTable implements MailboxStore {
  private readonly statements;
  private totals: Usage;
  private receipts: number;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      put: db.prepare(
        `INSERT OR IGNORE INTO mailbox (id, recipient, author, depositor, envelope, bytes, deposited_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      has: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM mailbox WHERE id = ? AND recipient = ?'),
      queue: db.prepare<[string, number], MailRow>('SELECT * FROM mailbox WHERE recipient = ? ORDER BY deposited_at, id LIMIT ?'),
      remove: db.prepare<[string, string], { bytes: number }>(
        'DELETE FROM mailbox WHERE id = ? AND recipient = ? RETURNING bytes',
      ),
      total: db.prepare<[], { messages: number; bytes: number | null }>(
        'SELECT count(*) AS messages, sum(bytes) AS bytes FROM mailbox',
      ),
      usageFor: db.prepare<[string], { messages: number; bytes: number | null }>(
        'SELECT count(*) AS messages, sum(bytes) AS bytes FROM mailbox WHERE recipient = ?',
      ),
      usageBy: db.prepare<[string], { messages: number; bytes: number | null }>(
        'SELECT count(*) AS messages, sum(bytes) AS bytes FROM mailbox WHERE depositor = ?',
      ),
      queues: db.prepare<[number], { recipient: string; messages: number; bytes: number; oldest_at: number }>(
        `SELECT recipient, count(*) AS messages, sum(bytes) AS bytes, min(deposited_at) AS oldest_at
         FROM mailbox GROUP BY recipient ORDER BY oldest_at LIMIT ?`,
      ),
      expire: db.prepare<[number], { bytes: number }>('DELETE FROM mailbox WHERE expires_at <= ? RETURNING bytes'),
      holdReceipt: db.prepare(
        `INSERT OR IGNORE INTO mailbox_receipts (id, recipient, author, sig, held_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      receiptsFor: db.prepare<[string, number], { id: string; recipient: string; author: string; sig: string }>(
        'SELECT id, recipient, author, sig FROM mailbox_receipts WHERE author = ? ORDER BY held_at LIMIT ?',
      ),
      dropReceipt: db.prepare('DELETE FROM mailbox_receipts WHERE id = ? AND recipient = ?'),
      receiptCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM mailbox_receipts'),
      receiptCountFor: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM mailbox_receipts WHERE author = ?'),
      expireReceipts: db.prepare('DELETE FROM mailbox_receipts WHERE expires_at <= ?'),
    };
    const total = this.statements.total.get()!;
    this.totals = { messages: total.messages, bytes: total.bytes ?? 0 };
    this.receipts = this.statements.receiptCount.get()!.n;
  }

  put(item: MailItem): boolean {
    const { id, recipient, author, depositor, envelope, bytes, depositedAt, expiresAt } = item;
    const added = this.statements.put.run(id, recipient, author, depositor, envelope, bytes, depositedAt, expiresAt).changes > 0;
    if (added) this.totals = { messages: this.totals.messages + 1, bytes: this.totals.bytes + bytes };
    return added;
  }

  has(id: string, recipient: PeerId): boolean {
    return this.statements.has.get(id, recipient) !== undefined;
  }

  queue(recipient: PeerId, limit: number, except: ReadonlySet<string> = new Set()): MailItem[] {
    return this.statements.queue
      .all(recipient, limit + except.size)
      .filter((r) => !except.has(r.id))
      .slice(0, limit)
      .map(toItem);
  }

  remove(id: string, recipient: PeerId): boolean {
    const row = this.statements.remove.get(id, recipient);
    if (!row) return false;
    this.totals = { messages: this.totals.messages - 1, bytes: this.totals.bytes - row.bytes };
    return true;
  }

  total(): Usage {
    return { ...this.totals };
  }

  usageFor(recipient: PeerId): Usage {
    const row = this.statements.usageFor.get(recipient)!;
    return { messages: row.messages, bytes: row.bytes ?? 0 };
  }

  usageBy(depositor: PeerId): Usage {
    const row = this.statements.usageBy.get(depositor)!;
    return { messages: row.messages, bytes: row.bytes ?? 0 };
  }

  queues(limit: number): QueueSummary[] {
    return this.statements.queues
      .all(limit)
      .map((r) => ({ recipient: r.recipient, messages: r.messages, bytes: r.bytes, oldestAt: r.oldest_at }));
  }

  expire(now: number): number {
    const rows = this.statements.expire.all(now);
    const bytes = rows.reduce((sum, r) => sum + r.bytes, 0);
    this.totals = { messages: this.totals.messages - rows.length, bytes: this.totals.bytes - bytes };
    return rows.length;
  }

  holdReceipt(receipt: HeldReceipt, heldAt: number, expiresAt: number): boolean {
    const { id, from, to, sig } = receipt;
    const added = this.statements.holdReceipt.run(id, from, to, sig, heldAt, expiresAt).changes > 0;
    if (added) this.receipts += 1;
    return added;
  }

  receiptsFor(author: PeerId, limit: number): HeldReceipt[] {
    return this.statements.receiptsFor.all(author, limit).map((r) => ({ id: r.id, from: r.recipient, to: r.author, sig: r.sig }));
  }

  dropReceipt(id: string, from: PeerId): void {
    this.receipts -= this.statements.dropReceipt.run(id, from).changes;
  }

  receiptCount(): number {
    return this.receipts;
  }

  receiptCountFor(author: PeerId): number {
    return this.statements.receiptCountFor.get(author)!.n;
  }

  expireReceipts(now: number): number {
    const expired = this.statements.expireReceipts.run(now).changes;
    this.receipts -= expired;
    return expired;
  }
}
