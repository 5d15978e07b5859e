import Database from 'better-sqlite3';
import type { PeerId } from '../../core/identity';
import type { StoredMessage } from '../../core/messaging/message';
import { HIGHLIGHT_END, HIGHLIGHT_START, type MessageState, type Role } from '../../core/model';
import type { EngineStore, PeerRecord } from '../../core/store';
import { migrate } from './migrations';

interface MessageRow {
  id: string;
  conversation: string;
  author: string;
  recipient: string;
  text: string;
  sent_at: number;
  stored_at: number;
  state: MessageState;
  outgoing: number;
  signature: string;
  envelope: string;
  read_at: number | null;
  reply_to: string | null;
}

interface PeerRow {
  peer_id: string;
  name: string;
  role: Role;
  addresses: string;
  last_seen_at: number | null;
}

/**
 * Turns what a person typed into an FTS5 query: every word must appear, as a
 * prefix, and nothing the user types is parsed as FTS5 syntax.
 */
export function ftsQuery(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 16) ?? [];
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : undefined;
}

const toMessage = (r: MessageRow): StoredMessage => ({
  id: r.id,
  conversation: r.conversation,
  from: r.author,
  to: r.recipient,
  text: r.text,
  sentAt: r.sent_at,
  storedAt: r.stored_at,
  state: r.state,
  outgoing: r.outgoing === 1,
  sig: r.signature,
  envelope: r.envelope,
  readAt: r.read_at,
  replyTo: r.reply_to,
});

/**
 * The engine's store on better-sqlite3. WAL with synchronous=FULL: a write
 * has reached the disk when the call returns, which is what lets the engine
 * acknowledge a message straight after insertMessage.
 */
export class SqliteStore implements EngineStore {
  readonly db: Database.Database;
  private readonly statements;

