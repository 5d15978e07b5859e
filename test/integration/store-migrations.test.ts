import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { LATEST_SCHEMA_VERSION, SchemaTooNewError, migrate, migrations } from '../../src/main/store/migrations';
import { MAX_CACHED_AVATARS } from '../../src/main/store/avatar-table';
import { SqliteStore } from '../../src/main/store/sqlite-store';
import { tempDir } from '../support/backends';
import { textRow } from '../support/rows';

/** Migrations run against real database files, as a user's would be. */
describe('store migrations', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  const dbPath = () => {
    const dir = tempDir();
    dirs.push(dir);
    return join(dir.path, 'lanline.db');
  };

  it('numbers its steps 1..N with no gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('brings an empty file to the latest schema once, in WAL mode', () => {
    const path = dbPath();
    new SqliteStore(path).close();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('keeps data written by every earlier schema version', () => {
    for (let from = 1; from < LATEST_SCHEMA_VERSION; from++) {
      const db = new Database(dbPath());
      migrate(db, from);
      db.prepare("INSERT INTO settings (key, value) VALUES ('name', 'Ada')").run();
      expect(migrate(db)).toEqual(migrations.filter((m) => m.version > from).map((m) => m.version));
      expect(db.prepare("SELECT value FROM settings WHERE key = 'name'").get()).toEqual({ value: 'Ada' });
      db.close();
    }
  });

  it('v1 → v2 indexes the history that was already there for search', () => {
    const path = dbPath();
    const db = new Database(path);
    migrate(db, 1);
    db.prepare(
      "INSERT INTO messages VALUES ('m1', 'conv', 'a', 'b', 'Quarterly numbers are in', 1, 1, 'received', 0, 'sig')",
    ).run();
    db.close();
    const store = new SqliteStore(path);
    expect(store.searchMessages('quarter', { limit: 5 }).map((h) => h.message.id)).toEqual(['m1']);
    store.close();
  });

  it('v5 → v6 keeps one-to-one history readable and delivered receipts, and starts sequences fresh', () => {
    const path = dbPath();
    const db = new Database(path);
    migrate(db, 5);
    const insert = db.prepare(
      `INSERT INTO messages (id, conversation, author, recipient, text, sent_at, stored_at, state, outgoing, signature, envelope, read_at, reply_to)
       VALUES (?, 'bob', ?, ?, ?, ?, ?, ?, ?, 'sig', '', ?, NULL)`,
    );
    insert.run('m1', 'me', 'bob', 'Lunch?', 1, 1, 'delivered', 1, 5);
    insert.run('m2', 'bob', 'me', 'Sure', 2, 2, 'received', 0, null);
    insert.run('m3', 'me', 'bob', 'Noon', 3, 3, 'pending', 1, null);
    db.close();

    const store = new SqliteStore(path);
    expect(store.listMessages('bob').map((m) => [m.id, m.text, m.kind, m.seq, m.state])).toEqual([
      ['m1', 'Lunch?', 'text', 0, 'delivered'],
      ['m2', 'Sure', 'text', 0, 'received'],
      ['m3', 'Noon', 'text', 0, 'pending'],
    ]);
    expect(store.deliveries.counts(['m1', 'm3'])).toEqual(new Map([['m1', { delivered: 1, read: 1, of: 1 }]]));
    // Old rows sit outside the new per-author sequences, which start at 1.
    expect(store.lastSeq('bob', 'me')).toBe(0);
    expect(store.frontier('bob')).toEqual([]);
    expect(store.searchMessages('lunch', { limit: 5 }).map((h) => h.message.id)).toEqual(['m1']);
    store.close();
  });

  it('v8 → v9 adds the mailbox and deposit tables and keeps the outbox as it was', () => {
    const path = dbPath();
    const db = new Database(path);
    migrate(db, 8);
    db.prepare(
      `INSERT INTO messages (id, conversation, author, recipient, text, sent_at, stored_at, state, outgoing, signature, envelope, seq, kind)
       VALUES ('m1', 'bob', 'me', 'bob', 'Still waiting', 1, 1, 'pending', 1, 'sig', '{}', 1, 'text')`,
    ).run();
    db.prepare(`INSERT INTO deliveries (message_id, peer_id) VALUES ('m1', 'bob')`).run();
    db.close();

    const store = new SqliteStore(path);
    expect(store.deliveries.peersWithPending()).toEqual(['bob']);
    expect(store.deliveries.pendingCount('bob')).toEqual({ pending: 1, deposited: 0 });
    expect(store.deliveries.addHolder('m1', 'bob', 'sp1', 5)).toBe(true);
    expect(store.deliveries.addHolder('m1', 'bob', 'sp1', 6)).toBe(false);
    expect(store.deliveries.addHolder('nope', 'bob', 'sp1', 6)).toBe(false);
    expect(store.deliveries.pendingCount('bob')).toEqual({ pending: 1, deposited: 1 });
    store.deliveries.markDelivered('m1', 'bob', 7);
    expect(store.deliveries.holders(['m1'], 'bob')).toEqual(new Map());
    expect(store.mailbox.total()).toEqual({ messages: 0, bytes: 0 });
    const item = {
      id: 'm2',
      recipient: 'bob',
      author: 'ada',
      depositor: 'ada',
      envelope: '{}',
      bytes: 2,
      depositedAt: 1,
      expiresAt: 9,
    };
    expect(store.mailbox.put(item)).toBe(true);
    expect(store.mailbox.put(item)).toBe(false);
    expect(store.mailbox.queue('bob', 10)).toEqual([item]);
    store.close();
    // The totals kept in memory start from what is on disk.
    const reopened = new SqliteStore(path);
    expect(reopened.mailbox.total()).toEqual({ messages: 1, bytes: 2 });
    expect(reopened.mailbox.expire(9)).toBe(1);
    expect(reopened.mailbox.total()).toEqual({ messages: 0, bytes: 0 });
    reopened.close();
  });

  it('v9 → v10 keeps file offers, each in the conversation of the peer it was offered to or by', () => {
    const path = dbPath();
    const db = new Database(path);
    migrate(db, 9);
    db.prepare(
      "INSERT INTO file_offers (offer_id, direction, peer_id, offer, created_at) VALUES ('o1', 'in', 'bob', '{}', 1)",
    ).run();
    db.prepare("INSERT INTO file_transfers (offer_id, entry, root, state, updated_at) VALUES ('o1', 0, 'r', 'done', 1)").run();
    migrate(db);
    expect(db.prepare('SELECT conversation, message_id, recipients, replica FROM file_offers').get()).toEqual({
      conversation: 'bob',
      message_id: null,
      recipients: null,
      replica: null,
    });
    expect(db.prepare('SELECT state FROM file_transfers').get()).toEqual({ state: 'done' });
    db.close();
  });

  it('v10 → v11 keeps the peers it knew, with no picture yet, and bounds the picture cache', () => {
    const path = dbPath();
    const db = new Database(path);
    migrate(db, 10);
    db.prepare("INSERT INTO peers (peer_id, name, role, addresses, last_seen_at) VALUES ('bob', 'Bob', 'basic', '[]', 5)").run();
    db.close();
    const store = new SqliteStore(path);
    expect(store.listPeers()).toEqual([
      { peerId: 'bob', name: 'Bob', role: 'basic', addresses: [], lastSeenAt: 5, avatar: null },
    ]);
    for (let i = 0; i < MAX_CACHED_AVATARS + 5; i++)
      store.putAvatar(i.toString(16).padStart(32, '0'), new Uint8Array([i & 255]), i);
    expect(store.db.prepare('SELECT count(*) AS n FROM avatars').get()).toEqual({ n: MAX_CACHED_AVATARS });
    // The oldest went first; the newest is kept.
    expect(store.getAvatar('0'.repeat(32))).toBeUndefined();
    expect(store.getAvatar((MAX_CACHED_AVATARS + 4).toString(16).padStart(32, '0'))).toEqual(
      new Uint8Array([(MAX_CACHED_AVATARS + 4) & 255]),
    );
    // The table refuses anything larger than a picture may be.
    expect(() => store.putAvatar('f'.repeat(32), new Uint8Array(12 * 1024 + 1), 1)).toThrow(/CHECK/);
    store.close();
  });

  it('v11 → v12 keeps history searchable, and indexes what is stored, edited and deleted afterwards', () => {
    const path = dbPath();
    const db = new Database(path);
    migrate(db, 11);
    db.prepare(
      `INSERT INTO messages (id, conversation, author, recipient, text, sent_at, stored_at, state, outgoing, signature, kind)
       VALUES ('old', 'bob', 'bob', 'me', 'Lunch at noon', 1, 1, 'received', 0, 'sig', 'text')`,
    ).run();
    db.close();
    const store = new SqliteStore(path);
    const found = (words: string) => store.searchMessages(words, { limit: 10 }).map((hit) => hit.message.id);
    store.insertMessage(textRow({ id: 'one', conversation: 'bob', text: 'Lunch moved to one', sentAt: 2 }));
    store.insertMessages([
      textRow({ id: 'two', conversation: 'bob', text: 'Pizza for lunch', sentAt: 3 }),
      textRow({ id: 'one', conversation: 'bob', text: 'a duplicate is ignored', sentAt: 2 }),
      textRow({ id: 'three', conversation: 'ada', text: 'Sushi instead', sentAt: 4 }),
    ]);
    expect(found('lunch')).toEqual(['two', 'one', 'old']);
    expect(found('duplicate')).toEqual([]);
    store.applyEdit('three', 'Ramen instead', 5);
    expect(found('sushi')).toEqual([]);
    expect(found('ramen')).toEqual(['three']);
    store.applyDelete('two');
    expect(found('pizza')).toEqual([]);
    expect(store.db.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)").run()).toBeTruthy();
    store.close();
  });

  it('refuses a database from a newer Lanline with a message that says what to do', () => {
    const path = dbPath();
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteStore(path)).toThrow(SchemaTooNewError);
    expect(() => new SqliteStore(path)).toThrow(/Update Lanline/);
  });

  it('rejects a message state the schema does not know', () => {
    const store = new SqliteStore(dbPath());
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO messages (id, conversation, author, recipient, text, sent_at, stored_at, state, outgoing, signature) VALUES ('x','c','a','b','t',1,1,'lost',0,'s')",
        )
        .run(),
    ).toThrow(/CHECK/);
    store.close();
  });
});
