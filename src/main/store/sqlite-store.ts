import Database from 'better-sqlite3';
import type { PeerId } from '../../core/identity';
import { HIGHLIGHT_END, HIGHLIGHT_START, type MessageState, type Reaction, type Role } from '../../core/model';
import type { EngineStore, Page, PeerRecord, StoredMessage } from '../../core/store';
import { AvatarTable } from './avatar-table';
import { DeliveryTable } from './delivery-table';
import { GroupTable } from './group-table';
import { MailboxTable } from './mailbox-table';
import { jsonList, LISTED, MESSAGE_COLUMNS, messageValues, toStoredMessage, type MessageRow } from './message-rows';
import { migrate } from './migrations';

interface PeerRow {
  peer_id: string;
  name: string;
  role: Role;
  addresses: string;
  last_seen_at: number | null;
  avatar: string | null;
}

/**
 * Turns what a person typed into an FTS5 query: every word must appear, as a
 * prefix, and nothing the user types is parsed as FTS5 syntax.
 */
export function ftsQuery(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 16) ?? [];
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : undefined;
}

const SNIPPET = `snippet(messages_fts, 0, '${HIGHLIGHT_START}', '${HIGHLIGHT_END}', '…', 16) AS snippet`;
const SEARCHABLE = `m.kind = 'text' AND m.deleted = 0 AND m.held_since IS NULL`;

/**
 * The engine's store on better-sqlite3. WAL with synchronous=FULL: a write
 * has reached the disk when the call returns, which is what lets the engine
 * acknowledge a message straight after insertMessage.
 */
