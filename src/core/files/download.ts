import { Emitter } from '../events';
import type { PeerId } from '../identity';
import type { Logger } from '../platform';
import { Bitfield } from './bitfield';
import type { FileCrypto } from './crypto';
import { chunkCount, chunkPlainLength, chunkSealedLength, type FileEntry } from './manifest';
import { leafHash, type MerkleTree } from './merkle';
import { hexToBytes } from '@noble/hashes/utils.js';
import { RateMeter } from './rate';
import { Scheduler } from './scheduler';
import type { PieceResult, SourceSession } from './source-session';

/**
 * Where verified chunks go: the backend's part file (which opens them with
 * the file's key, and rejects with `file-corrupt` when the key does not
 * open a chunk the root names), or a super peer's ciphertext store.
 */
export interface ChunkSink {
  /** Stores sealed chunk `index`, already verified against the root. */
  write(index: number, sealed: Uint8Array): Promise<void>;
}

export interface DownloadInit {
  entry: FileEntry;
  /** Chunks already on disk and verified. Updated as chunks are written. */
  verified: Bitfield;
  /** Learns each verified chunk's path, so this node can serve it on. */
  tree: MerkleTree;
  sink: ChunkSink;
  crypto: FileCrypto;
  log: Logger;
  now(): number;
  /** Verified bytes waiting for the disk above which no more are requested. */
  maxPendingWriteBytes?: number;
}

export type DownloadState = 'active' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface SourceProgress {
  peer: PeerId;
  bytesPerSecond: number | undefined;
  bytesReceived: number;
}

export interface DownloadProgress {
  state: DownloadState;
  /** Plaintext bytes verified and handed to the disk. */
  bytesDone: number;
  size: number;
  bytesPerSecond: number | undefined;
  /** Every chunk byte that crossed the wire, duplicates and headers included. */
  bytesReceived: number;
  sources: SourceProgress[];
}

/** What a download needs from the exchange: sessions with sources. */
export interface SessionHost {
  openSessions(download: Download): void;
}

/**
 * One file being fetched from any number of sources at once. Each chunk is
 * verified on its own (its hash and audit path against the root) before it is
 * opened and written; the scheduler decides who is asked for what.
 */
export class Download {
  state: DownloadState = 'active';
  readonly onDidProgress = new Emitter<DownloadProgress>();
  readonly onDidFinish = new Emitter<{ state: 'done' | 'cancelled' } | { state: 'failed'; error: Error }>();
  /** A source sent a chunk that failed its proof. */
  readonly onDidRejectChunk = new Emitter<{ peer: PeerId; index: number; dropped: boolean }>();
  readonly root: Uint8Array;
  private readonly scheduler: Scheduler;
  private readonly sessions = new Map<PeerId, SourceSession>();
  /** Peers that may hold the file; the exchange opens sessions to those linked. */
  readonly candidates = new Set<PeerId>();
  private pendingWriteBytes = 0;
  private bytesDone = 0;
  private bytesReceivedClosed = 0;
  private readonly rate = new RateMeter(3000);
  private readonly chunks: number;

  constructor(
    private readonly init: DownloadInit,
    private readonly host: SessionHost,
  ) {
    this.root = hexToBytes(init.entry.root);
    this.chunks = chunkCount(init.entry);
    this.scheduler = new Scheduler({
      chunkCount: this.chunks,
      chunkBytes: (index) => chunkSealedLength(init.entry, index),
      verified: init.verified,
      now: init.now,
    });
    for (let i = 0; i < this.chunks; i++) if (init.verified.has(i)) this.bytesDone += chunkPlainLength(init.entry, i);
  }

  get entry(): FileEntry {
    return this.init.entry;
  }

  get sealedLength(): (index: number) => number {
    return (index) => chunkSealedLength(this.init.entry, index);
  }

  addCandidates(peers: Iterable<PeerId>): void {
    for (const peer of peers) this.candidates.add(peer);
    if (this.state === 'active') this.host.openSessions(this);
  }

  /** Whether the exchange should open a session with `peer` now. */
  wants(peer: PeerId): boolean {
    return this.state === 'active' && this.candidates.has(peer) && !this.sessions.has(peer) && !this.scheduler.isDropped(peer);
  }

  adopt(session: SourceSession): void {
    this.sessions.set(session.peer, session);
  }

  /** Pauses (keeps what is verified) or resumes: paused downloads hold no sessions. */
  pause(): void {
    if (this.state !== 'active') return;
    this.state = 'paused';
    this.closeSessions(false);
    this.emitProgress();
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'active';
    this.host.openSessions(this);
    this.emitProgress();
  }

  cancel(): void {
    if (this.state === 'done' || this.state === 'cancelled' || this.state === 'failed') return;
    this.state = 'cancelled';
    this.closeSessions(false);
    this.onDidFinish.fire({ state: 'cancelled' });
  }

