import type Database from 'better-sqlite3';

/**
 * The schema's history. Each step runs once, in a transaction, and bumps
 * PRAGMA user_version. Steps are never edited after they ship: a change is a
 * new step, and test/integration/store-migrations.test.ts checks it against a
 * database made by the previous one.
 */
export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const migrations: Migration[] = [
  {
    version: 1,
    description: 'settings, peers and one-to-one messages',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
        CREATE TABLE peers (
          peer_id      TEXT PRIMARY KEY,
          name         TEXT NOT NULL,
          role         TEXT NOT NULL,
          addresses    TEXT NOT NULL DEFAULT '[]',
          last_seen_at INTEGER
        ) STRICT;
        CREATE TABLE messages (
          id           TEXT PRIMARY KEY,
          conversation TEXT NOT NULL,
          author       TEXT NOT NULL,
          recipient    TEXT NOT NULL,
          text         TEXT NOT NULL,
          sent_at      INTEGER NOT NULL,
          stored_at    INTEGER NOT NULL,
          state        TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'delivered', 'received')),
          outgoing     INTEGER NOT NULL,
          signature    TEXT NOT NULL
        ) STRICT;
        CREATE INDEX messages_by_conversation ON messages (conversation, sent_at, id);
        CREATE INDEX messages_unacknowledged ON messages (recipient, state) WHERE outgoing = 1 AND state != 'delivered';
      `);
    },
  },
  {
    version: 2,
    description: 'full-text search over message text (FTS5, kept in step by triggers)',
    up(db) {
      db.exec(`
        CREATE VIRTUAL TABLE messages_fts USING fts5(
          text,
          content = 'messages',
          content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO messages_fts (rowid, text) SELECT rowid, text FROM messages;
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
          INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
        END;
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        END;
        CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
          INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
        END;
      `);
    },
  },
  {
    version: 3,
    description: 'keep each message’s signed, sealed envelope, to send it again byte for byte',
    up(db) {
      db.exec(`ALTER TABLE messages ADD COLUMN envelope TEXT NOT NULL DEFAULT ''`);
    },
  },
  {
    version: 4,
    description: 'read receipts, and the index that makes unread counts cheap',
    up(db) {
      db.exec(`
        ALTER TABLE messages ADD COLUMN read_at INTEGER;
        CREATE INDEX messages_unread ON messages (conversation) WHERE outgoing = 0 AND read_at IS NULL;
      `);
    },
  },
  {
    version: 5,
    description: 'replies: the message a message answers',
    up(db) {
      db.exec('ALTER TABLE messages ADD COLUMN reply_to TEXT');
    },
  },
  {
    version: 6,
    description: 'groups, per-author sequences, the ordering buffer, edits, deletes, reactions and per-recipient delivery',
    up(db) {
      db.exec(`
        ALTER TABLE messages ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'text'
          CHECK (kind IN ('text', 'edit', 'delete', 'react', 'group', 'sealed'));
        ALTER TABLE messages ADD COLUMN target TEXT;
        ALTER TABLE messages ADD COLUMN content TEXT;
        ALTER TABLE messages ADD COLUMN held_since INTEGER;
        ALTER TABLE messages ADD COLUMN edited_at INTEGER;
        ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX messages_by_author ON messages (conversation, author, seq);
        CREATE INDEX messages_by_target ON messages (target) WHERE target IS NOT NULL;
        CREATE INDEX messages_held ON messages (conversation) WHERE held_since IS NOT NULL;
        DROP INDEX messages_unacknowledged;

        -- Our own messages: one row per recipient; delivered_at IS NULL is the outbox.
        CREATE TABLE deliveries (
          message_id   TEXT NOT NULL,
          peer_id      TEXT NOT NULL,
          delivered_at INTEGER,
          read_at      INTEGER,
          PRIMARY KEY (message_id, peer_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX deliveries_outbox ON deliveries (peer_id) WHERE delivered_at IS NULL;
        -- Undelivered messages from before this version are in the old wire format, which
        -- no peer of this version accepts; only delivered ones get their receipt row.
        INSERT INTO deliveries (message_id, peer_id, delivered_at, read_at)
          SELECT id, recipient, stored_at, read_at FROM messages WHERE outgoing = 1 AND state = 'delivered';

        -- Per conversation and author: everything up to 'contiguous' is stored (anti-entropy
        -- summaries), 'visible' is the newest shown (the ordering buffer), 'floor' is where a
        -- member who joined late starts, 'last_at' ranks authors for a message's dependencies.
        CREATE TABLE frontiers (
          conversation TEXT NOT NULL,
          author       TEXT NOT NULL,
          contiguous   INTEGER NOT NULL DEFAULT 0,
          visible      INTEGER NOT NULL DEFAULT 0,
          floor        INTEGER NOT NULL DEFAULT 0,
          last_at      INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (conversation, author)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX frontiers_by_activity ON frontiers (conversation, last_at);

        CREATE TABLE reactions (
          target TEXT NOT NULL,
          author TEXT NOT NULL,
          emoji  TEXT NOT NULL,
          active INTEGER NOT NULL,
          at     INTEGER NOT NULL,
          PRIMARY KEY (target, author, emoji)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE groups (
          id         TEXT PRIMARY KEY,
          name       TEXT NOT NULL,
          state      TEXT NOT NULL,
          created_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE epoch_keys (
          group_id TEXT NOT NULL,
          epoch    TEXT NOT NULL,
          key      BLOB NOT NULL,
          PRIMARY KEY (group_id, epoch)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE group_invites (
          token_hash TEXT PRIMARY KEY,
          group_id   TEXT NOT NULL,
          expires_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 7,
    description: 'a leaner search index: no positions (detail=none) and lazier segment merging',
    up(db) {
      // Search needs only "does this row contain words starting so", never phrases, so
      // positions are dead weight; with fewer, larger merges the index costs ~21 % fewer
      // instructions per message (callgrind, docs/BENCHMARKS.md). automerge is kept in the
      // table's own config, so it survives reopening.
      db.exec(`
        DROP TRIGGER messages_fts_insert;
        DROP TRIGGER messages_fts_delete;
        DROP TRIGGER messages_fts_update;
        DROP TABLE messages_fts;
        CREATE VIRTUAL TABLE messages_fts USING fts5(
          text,
          content = 'messages',
          content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2',
          detail = none
        );
        INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 16);
        INSERT INTO messages_fts (messages_fts, rank) VALUES ('crisismerge', 64);
        INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
          INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
        END;
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        END;
        CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
          INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
        END;
      `);
    },
  },
  {
    version: 8,
    description: 'file offers and transfers: which chunks of each file are verified on disk',
    up(db) {
      db.exec(`
        CREATE TABLE file_offers (
          offer_id   TEXT PRIMARY KEY,
          direction  TEXT NOT NULL CHECK (direction IN ('out', 'in')),
          peer_id    TEXT NOT NULL,
          offer      TEXT NOT NULL,
          created_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE file_transfers (
          offer_id     TEXT NOT NULL REFERENCES file_offers (offer_id) ON DELETE CASCADE,
          entry        INTEGER NOT NULL,
          root         TEXT NOT NULL,
          state        TEXT NOT NULL CHECK (state IN ('offered', 'active', 'paused', 'done', 'failed', 'cancelled')),
          local_path   TEXT,
          verified     BLOB,
          bytes_done   INTEGER NOT NULL DEFAULT 0,
          error        TEXT,
          source_mtime INTEGER,
          updated_at   INTEGER NOT NULL,
          PRIMARY KEY (offer_id, entry)
        ) STRICT;
        CREATE INDEX file_transfers_by_root ON file_transfers (root);
      `);
    },
  },
  {
    version: 9,
    description: 'store-and-forward: the mailbox a super peer holds, receipts it keeps for authors, and where our deposits are',
    up(db) {
      // On a super peer: messages held for recipients who were away (sealed envelopes, exactly as
      // deposited), and their recipients' signed receipts waiting for authors who are away too.
      // On every node: which super peers confirmed holding each of our undelivered messages, so
      // a deposit is made once per holder and a delivery row stays pending until the receipt.
      db.exec(`
        CREATE TABLE mailbox (
          id           TEXT NOT NULL,
          recipient    TEXT NOT NULL,
          author       TEXT NOT NULL,
          depositor    TEXT NOT NULL,
          envelope     TEXT NOT NULL,
          bytes        INTEGER NOT NULL,
          deposited_at INTEGER NOT NULL,
          expires_at   INTEGER NOT NULL,
          PRIMARY KEY (id, recipient)
        ) STRICT;
        CREATE INDEX mailbox_queue ON mailbox (recipient, deposited_at, bytes);
        CREATE INDEX mailbox_depositor ON mailbox (depositor, bytes);
        CREATE INDEX mailbox_expiry ON mailbox (expires_at);
        CREATE TABLE mailbox_receipts (
          id         TEXT NOT NULL,
          recipient  TEXT NOT NULL,
          author     TEXT NOT NULL,
          sig        TEXT NOT NULL,
          held_at    INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          PRIMARY KEY (id, recipient)
        ) STRICT;
        CREATE INDEX mailbox_receipts_author ON mailbox_receipts (author, held_at);
        CREATE INDEX mailbox_receipts_expiry ON mailbox_receipts (expires_at);
        CREATE TABLE deposits (
          message_id   TEXT NOT NULL,
          peer_id      TEXT NOT NULL,
          holder       TEXT NOT NULL,
          deposited_at INTEGER NOT NULL,
          PRIMARY KEY (message_id, peer_id, holder)
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    version: 10,
    description:
      'files in conversations: the message and conversation of each offer, who finished it, and replicas a super peer keeps',
    up(db) {
      // An offer now belongs to a conversation (a peer or a group) and to the message that
      // carries it. `recipients` (JSON) are the people an outgoing offer went to; a row in
      // file_recipients says one of them has a file of it whole, or declined it; `replica` (JSON) is the super
      // peer asked to keep a copy and what it answered. On a super peer,
      // file_replicas are the ciphertext-only copies it keeps for their owners, with quotas.
      // The partial index finds messages that carry files without scanning all history.
      db.exec(`
        ALTER TABLE file_offers ADD COLUMN conversation TEXT;
        UPDATE file_offers SET conversation = peer_id;
        ALTER TABLE file_offers ADD COLUMN message_id TEXT;
        ALTER TABLE file_offers ADD COLUMN recipients TEXT;
        ALTER TABLE file_offers ADD COLUMN replica TEXT;
        CREATE INDEX file_offers_by_conversation ON file_offers (conversation, created_at);
        CREATE TABLE file_recipients (
          offer_id TEXT NOT NULL REFERENCES file_offers (offer_id) ON DELETE CASCADE,
          entry    INTEGER NOT NULL,
          peer_id  TEXT NOT NULL,
          outcome  TEXT NOT NULL CHECK (outcome IN ('done', 'declined')),
          done_at  INTEGER NOT NULL,
          PRIMARY KEY (offer_id, entry, peer_id)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE file_replicas (
          root       TEXT PRIMARY KEY,
          owner      TEXT NOT NULL,
          size       INTEGER NOT NULL,
          chunk_size INTEGER NOT NULL,
          state      TEXT NOT NULL CHECK (state IN ('fetching', 'complete')),
          verified   BLOB,
          bytes      INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX file_replicas_by_owner ON file_replicas (owner);
        CREATE INDEX file_replicas_by_expiry ON file_replicas (expires_at);
        CREATE INDEX messages_sharing_files ON messages (conversation) WHERE kind = 'text' AND content IS NOT NULL;
      `);
    },
  },
  {
    version: 11,
    description: "profile pictures: each peer's signed avatar hash, and the verified images fetched by hash",
    up(db) {
      // The hash comes from the peer's newest signed presence record, so an offline peer keeps its
      // picture across restarts. `avatars` holds only bytes that hashed to what was asked for; it is
      // bounded by count (store/avatar-table.ts), the least recently stored going first.
      db.exec(`
        ALTER TABLE peers ADD COLUMN avatar TEXT;
        CREATE TABLE avatars (
          hash      TEXT PRIMARY KEY,
          bytes     BLOB NOT NULL CHECK (length(bytes) <= 12288),
          stored_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX avatars_by_age ON avatars (stored_at);
      `);
    },
  },
  {
    version: 12,
    description: 'the search index rebuilt with positions, and fed once per transaction instead of by a trigger per row',
    up(db) {
      // FTS5 writes its pending terms out as a segment at every statement that touches it (its
      // savepoint), so a trigger per inserted row cost about 70 % of a batched insert. The store
      // now indexes a transaction's new rows in one INSERT … SELECT at its end
      // (SqliteStore.indexNewRows). With that overhead gone, positions (detail=full) are cheap
      // to keep, and they make prefix queries on common words about 2.5× faster than
      // detail=none did (docs/BENCHMARKS.md). Edits and deletes keep their triggers.
      db.exec(`
        DROP TRIGGER messages_fts_insert;
        DROP TRIGGER messages_fts_delete;
        DROP TRIGGER messages_fts_update;
        DROP TABLE messages_fts;
        CREATE VIRTUAL TABLE messages_fts USING fts5(
          text,
          content = 'messages',
          content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        END;
        CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
          INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
        END;
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)!.version;

export class SchemaTooNewError extends Error {
  constructor(found: number) {
    super(
      `This data folder was written by a newer Lanline (schema ${found}; this build knows up to ${LATEST_SCHEMA_VERSION}). Update Lanline to open it.`,
    );
  }
}

/** Brings the database to `target`, returning the versions applied. */
export function migrate(db: Database.Database, target = LATEST_SCHEMA_VERSION): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_SCHEMA_VERSION) throw new SchemaTooNewError(current);
  const applied: number[] = [];
  for (const step of migrations) {
    if (step.version <= current || step.version > target) continue;
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    })();
    applied.push(step.version);
  }
  return applied;
}