export class SqliteStore implements EngineStore {
  readonly db: Database.Database;
  readonly deliveries: DeliveryTable;
  readonly groups: GroupTable;
  /** What this node holds for others when it acts as a super peer (empty otherwise). */
  readonly mailbox: MailboxTable;
  /** Verified profile pictures of others, by hash. */
  readonly avatars: AvatarTable;
  private readonly statements;
  private readonly insertOne: (message: StoredMessage) => boolean;
  private readonly insertMany: (messages: StoredMessage[]) => number;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    const db = this.db;
    this.deliveries = new DeliveryTable(db);
    this.groups = new GroupTable(db);
    this.mailbox = new MailboxTable(db);
    this.avatars = new AvatarTable(db);
    this.statements = {
      insertMessage: db.prepare(
        `INSERT OR IGNORE INTO messages (${MESSAGE_COLUMNS}) VALUES (${MESSAGE_COLUMNS.split(',')
          .map(() => '?')
          .join(', ')})`,
      ),
      getMessage: db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?'),
      newestSentAt: db.prepare<[], { newest: number | null }>('SELECT max(sent_at) AS newest FROM messages'),
      setState: db.prepare('UPDATE messages SET state = ? WHERE id = ?'),
      lastRowid: db.prepare<[], { rowid: number }>('SELECT coalesce(max(rowid), 0) AS rowid FROM messages'),
      indexSince: db.prepare('INSERT INTO messages_fts (rowid, text) SELECT rowid, text FROM messages WHERE rowid > ?'),
      latest: db.prepare<[string, number], MessageRow>(
        `SELECT * FROM messages WHERE conversation = ? AND ${LISTED} ORDER BY sent_at DESC, id DESC LIMIT ?`,
      ),
      before: db.prepare<[string, number, number, string, number], MessageRow>(
        `SELECT * FROM messages WHERE conversation = ? AND ${LISTED} AND (sent_at < ? OR (sent_at = ? AND id < ?))
         ORDER BY sent_at DESC, id DESC LIMIT ?`,
      ),
      search: db.prepare<[string, number], MessageRow & { snippet: string }>(
        `SELECT m.*, ${SNIPPET} FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
         WHERE messages_fts MATCH ? AND ${SEARCHABLE} ORDER BY messages_fts.rowid DESC LIMIT ?`,
      ),
      searchIn: db.prepare<[string, string, number], MessageRow & { snippet: string }>(
        `SELECT m.*, ${SNIPPET} FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
         WHERE messages_fts MATCH ? AND m.conversation = ? AND ${SEARCHABLE} ORDER BY messages_fts.rowid DESC LIMIT ?`,
      ),
      newestUnread: db.prepare<[string], MessageRow>(
        `SELECT * FROM messages WHERE conversation = ? AND outgoing = 0 AND read_at IS NULL AND held_since IS NULL
         ORDER BY sent_at DESC, id DESC LIMIT 1`,
      ),
      markIncomingRead: db.prepare(
        'UPDATE messages SET read_at = ? WHERE conversation = ? AND outgoing = 0 AND read_at IS NULL AND held_since IS NULL',
      ),
      conversations: db.prepare<[], MessageRow & { unread: number; waiting: number }>(
        `SELECT m.*,
           (SELECT count(*) FROM messages u WHERE u.conversation = m.conversation AND u.outgoing = 0
              AND u.read_at IS NULL AND u.held_since IS NULL) AS unread,
           (SELECT count(*) FROM messages h WHERE h.conversation = m.conversation AND h.held_since IS NOT NULL) AS waiting
         FROM messages m
         WHERE m.rowid IN (
           SELECT (SELECT x.rowid FROM messages x WHERE x.conversation = c.conversation AND x.kind IN ('text', 'group')
                   AND x.held_since IS NULL ORDER BY x.sent_at DESC, x.id DESC LIMIT 1)
           FROM (SELECT DISTINCT conversation FROM messages) c)
         ORDER BY m.sent_at DESC, m.id DESC`,
      ),
      lastSeq: db.prepare<[string, string], { seq: number | null }>(
        'SELECT max(seq) AS seq FROM messages WHERE conversation = ? AND author = ?',
      ),
      frontier: db.prepare<[string], { author: string; upTo: number }>(
        'SELECT author, max(contiguous, floor) AS upTo FROM frontiers WHERE conversation = ?',
      ),
      frontierOf: db.prepare<[string, string], { contiguous: number; floor: number; visible: number }>(
        'SELECT contiguous, floor, visible FROM frontiers WHERE conversation = ? AND author = ?',
      ),
      setFrontier: db.prepare(
        `INSERT INTO frontiers (conversation, author, contiguous, floor) VALUES (?, ?, ?, ?)
         ON CONFLICT (conversation, author) DO UPDATE SET contiguous = excluded.contiguous, floor = excluded.floor`,
      ),
      markVisible: db.prepare(
        `INSERT INTO frontiers (conversation, author, visible, last_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (conversation, author) DO UPDATE SET visible = max(visible, excluded.visible),
           last_at = max(last_at, excluded.last_at)`,
      ),
      heads: db.prepare<[string, number], { author: string; upTo: number }>(
        `SELECT author, max(visible, floor) AS upTo FROM frontiers WHERE conversation = ? AND max(visible, floor) > 0
         ORDER BY last_at DESC LIMIT ?`,
      ),
      updateContent: db.prepare(
        'UPDATE messages SET kind = ?, text = ?, reply_to = ?, target = ?, content = ?, read_at = ? WHERE id = ?',
      ),
      deleteMessage: db.prepare('DELETE FROM messages WHERE id = ?'),
      hasSeq: db.prepare<[string, string, number], { one: number }>(
        'SELECT 1 AS one FROM messages WHERE conversation = ? AND author = ? AND seq = ?',
      ),
      after: db.prepare<[string, string, number, number], MessageRow>(
        'SELECT * FROM messages WHERE conversation = ? AND author = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      held: db.prepare<[], MessageRow>('SELECT * FROM messages WHERE held_since IS NOT NULL ORDER BY sent_at, id'),
      heldIn: db.prepare<[string], MessageRow>(
        'SELECT * FROM messages WHERE conversation = ? AND held_since IS NOT NULL ORDER BY sent_at, id',
      ),
      heldFrom: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM messages WHERE author = ? AND held_since IS NOT NULL',
      ),
      release: db.prepare('UPDATE messages SET held_since = NULL WHERE id = ?'),
      edit: db.prepare(
        'UPDATE messages SET text = ?, edited_at = ? WHERE id = ? AND deleted = 0 AND (edited_at IS NULL OR edited_at < ?)',
      ),
      // A deleted message that shared files forgets their offer too, keys included.
      delete: db.prepare(`UPDATE messages SET text = '', content = NULL, deleted = 1 WHERE id = ?`),
      effectsOn: db.prepare<[string], MessageRow>(
        'SELECT * FROM messages WHERE target = ? AND held_since IS NULL ORDER BY sent_at, id',
      ),
      setReaction: db.prepare(
        `INSERT INTO reactions (target, author, emoji, active, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (target, author, emoji) DO UPDATE SET active = excluded.active, at = excluded.at
         WHERE excluded.at > reactions.at`,
      ),
      reactions: db.prepare<[string], { target: string; emoji: string; author: string }>(
        `SELECT target, emoji, author FROM reactions WHERE target IN (SELECT value FROM json_each(?)) AND active = 1
         ORDER BY at`,
      ),
      upsertPeer: db.prepare(
        `INSERT INTO peers (peer_id, name, role, addresses, last_seen_at, avatar)
         VALUES (@peerId, @name, @role, @addresses, @lastSeenAt, @avatar)
         ON CONFLICT (peer_id) DO UPDATE SET name = excluded.name, role = excluded.role,
           addresses = excluded.addresses, last_seen_at = excluded.last_seen_at, avatar = excluded.avatar`,
      ),
      listPeers: db.prepare<[], PeerRow>('SELECT * FROM peers'),
      getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      deleteSetting: db.prepare('DELETE FROM settings WHERE key = ?'),
      setSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
    this.insertOne = db.transaction((m: StoredMessage) => this.indexNewRows(() => this.insertRow(m)));
    this.insertMany = db.transaction((messages: StoredMessage[]) =>
      this.indexNewRows(() => messages.filter((m) => this.insertRow(m)).length),
    );
  }