  progress(): DownloadProgress {
    const now = this.init.now();
    let received = this.bytesReceivedClosed;
    for (const session of this.sessions.values()) received += session.bytesReceived;
    return {
      state: this.state,
      bytesDone: this.bytesDone,
      size: this.init.entry.size,
      bytesPerSecond: this.rate.bytesPerSecond(now),
      bytesReceived: received,
      sources: [...this.sessions.values()].map((s) => ({
        peer: s.peer,
        bytesPerSecond: this.scheduler.rateOf(s.peer),
        bytesReceived: s.bytesReceived,
      })),
    };
  }

  // ── from the exchange ──────────────────────────────────────────────────

  sourceReady(session: SourceSession, have: Bitfield | 'all'): void {
    if (this.sessions.get(session.peer) !== session || this.state !== 'active') return;
    session.state = 'open';
    if (!this.scheduler.addSource(session.peer, have)) return this.retire(session, false);
    this.pump(session);
  }

  sourceHas(session: SourceSession, indices: number[]): void {
    if (this.sessions.get(session.peer) !== session) return;
    this.scheduler.sourceHas(session.peer, indices);
    this.pump(session);
  }

  /** The source refused these chunks, or (without `indices`) the whole file, or its link closed. */
  sourceLost(session: SourceSession, indices?: number[]): void {
    if (this.sessions.get(session.peer) !== session) return;
    if (indices) {
      session.drop(indices);
      this.scheduler.released(session.peer, indices, true);
      this.pumpAll();
      return;
    }
    this.retire(session, false);
    this.pumpAll();
  }

  piece(session: SourceSession, result: Exclude<PieceResult, { kind: 'violation' }>, bytes: number): void {
    if (this.sessions.get(session.peer) !== session) return;
    this.scheduler.progress(session.peer, bytes);
    if (result.kind !== 'chunk') return;
    this.chunkArrived(session, result.index, result.sealed, result.proof);
  }

  tick(): void {
    if (this.state !== 'active') return;
    for (const peer of this.scheduler.tick())
      this.init.log.info('source stalled; its chunks go elsewhere', { peer, root: this.init.entry.root.slice(0, 12) });
    this.pumpAll();
    this.emitProgress();
  }

  // ── internals ──────────────────────────────────────────────────────────

  private chunkArrived(session: SourceSession, index: number, sealed: Uint8Array, proof: Uint8Array[]): void {
    const { crypto, entry } = this.init;
    if (!this.init.tree.learn(crypto, this.root, index, leafHash(crypto, sealed), proof)) return this.reject(session, index);
    if (this.scheduler.verified.has(index)) return this.pump(session); // a duplicate from the endgame
    for (const other of this.scheduler.delivered(session.peer, index)) this.sessions.get(other)?.cancel([index]);
    const plainLength = chunkPlainLength(entry, index);
    this.pendingWriteBytes += sealed.length;
    this.init.sink.write(index, sealed).then(
      () => {
        this.pendingWriteBytes -= sealed.length;
        this.init.verified.set(index);
        this.bytesDone += plainLength;
        this.rate.add(this.init.now(), plainLength);
        if (this.init.verified.complete) return this.finish();
        this.pumpAll();
      },
      (error: Error) => this.fail(error),
    );
    this.pump(session);
  }

  private reject(session: SourceSession, index: number): void {
    const outcome = this.scheduler.failed(session.peer, index);
    this.init.log.warn('chunk failed its Merkle proof; source penalised', {
      peer: session.peer,
      index,
      dropped: outcome === 'dropped',
      root: this.init.entry.root.slice(0, 12),
    });
    this.onDidRejectChunk.fire({ peer: session.peer, index, dropped: outcome === 'dropped' });
    if (outcome === 'dropped') this.retire(session, false);
    this.pumpAll();
  }

  private pump(session: SourceSession): void {
    if (this.state !== 'active' || session.state !== 'open' || !this.scheduler.has(session.peer)) return;
    if (this.pendingWriteBytes > (this.init.maxPendingWriteBytes ?? 8 * 1024 * 1024)) return;
    session.request(this.scheduler.fill(session.peer), this.sealedLength);
  }

  private pumpAll(): void {
    for (const session of this.sessions.values()) this.pump(session);
  }

  private retire(session: SourceSession, complete: boolean): void {
    this.scheduler.removeSource(session.peer);
    this.bytesReceivedClosed += session.bytesReceived;
    session.bytesReceived = 0;
    session.close(complete);
    this.sessions.delete(session.peer);
  }

  private closeSessions(complete: boolean): void {
    for (const session of [...this.sessions.values()]) this.retire(session, complete);
  }

  private finish(): void {
    if (this.state !== 'active') return;
    this.state = 'done';
    this.closeSessions(true);
    this.emitProgress();
    this.onDidFinish.fire({ state: 'done' });
  }

  private fail(error: Error): void {
    if (this.state === 'failed' || this.state === 'cancelled' || this.state === 'done') return;
    this.state = 'failed';
    this.closeSessions(false);
    this.init.log.warn('download failed', { path: this.init.entry.path, error: error.message });
    this.onDidFinish.fire({ state: 'failed', error });
  }

  private emitProgress(): void {
    this.onDidProgress.fire(this.progress());
  }
}