  private readonly insertMany: (messages: StoredMessage[]) => number;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    const db = this.db;
    this.statements = {
      insertMessage: db.prepare(
        `INSERT OR IGNORE INTO messages (id, conversation, author, recipient, text, sent_at, stored_at, state, outgoing, signature, envelope, read_at, reply_to)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      getMessage: db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?'),
      newestSentAt: db.prepare<[], { newest: number | null }>('SELECT max(sent_at) AS newest FROM messages'),
      setState: db.prepare('UPDATE messages SET state = ? WHERE id = ?'),
      latest: db.prepare<[string, number], MessageRow>(
        'SELECT * FROM messages WHERE conversation = ? ORDER BY sent_at DESC, id DESC LIMIT ?',
      ),
      before: db.prepare<[string, number, number, string, number], MessageRow>(
        `SELECT * FROM messages WHERE conversation = ? AND (sent_at < ? OR (sent_at = ? AND id < ?))
         ORDER BY sent_at DESC, id DESC LIMIT ?`,
      ),
      search: db.prepare<[string, number], MessageRow & { snippet: string }>(
        `SELECT m.*, snippet(messages_fts, 0, '${HIGHLIGHT_START}', '${HIGHLIGHT_END}', '…', 16) AS snippet
         FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
         WHERE messages_fts MATCH ? ORDER BY messages_fts.rowid DESC LIMIT ?`,
      ),
      searchIn: db.prepare<[string, string, number], MessageRow & { snippet: string }>(
        `SELECT m.*, snippet(messages_fts, 0, '${HIGHLIGHT_START}', '${HIGHLIGHT_END}', '…', 16) AS snippet
         FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
         WHERE messages_fts MATCH ? AND m.conversation = ? ORDER BY messages_fts.rowid DESC LIMIT ?`,
      ),
      newestUnread: db.prepare<[string], MessageRow>(
        `SELECT * FROM messages WHERE conversation = ? AND outgoing = 0 AND read_at IS NULL ORDER BY sent_at DESC, id DESC LIMIT 1`,
      ),
      markIncomingRead: db.prepare('UPDATE messages SET read_at = ? WHERE conversation = ? AND outgoing = 0 AND read_at IS NULL'),
      unreadOutgoing: db.prepare<[string, number, number, string], MessageRow>(
        `SELECT * FROM messages WHERE recipient = ? AND outgoing = 1 AND read_at IS NULL
         AND (sent_at < ? OR (sent_at = ? AND id <= ?))`,
      ),
      markOutgoingRead: db.prepare('UPDATE messages SET read_at = ? WHERE id = ?'),
      conversations: db.prepare<[], MessageRow & { unread: number }>(
        `SELECT m.*, (SELECT count(*) FROM messages u WHERE u.conversation = m.conversation AND u.outgoing = 0 AND u.read_at IS NULL) AS unread
         FROM messages m
         WHERE m.rowid IN (
           SELECT (SELECT x.rowid FROM messages x WHERE x.conversation = c.conversation ORDER BY x.sent_at DESC, x.id DESC LIMIT 1)
           FROM (SELECT DISTINCT conversation FROM messages) c)
         ORDER BY m.sent_at DESC, m.id DESC`,
      ),
      unacknowledged: db.prepare<[string], MessageRow>(
        `SELECT * FROM messages WHERE recipient = ? AND outgoing = 1 AND state != 'delivered' ORDER BY sent_at, id`,
      ),
      upsertPeer: db.prepare(
        `INSERT INTO peers (peer_id, name, role, addresses, last_seen_at) VALUES (@peerId, @name, @role, @addresses, @lastSeenAt)
         ON CONFLICT (peer_id) DO UPDATE SET name = excluded.name, role = excluded.role,
           addresses = excluded.addresses, last_seen_at = excluded.last_seen_at`,
      ),
      listPeers: db.prepare<[], PeerRow>('SELECT * FROM peers'),
      getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      deleteSetting: db.prepare('DELETE FROM settings WHERE key = ?'),
      setSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
    this.insertMany = this.db.transaction((messages: StoredMessage[]) => messages.filter((m) => this.insertMessage(m)).length);
  }

  insertMessage(m: StoredMessage): boolean {
    // Positional parameters: binding by name costs ~15 % of a batched insert.
    const row = [
      m.id,
      m.conversation,
      m.from,
      m.to,
      m.text,
      m.sentAt,
      m.storedAt,
      m.state,
      m.outgoing ? 1 : 0,
      m.sig,
      m.envelope,
      m.readAt,
      m.replyTo,
    ];
    return this.statements.insertMessage.run(...row).changes === 1;
  }

  getMessage(id: string): StoredMessage | undefined {
    const row = this.statements.getMessage.get(id);
    return row && toMessage(row);
  }

  newestSentAt(): number {
    return this.statements.newestSentAt.get()?.newest ?? 0;
  }

  setMessageState(id: string, state: MessageState): void {
    this.statements.setState.run(state, id);
  }

  listMessages(conversation: string, page: { limit?: number; before?: { sentAt: number; id: string } } = {}): StoredMessage[] {
    const limit = page.limit ?? 200;
    const rows = page.before
      ? this.statements.before.all(conversation, page.before.sentAt, page.before.sentAt, page.before.id, limit)
      : this.statements.latest.all(conversation, limit);
    return rows.reverse().map(toMessage);
  }

  /**
   * Newest first. Rowids grow with arrival, so walking the index backwards by
   * rowid stops after `limit` hits instead of ranking every match.
   */
  searchMessages(
    query: string,
    options: { conversation?: string; limit: number },
  ): Array<{ message: StoredMessage; snippet: string }> {
    const match = ftsQuery(query);
    if (!match) return [];
    const rows = options.conversation
      ? this.statements.searchIn.all(match, options.conversation, options.limit)
      : this.statements.search.all(match, options.limit);
    return rows.map((row) => ({ message: toMessage(row), snippet: row.snippet }));
  }

  /** Stores many messages in one transaction: one fsync for the lot. Returns how many were new. */
  insertMessages(messages: StoredMessage[]): number {
    return this.insertMany(messages);
  }

  markIncomingRead(conversation: string, at: number): StoredMessage | undefined {
    return this.db.transaction(() => {
      const newest = this.statements.newestUnread.get(conversation);
      if (newest) this.statements.markIncomingRead.run(at, conversation);
      return newest && { ...toMessage(newest), readAt: at };
    })();
  }

  markOutgoingRead(peerId: PeerId, upTo: { sentAt: number; id: string }, at: number): StoredMessage[] {
    return this.db.transaction(() => {
      const rows = this.statements.unreadOutgoing.all(peerId, upTo.sentAt, upTo.sentAt, upTo.id);
      for (const row of rows) this.statements.markOutgoingRead.run(at, row.id);
      return rows.map((row) => ({ ...toMessage(row), readAt: at }));
    })();
  }

  conversations(): Array<{ conversation: string; lastMessage: StoredMessage; unread: number }> {
    return this.statements.conversations
      .all()
      .map((row) => ({ conversation: row.conversation, lastMessage: toMessage(row), unread: row.unread }));
  }

  unacknowledgedTo(peerId: PeerId): StoredMessage[] {
    return this.statements.unacknowledged.all(peerId).map(toMessage);
  }

  upsertPeer(p: PeerRecord): void {
    this.statements.upsertPeer.run({ ...p, addresses: JSON.stringify(p.addresses) });
  }

  listPeers(): PeerRecord[] {
    return this.statements.listPeers.all().map((r) => ({
      peerId: r.peer_id,
      name: r.name,
      role: r.role,
      addresses: JSON.parse(r.addresses) as string[],
      lastSeenAt: r.last_seen_at,
    }));
  }

  getSetting(key: string): string | undefined {
    return this.statements.getSetting.get(key)?.value;
  }

  setSetting(key: string, value: string): void {
    this.statements.setSetting.run(key, value);
  }

  deleteSetting(key: string): void {
    this.statements.deleteSetting.run(key);
  }

  close(): void {
    this.db.close();
  }
}