  /**
   * Runs `insert` and adds the rows it stored to the search index in one
   * statement (migration 12 says why not a trigger). New rows get rowids above
   * every existing one, so they are exactly those past the largest before.
   */
  private indexNewRows<T>(insert: () => T): T {
    const before = this.statements.lastRowid.get()!.rowid;
    const result = insert();
    this.statements.indexSince.run(before);
    return result;
  }

  /** One message and its frontier, inside whatever transaction the caller holds. */
  private insertRow(m: StoredMessage): boolean {
    if (this.statements.insertMessage.run(...messageValues(m)).changes !== 1) return false;
    if (m.seq > 0) {
      this.advanceFrontier(m.conversation, m.from);
      if (m.heldSince === null) this.statements.markVisible.run(m.conversation, m.from, m.seq, m.sentAt);
    }
    return true;
  }

  /** Moves an author's contiguous frontier past every sequence number now stored. */
  private advanceFrontier(conversation: string, author: PeerId): void {
    const row = this.statements.frontierOf.get(conversation, author) ?? { contiguous: 0, floor: 0 };
    let upTo = Math.max(row.contiguous, row.floor);
    while (this.statements.hasSeq.get(conversation, author, upTo + 1)) upTo += 1;
    if (upTo !== row.contiguous) this.statements.setFrontier.run(conversation, author, upTo, row.floor);
  }

  atomically<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  insertMessage(m: StoredMessage): boolean {
    return this.insertOne(m);
  }

  /** Stores many messages in one transaction: one fsync for the lot. Returns how many were new. */
  insertMessages(messages: StoredMessage[]): number {
    return this.insertMany(messages);
  }

  getMessage(id: string): StoredMessage | undefined {
    const row = this.statements.getMessage.get(id);
    return row && toStoredMessage(row);
  }

  newestSentAt(): number {
    return this.statements.newestSentAt.get()?.newest ?? 0;
  }

  setMessageState(id: string, state: MessageState): void {
    this.statements.setState.run(state, id);
  }

  listMessages(conversation: string, page: Page = {}): StoredMessage[] {
    const limit = page.limit ?? 200;
    const rows = page.before
      ? this.statements.before.all(conversation, page.before.sentAt, page.before.sentAt, page.before.id, limit)
      : this.statements.latest.all(conversation, limit);
    return rows.reverse().map(toStoredMessage);
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
    return rows.map((row) => ({ message: toStoredMessage(row), snippet: row.snippet }));
  }

