import type Database from 'better-sqlite3';
import type { AvatarCache } from '../../core/avatar/avatar-exchange';

/** Avatars a node keeps: at 12 KiB each, at most 12 MiB however many keys someone makes. */
export const MAX_CACHED_AVATARS = 1000;

/** `avatars`: verified profile pictures of others, by hash (our own lives in the settings). */
export class AvatarTable implements AvatarCache {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      get: db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM avatars WHERE hash = ?'),
      put: db.prepare(
        'INSERT INTO avatars (hash, bytes, stored_at) VALUES (?, ?, ?) ON CONFLICT (hash) DO UPDATE SET stored_at = excluded.stored_at',
      ),
      evict: db.prepare('DELETE FROM avatars WHERE hash NOT IN (SELECT hash FROM avatars ORDER BY stored_at DESC, hash LIMIT ?)'),
    };
  }

  getAvatar(hash: string): Uint8Array | undefined {
    const row = this.statements.get.get(hash);
    return row && new Uint8Array(row.bytes);
  }

  putAvatar(hash: string, bytes: Uint8Array, now: number): void {
    this.statements.put.run(hash, Buffer.from(bytes), now);
    this.statements.evict.run(MAX_CACHED_AVATARS);
  }
}
