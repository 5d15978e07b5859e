import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { Bitfield } from '../../core/files/bitfield';
import type { FileCrypto } from '../../core/files/crypto';
import type { Download } from '../../core/files/download';
import type { FileExchange } from '../../core/files/exchange';
import type { KeepRefusal } from '../../core/files/frames';
import { chunkCount, type FileEntry } from '../../core/files/manifest';
import type { MerkleTree } from '../../core/files/merkle';
import type { KeepState, ReplicaKeeper } from '../../core/files/replication';
import type { PeerId } from '../../core/identity';
import type { Logger } from '../../core/platform';
import { SealedFile } from './sealed-file';
import type { TreeFiles } from './tree-files';

/** What a super peer keeps for others (`--replica-*` flags): nothing unless a quota is given. */
export interface ReplicaLimits {
  /** All replicas together; 0 keeps none. */
  quotaBytes: number;
  /** One owner's replicas together (so also the largest file). */
  perPeerBytes: number;
  /** A replica is forgotten this long after it was last asked for. */
  ttlMs: number;
}

export interface ReplicaStatus {
  replicas: number;
  complete: number;
  bytes: number;
  quotaBytes: number;
}

interface Row {
  root: string;
  owner: string;
  size: number;
  chunk_size: number;
  state: 'fetching' | 'complete';
  verified: Buffer | null;
  bytes: number;
  created_at: number;
  expires_at: number;
}

interface Replica {
  row: Row;
  entry: FileEntry;
  tree: MerkleTree;
  verified: Bitfield;
  file: SealedFile;
  download?: Download;
  dirty: boolean;
}

export interface ReplicasInit {
  exchange: FileExchange;
  db: Database.Database;
  trees: TreeFiles;
  dataDir: string;
  crypto: FileCrypto;
  log: Logger;
  now(): number;
  limits: ReplicaLimits;
}

/**
 * A super peer's replicas (docs/FILES.md, "Replication"): the ciphertext of
 * files their owners shared, fetched and verified chunk by chunk against the
 * root like any download, but without a key, so it can be served and never
 * read. Quotas per owner and in total; each replica lapses `ttlMs` after its
 * owner last asked for it. Partial replicas serve what they hold.
 */
export class Replicas implements ReplicaKeeper {
  private readonly held = new Map<string, Replica>();
  private readonly statements;
  private readonly timer: ReturnType<typeof setInterval>;

  private constructor(private readonly init: ReplicasInit) {
    const { db } = init;
    this.statements = {
      all: db.prepare<[], Row>('SELECT * FROM file_replicas'),
      insert: db.prepare(
        `INSERT INTO file_replicas (root, owner, size, chunk_size, state, verified, bytes, created_at, expires_at)
         VALUES (@root, @owner, @size, @chunk_size, @state, @verified, @bytes, @created_at, @expires_at)`,
      ),
      update: db.prepare(
        'UPDATE file_replicas SET state = @state, verified = @verified, bytes = @bytes, expires_at = @expires_at WHERE root = @root',
      ),
      remove: db.prepare('DELETE FROM file_replicas WHERE root = ?'),
    };
    this.timer = setInterval(() => this.tick(), 1000);
  }

  static async open(init: ReplicasInit): Promise<Replicas> {
    const replicas = new Replicas(init);
    for (const row of replicas.statements.all.all()) await replicas.adopt(row);
    return replicas;
  }

  private get dir(): string {
    return join(this.init.dataDir, 'replicas');
  }

  status(): ReplicaStatus {
    const all = [...this.held.values()];
    return {
      replicas: all.length,
      complete: all.filter((r) => r.row.state === 'complete').length,
      bytes: all.reduce((n, r) => n + r.row.size, 0),
      quotaBytes: this.init.limits.quotaBytes,
    };
  }