  markIncomingRead(conversation: string, at: number): StoredMessage | undefined {
    return this.db.transaction(() => {
      const newest = this.statements.newestUnread.get(conversation);
      if (newest) this.statements.markIncomingRead.run(at, conversation);
      return newest && { ...toStoredMessage(newest), readAt: at };
    })();
  }

  conversations(): Array<{ conversation: string; lastMessage: StoredMessage; unread: number; waiting: number }> {
    return this.statements.conversations.all().map((row) => ({
      conversation: row.conversation,
      lastMessage: toStoredMessage(row),
      unread: row.unread,
      waiting: row.waiting,
    }));
  }

  lastSeq(conversation: string, author: PeerId): number {
    return this.statements.lastSeq.get(conversation, author)?.seq ?? 0;
  }

  frontier(conversation: string): Array<[PeerId, number]> {
    return this.statements.frontier.all(conversation).map((r) => [r.author, r.upTo]);
  }

  messagesAfter(conversation: string, author: PeerId, seq: number, limit: number): StoredMessage[] {
    return this.statements.after.all(conversation, author, seq, limit).map(toStoredMessage);
  }

  readyUpTo(conversation: string, author: PeerId): number {
    const row = this.statements.frontierOf.get(conversation, author);
    return row ? Math.max(row.visible, row.floor) : 0;
  }

  heads(conversation: string, limit: number): Array<[PeerId, number]> {
    return this.statements.heads.all(conversation, limit).map((r) => [r.author, r.upTo]);
  }

  setFloor(conversation: string, floor: Array<[PeerId, number]>): void {
    this.db.transaction(() => {
      for (const [author, seq] of floor) {
        const row = this.statements.frontierOf.get(conversation, author) ?? { contiguous: 0, floor: 0 };
        this.statements.setFrontier.run(conversation, author, row.contiguous, Math.max(row.floor, seq));
        this.statements.markVisible.run(conversation, author, 0, 0);
        this.advanceFrontier(conversation, author);
      }
    })();
  }

  held(conversation?: string): StoredMessage[] {
    return (conversation ? this.statements.heldIn.all(conversation) : this.statements.held.all()).map(toStoredMessage);
  }

  heldCountFrom(author: PeerId): number {
    return this.statements.heldFrom.get(author)!.n;
  }

  release(id: string): void {
    const m = this.getMessage(id);
    if (!m || m.heldSince === null) return;
    this.db.transaction(() => {
      this.statements.release.run(id);
      if (m.seq > 0) this.statements.markVisible.run(m.conversation, m.from, m.seq, m.sentAt);
    })();
  }

  setContent(id: string, opened: Pick<StoredMessage, 'kind' | 'text' | 'replyTo' | 'target' | 'content' | 'readAt'>): void {
    this.statements.updateContent.run(opened.kind, opened.text, opened.replyTo, opened.target, opened.content, opened.readAt, id);
  }

  deleteMessage(id: string): void {
    this.statements.deleteMessage.run(id);
  }

  applyEdit(target: string, text: string, at: number): void {
    this.statements.edit.run(text, at, target, at);
  }

  applyDelete(target: string): void {
    this.statements.delete.run(target);
  }

  effectsOn(target: string): StoredMessage[] {
    return this.statements.effectsOn.all(target).map(toStoredMessage);
  }

  setReaction(target: string, author: PeerId, emoji: string, active: boolean, at: number): void {
    this.statements.setReaction.run(target, author, emoji, active ? 1 : 0, at);
  }

  reactions(targets: string[]): Map<string, Reaction[]> {
    const byTarget = new Map<string, Reaction[]>();
    if (targets.length === 0) return byTarget;
    for (const row of this.statements.reactions.all(jsonList(targets))) {
      const list = byTarget.get(row.target) ?? [];
      const reaction = list.find((r) => r.emoji === row.emoji);
      if (reaction) reaction.by.push(row.author);
      else list.push({ emoji: row.emoji, by: [row.author] });
      byTarget.set(row.target, list);
    }
    return byTarget;
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
      avatar: r.avatar,
    }));
  }

  getAvatar(hash: string): Uint8Array | undefined {
    return this.avatars.getAvatar(hash);
  }

  putAvatar(hash: string, bytes: Uint8Array, now: number): void {
    this.avatars.putAvatar(hash, bytes, now);
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
