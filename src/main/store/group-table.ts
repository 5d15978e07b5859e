import type Database from 'better-sqlite3';
import type { GroupId } from '../../core/model';
import type { GroupRecord, GroupStore, StoredMessage } from '../../core/store';
import { toStoredMessage, type MessageRow } from './message-rows';

type GroupState = Omit<GroupRecord, 'id' | 'name' | 'createdAt'>;

/** `groups` (the worked-out state of each group), `epoch_keys` and `group_invites`. */
export class GroupTable implements GroupStore {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      save: db.prepare(
        `INSERT INTO groups (id, name, state, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, state = excluded.state`,
      ),
      get: db.prepare<[string], { id: string; name: string; state: string; created_at: number }>(
        'SELECT * FROM groups WHERE id = ?',
      ),
      list: db.prepare<[], { id: string; name: string; state: string; created_at: number }>('SELECT * FROM groups ORDER BY name'),
      changes: db.prepare<[string], MessageRow>(
        `SELECT * FROM messages WHERE conversation = ? AND kind = 'group' AND held_since IS NULL ORDER BY sent_at, id`,
      ),
      putKey: db.prepare('INSERT OR IGNORE INTO epoch_keys (group_id, epoch, key) VALUES (?, ?, ?)'),
      getKey: db.prepare<[string, string], { key: Buffer }>('SELECT key FROM epoch_keys WHERE group_id = ? AND epoch = ?'),
      saveInvite: db.prepare('INSERT OR REPLACE INTO group_invites (token_hash, group_id, expires_at) VALUES (?, ?, ?)'),
      findInvite: db.prepare<[string, number], { group_id: string }>(
        'SELECT group_id FROM group_invites WHERE token_hash = ? AND expires_at > ?',
      ),
    };
  }

  save(group: GroupRecord): void {
    const { id, name, createdAt, ...state } = group;
    this.statements.save.run(id, name, JSON.stringify(state satisfies GroupState), createdAt);
  }

  private toRecord(row: { id: string; name: string; state: string; created_at: number }): GroupRecord {
    return { id: row.id, name: row.name, createdAt: row.created_at, ...(JSON.parse(row.state) as GroupState) };
  }

  get(id: GroupId): GroupRecord | undefined {
    const row = this.statements.get.get(id);
    return row && this.toRecord(row);
  }

  list(): GroupRecord[] {
    return this.statements.list.all().map((row) => this.toRecord(row));
  }

  changes(id: GroupId): StoredMessage[] {
    return this.statements.changes.all(id).map(toStoredMessage);
  }

  putEpochKey(group: GroupId, epoch: string, key: Uint8Array): void {
    this.statements.putKey.run(group, epoch, Buffer.from(key));
  }

  epochKey(group: GroupId, epoch: string): Uint8Array | undefined {
    const row = this.statements.getKey.get(group, epoch);
    return row && new Uint8Array(row.key);
  }

  saveInvite(tokenHash: string, group: GroupId, expiresAt: number): void {
    this.statements.saveInvite.run(tokenHash, group, expiresAt);
  }

  findInvite(tokenHash: string, now: number): GroupId | undefined {
    return this.statements.findInvite.get(tokenHash, now)?.group_id;
  }
}