  keep(owner: PeerId, file: { root: string; size: number; chunkSize: number }): { state: KeepState; reason?: KeepRefusal } {
    const { limits, now } = this.init;
    if (limits.quotaBytes <= 0) return { state: 'refused', reason: 'disabled' };
    const existing = this.held.get(file.root);
    if (existing) {
      if (existing.row.owner !== owner) return { state: 'refused', reason: 'unknown' };
      existing.row.expires_at = now() + limits.ttlMs;
      this.persist(existing);
      return { state: existing.row.state };
    }
    if (file.size > limits.perPeerBytes || file.size > limits.quotaBytes) return { state: 'refused', reason: 'too-large' };
    let total = 0;
    let ownerTotal = 0;
    for (const r of this.held.values()) {
      total += r.row.size;
      if (r.row.owner === owner) ownerTotal += r.row.size;
    }
    if (total + file.size > limits.quotaBytes || ownerTotal + file.size > limits.perPeerBytes)
      return { state: 'refused', reason: 'quota' };
    const row: Row = {
      root: file.root,
      owner,
      size: file.size,
      chunk_size: file.chunkSize,
      state: 'fetching',
      verified: null,
      bytes: 0,
      created_at: now(),
      expires_at: now() + limits.ttlMs,
    };
    this.statements.insert.run(row);
    this.init.log.info('keeping a replica', { owner, root: file.root.slice(0, 12), bytes: file.size });
    void this.adopt(row);
    return { state: 'fetching' };
  }

  drop(owner: PeerId, root: string): void {
    const replica = this.held.get(root);
    if (replica?.row.owner !== owner) return;
    this.init.log.info('replica withdrawn by its owner', { owner, root: root.slice(0, 12) });
    void this.forget(replica);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const replica of this.held.values()) {
      replica.download?.pause();
      await this.checkpoint(replica);
      this.init.exchange.unpublish(replica.row.root);
      await replica.file.close();
    }
  }

  private async adopt(row: Row): Promise<void> {
    const { exchange, trees, crypto } = this.init;
    const entry: FileEntry = {
      path: `${row.root}.sealed`,
      size: row.size,
      type: 'application/octet-stream',
      chunkSize: row.chunk_size,
      root: row.root,
    };
    const chunks = chunkCount(entry);
    const tree = await trees.load(row.root, chunks);
    const verified = row.verified ? new Bitfield(chunks, new Uint8Array(row.verified)) : new Bitfield(chunks);
    const file = new SealedFile(join(this.dir, `${row.root}.sealed`), entry, tree, () => replica.verified, crypto);
    const replica: Replica = { row, entry, tree, verified, file, dirty: false };
    this.held.set(row.root, replica);
    exchange.publish(file);
    if (row.state === 'complete') return;
    // The owner is the one source; its chunks verify against the root, so nothing here needs its key.
    const download = exchange.download({ entry, verified, tree, sink: file }, [row.owner]);
    replica.download = download;
    download.onDidProgress.on(() => (replica.dirty = true));
    download.onDidFinish.on((outcome) => {
      if (outcome.state === 'done') void this.complete(replica);
      else if (outcome.state === 'failed') {
        this.init.log.warn('replica failed', { root: row.root.slice(0, 12), error: outcome.error.message });
        void this.forget(replica);
      }
    });
  }

  private async complete(replica: Replica): Promise<void> {
    await this.checkpoint(replica);
    replica.row.state = 'complete';
    replica.download = undefined;
    this.persist(replica);
    this.init.log.info('replica complete', { root: replica.row.root.slice(0, 12), bytes: replica.row.size });
    this.init.exchange.replicas.tell(replica.row.owner, replica.row.root, 'complete');
  }

  private async checkpoint(replica: Replica): Promise<void> {
    if (!replica.dirty && replica.row.state === 'complete') return;
    replica.dirty = false;
    const snapshot = new Bitfield(replica.verified.size, replica.verified.bytes);
    await replica.file.sync().catch(() => {});
    await this.init.trees.save(replica.row.root, replica.tree);
    replica.row.verified = Buffer.from(snapshot.bytes);
    replica.row.bytes = Math.min(replica.row.size, snapshot.count * replica.row.chunk_size);
    this.persist(replica);
  }

  private persist(replica: Replica): void {
    if (this.init.db.open) this.statements.update.run(replica.row);
  }

  private async forget(replica: Replica): Promise<void> {
    this.held.delete(replica.row.root);
    replica.download?.cancel();
    this.init.exchange.unpublish(replica.row.root);
    this.statements.remove.run(replica.row.root);
    await replica.file.remove();
    await this.init.trees.remove(replica.row.root);
  }

  private tick(): void {
    const now = this.init.now();
    for (const replica of [...this.held.values()]) {
      if (replica.row.expires_at < now) {
        this.init.log.info('replica expired', { root: replica.row.root.slice(0, 12) });
        void this.forget(replica);
      } else if (replica.dirty) void this.checkpoint(replica);
    }
  }
}
