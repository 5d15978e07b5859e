import type Database from 'better-sqlite3';
import { mkdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { b64 } from '../../core/bytes';
import type { Engine } from '../../core/engine';
import { LanlineError } from '../../core/errors';
import { Emitter } from '../../core/events';
import type { FileCrypto } from '../../core/files/crypto';
import { FileOfferSchema, type FileOffer, type Thumbnail } from '../../core/files/manifest';
import type { FileTransferSummary, TransferSnapshot } from '../../core/files/transfer-model';
import type { PeerId } from '../../core/identity';
import type { FileAttachments } from '../../core/messaging/attachments';
import type { Logger } from '../../core/platform';
import { freeTopLevelName } from './downloads-dir';
import { ChunkWorker, type SpawnChunkWorker } from './chunk-worker';
import { ConversationSources } from './conversation-sources';
import { FileSettings, type SettingsStore } from './file-settings';
import { IncomingFile, type IncomingContext } from './incoming-file';
import { indexOffer } from './index-offer';
import { OutgoingFile, type OutgoingContext } from './outgoing-file';
import { diskFull } from './part-file';
import { ReplicaRequester } from './replica-requester';
import { Replicas, type ReplicaLimits } from './replicas';
import { TreeFiles } from './tree-files';
import { TransferRegistry, type AnyFile } from './transfer-registry';
import { TransferStore, type OfferRow, type RecipientOutcome, type TransferRow } from './transfer-store';
import { Uploads } from './uploads';

export type { SettingsStore } from './file-settings';

export interface FileTransfersInit {
  engine: Engine;
  db: Database.Database;
  settings: SettingsStore;
  dataDir: string;
  /** From the config; the stored setting wins over it, and the default is defaultDownloadsDir. */
  downloadsDir?: string;
  crypto: FileCrypto;
  /** Starts the thread that seals and opens chunks (chunk-worker.ts); without it that work runs on the main thread. */
  spawnWorker?: SpawnChunkWorker;
  log: Logger;
  randomBytes(n: number): Uint8Array;
  now(): number;
  /** How often progress is made durable. */
  checkpointMs?: number;
  /** Files downloading at once; the rest of an offer waits its turn. */
  maxConcurrentDownloads?: number;
  /** On a super peer: keep others' replicas within these limits (none without a quota). */
  replicaLimits?: ReplicaLimits;
  /** The super peer this node would ask to keep its files (the one it uses), if any. */
  superPeer?(): PeerId | undefined;
}

/**
 * The backend's file service: share files and folders in a conversation,
 * receive the offers that arrive in messages, accept (by hand or
 * automatically per contact), pause, resume and cancel, with progress
 * events. Transfers survive restarts: on start every accepted download
 * resumes from what is durable, and everything offered or received is served
 * again to whoever asks for it by root.
 *
 * An offer travels inside a message: `share` makes the offer and has
 * messaging send it; an incoming message hands its offer to `receiveOffer`
 * (through `attachments()`, the seam messaging calls).
 */
export class FileTransfers {
  readonly onDidChange = new Emitter<TransferSnapshot>();
  readonly settings: FileSettings;
  readonly uploads: Uploads;
  private readonly store: TransferStore;
  private readonly trees: TreeFiles;
  private readonly registry = new TransferRegistry();
  private readonly sources: ConversationSources;
  private readonly requester: ReplicaRequester;
  private readonly worker: ChunkWorker;
  private replicas: Replicas | undefined;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly disposers: Array<() => void> = [];
  private stopped = false;

  private constructor(private readonly init: FileTransfersInit) {
    this.store = new TransferStore(init.db);
    this.trees = new TreeFiles(join(init.dataDir, 'files'));
    this.settings = new FileSettings(init.settings, init.dataDir, init.downloadsDir);
    this.sources = new ConversationSources(init.engine);
    this.uploads = new Uploads(join(init.dataDir, 'uploads'), init.now, init.randomBytes);
    this.worker = new ChunkWorker({ log: init.log, spawn: init.spawnWorker });
    this.requester = new ReplicaRequester(this.exchange.replicas, this.store, init.log, (offerId) => this.changedOffer(offerId));
    this.timer = setInterval(() => this.checkpointAll(), init.checkpointMs ?? 1000);
    this.exchange.setUploadLimit(this.settings.uploadLimit());
    this.disposers.push(
      init.engine.onDidChangePeers.on(() => this.offerNewSources()),
      this.exchange.onDidDecline.on(({ peer, offerId }) => {
        for (const file of this.registry.outgoing.values()) if (file.offer.offerId === offerId) file.declinedBy(peer);
      }),
    );
    init.engine.messaging.attachFiles(this.attachments());
  }

  /** Loads every offer and transfer, serves what can be served, and resumes accepted downloads. */
  static async open(init: FileTransfersInit): Promise<FileTransfers> {
    const service = new FileTransfers(init);
    const done = service.store.recipientsDone();
    for (const offer of service.store.offers()) service.registry.offers.set(offer.offerId, offer);
    for (const row of service.store.transfers()) {
      const offer = service.registry.offers.get(row.offerId);
      if (offer) service.adopt(offer, row, done.get(`${row.offerId}/${row.entry}`));
    }
    await Promise.all([...service.registry.outgoing.values()].map((file) => file.publish()));
    for (const file of service.registry.incoming.values()) if (file.row.state === 'done') void file.publishFinished();
    // A crash between storing a message and its offer leaves the message with files nobody knows of.
    for (const lost of service.store.unrecordedOffers())
      if (!lost.outgoing)
        service.receiveOffer(lost.from, lost.offer, { conversation: lost.conversation, messageId: lost.messageId });
    await service.uploads.sweep(service.uploadsInUse());
    if (init.replicaLimits && init.replicaLimits.quotaBytes > 0) {
      service.replicas = await Replicas.open({
        exchange: service.exchange,
        db: init.db,
        trees: service.trees,
        dataDir: init.dataDir,
        crypto: init.crypto,
        log: init.log.child('replicas'),
        now: init.now,
        limits: init.replicaLimits,
      });
      service.exchange.replicas.keeper = service.replicas;
    }
    service.pump();
    return service;
  }

  private get exchange() {
    return this.init.engine.files;
  }

  private get log() {
    return this.init.log;
  }

  private get self(): PeerId {
    return this.init.engine.identity.peerId;
  }

  // ── settings ──────────────────────────────────────────────────────────

  downloadsDir(): string {
    return this.settings.downloadsDir();
  }

  setDownloadsDir(dir: string): string {
    return this.settings.setDownloadsDir(dir);
  }

  autoAccepts(peer: PeerId): boolean {
    return this.settings.autoAccepts(peer);
  }

  /** Files from this contact are accepted without asking. */
  setAutoAccept(peer: PeerId, on: boolean): void {
    this.settings.setAutoAccept(peer, on);
  }

  /** Caps what this node sends, over all links; undefined or 0 lifts the cap. */
  setUploadLimit(bytesPerSecond: number | undefined): void {
    this.settings.setUploadLimit(bytesPerSecond);
    this.exchange.setUploadLimit(bytesPerSecond || undefined);
  }

  /** On a super peer: what it keeps for others. */
  replicaStatus() {
    return this.replicas?.status() ?? null;
  }

  // ── sharing ───────────────────────────────────────────────────────────

  /**
   * Shares files and folders in a conversation: indexes them, serves them, and
   * sends the offer inside a message. With `replicate`, also asks the super
   * peer this node uses to keep a copy of the ciphertext.
   */
  async share(
    conversation: string,
    paths: string[],
    options: {
      text?: string;
      thumbnail?: Thumbnail;
      replicate?: boolean;
      onProgress?: (bytes: number, total: number) => void;
      signal?: AbortSignal;
    } = {},
  ) {
    const offer = await this.offer(conversation, paths, options);
    try {
      const message = this.init.engine.messaging.sendFile(conversation, offer, options.text);
      if (options.replicate ?? this.settings.replicates()) this.replicate(offer.id);
      return { message: this.init.engine.messaging.message(message.id) ?? message, transfers: this.snapshotsOf(offer.id) };
    } catch (error) {
      await this.withdraw(offer.id);
      throw error;
    }
  }

  /**
   * Indexes files and folders (reading each once, sealing and hashing it) and
   * starts serving them. Returns the offer; `share` sends it in a message.
   */
  async offer(
    conversation: string,
    paths: string[],
    options: { thumbnail?: Thumbnail; onProgress?: (bytes: number, total: number) => void; signal?: AbortSignal } = {},
  ): Promise<FileOffer> {
    const { offer, sources } = await indexOffer(paths, {
      crypto: this.init.crypto,
      worker: this.worker,
      randomBytes: this.init.randomBytes,
      trees: this.trees,
      thumbnail: options.thumbnail,
      onProgress: options.onProgress,
      signal: options.signal,
    });
    const offerId = offer.id;
    const row: OfferRow = {
      offerId,
      direction: 'out',
      peerId: conversation,
      conversation,
      messageId: null,
      recipients: this.sources.audience(conversation),
      replica: null,
      offer,
      createdAt: this.init.now(),
    };
    const transfers = sources.map((f, entry) =>
      this.newRow(offerId, entry, offer.manifest.entries[entry]!.root, 'offered', f.path, f.mtimeMs),
    );
    this.store.insertOffer(row, transfers);
    this.registry.offers.set(offerId, row);
    for (const transfer of transfers) {
      const file = this.adopt(row, transfer) as OutgoingFile;
      await file.publish();
      this.onDidChange.fire(file.snapshot());
    }
    const bytes = offer.manifest.entries.reduce((n, e) => n + e.size, 0);
    this.log.info('files offered', { offerId, to: conversation, files: sources.length, bytes });
    return offer;
  }

  /** Asks the super peer this node uses to keep the offer's ciphertext (docs/FILES.md, "Replication"). */
  replicate(offerId: string, peer = this.init.superPeer?.() ?? this.sources.linkedSuperPeers()[0]): void {
    const offer = this.registry.offers.get(offerId);
    if (!offer || offer.direction !== 'out')
      throw new LanlineError('invalid-input', 'Only files this node shared can be replicated.');
    if (!peer) throw new LanlineError('not-connected', 'No super peer is connected to keep a copy.');
    this.requester.ask(offer, peer);
  }

  // ── receiving ─────────────────────────────────────────────────────────

  /** An offer arrived from `from` inside a verified, decrypted message (in `where`, when known). */
  receiveOffer(from: PeerId, raw: unknown, where?: { conversation: string; messageId: string }): TransferSnapshot[] {
    const parsed = FileOfferSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn('dropped a file offer', { from, reason: parsed.error.issues[0]?.message });
      throw new LanlineError('invalid-input', 'The file offer was not valid.');
    }
    const offer = parsed.data;
    const known = this.registry.offers.get(offer.id);
    if (known) {
      // Ours coming back, or an offer a second message repeats: nothing new, but learn its message.
      if (where && known.messageId === null) this.attachMessage(known, where.messageId);
      return this.snapshotsOf(offer.id);
    }
    const row: OfferRow = {
      offerId: offer.id,
      direction: 'in',
      peerId: from,
      conversation: where?.conversation ?? from,
      messageId: where?.messageId ?? null,
      recipients: null,
      replica: null,
      offer,
      createdAt: this.init.now(),
    };
    const transfers = offer.manifest.entries.map((e, i) => this.newRow(offer.id, i, e.root, 'offered', null, null));
    this.store.insertOffer(row, transfers);
    this.registry.offers.set(offer.id, row);
    for (const transfer of transfers) this.adopt(row, transfer);
    for (const file of this.registry.filesOf(offer.id)) this.onDidChange.fire(file.snapshot());
    if (this.autoAccepts(from))
      void this.accept(offer.id).catch((error) =>
        this.log.warn('auto-accept failed', { offerId: offer.id, error: String(error) }),
      );
    return this.snapshotsOf(offer.id);
  }

  /** The seam messaging calls: offers in messages, and the progress messages show. */
  attachments(): FileAttachments {
    return {
      progress: (offerId) => this.summary(offerId),
      shown: (message, offer) => {
        if (this.stopped) return;
        if (message.outgoing) {
          const row = this.registry.offers.get(offer.id);
          if (row && row.messageId === null) this.attachMessage(row, message.id);
          return;
        }
        try {
          this.receiveOffer(message.from, offer, { conversation: message.conversation, messageId: message.id });
        } catch (error) {
          this.log.warn('could not take an offer from a message', { messageId: message.id, error: String(error) });
        }
      },
      withdrawn: (offerId) => void this.withdraw(offerId),
    };
  }

  private attachMessage(row: OfferRow, messageId: string): void {
    row.messageId = messageId;
    this.store.setMessage(row.offerId, messageId);
    this.changedOffer(row.offerId);
  }

  /** Accepts an incoming offer: picks where each file lands and queues the downloads. */
  async accept(offerId: string): Promise<TransferSnapshot[]> {
    const files = this.registry.incomingOf(offerId).filter((f) => f.row.state === 'offered');
    if (files.length === 0) throw new LanlineError('invalid-input', 'There is no such offer waiting.');
    const dir = this.downloadsDir();
    await mkdir(dir, { recursive: true });
    const needed = files.reduce((n, f) => n + f.entry.size, 0);
    const space = await statfs(dir);
    const free = space.bavail * space.bsize;
    if (free < needed) throw diskFull(dir, `needs ${needed} bytes, ${free} free`);
    const taken = new Set(
      [...this.registry.incoming.values()].filter((f) => f.running || f.row.state === 'active').map((f) => f.row.localPath!),
    );
    const tops = new Map<string, string>();
    for (const file of files) {
      const [top, ...rest] = file.entry.path.split('/');
      if (!tops.has(top!)) tops.set(top!, freeTopLevelName(dir, top!, rest.length > 0, taken));
      file.row.localPath = join(dir, tops.get(top!)!, ...rest);
      taken.add(file.row.localPath);
      file.row.state = 'active';
      file.row.updatedAt = this.init.now();
      this.store.update(file.row);
      this.onDidChange.fire(file.snapshot());
    }
    this.pump();
    return this.snapshotsOf(offerId);
  }

  async decline(offerId: string): Promise<TransferSnapshot[]> {
    const waiting = this.registry.incomingOf(offerId).filter((f) => f.row.state === 'offered');
    if (waiting.length === 0) throw new LanlineError('invalid-input', 'There is no such offer waiting.');
    await Promise.all(waiting.map((f) => f.cancel()));
    this.exchange.decline(waiting[0]!.offer.peerId, offerId);
    return this.snapshotsOf(offerId);
  }

  async pause(offerId: string, entry?: number): Promise<TransferSnapshot[]> {
    await Promise.all(this.registry.incomingOf(offerId, entry).map((f) => f.pause()));
    this.pump();
    return this.snapshotsOf(offerId);
  }

  async resume(offerId: string, entry?: number): Promise<TransferSnapshot[]> {
    for (const file of this.registry.incomingOf(offerId, entry))
      if (file.row.state === 'failed' || file.row.state === 'paused') {
        if (file.download?.state === 'paused') await file.resume();
        else {
          // Back in the queue; it restarts from what is durable.
          file.row.state = 'active';
          file.row.error = null;
          file.download = undefined;
          this.store.update(file.row);
          this.onDidChange.fire(file.snapshot());
        }
      }
    this.pump();
    return this.snapshotsOf(offerId);
  }

  async cancel(offerId: string, entry?: number): Promise<TransferSnapshot[]> {
    const files = this.registry.filesOf(offerId, entry);
    if (files.length === 0) throw new LanlineError('invalid-input', 'There is no such transfer.');
    await Promise.all(files.map((f) => f.cancel()));
    const offer = this.registry.offers.get(offerId);
    if (offer?.direction === 'out' && entry === undefined) await this.endOutgoing(offer);
    this.pump();
    return this.snapshotsOf(offerId);
  }

  /**
   * The message carrying the offer was deleted by its author: stop serving it
   * (and ask its replica holder to forget it), cancel a download in progress,
   * and forget the offer and its keys. Files already received stay on disk.
   */
  async withdraw(offerId: string): Promise<void> {
    const offer = this.registry.offers.get(offerId);
    if (!offer) return;
    for (const file of this.registry.filesOf(offerId)) {
      if (file instanceof IncomingFile && file.row.state === 'done') await file.unpublishFinished();
      else await file.cancel();
      this.onDidChange.fire({ ...file.snapshot(), state: 'cancelled' });
    }
    if (offer.direction === 'out') await this.endOutgoing(offer);
    this.registry.forget(offerId);
    this.store.deleteOffer(offerId);
    this.log.info('offer withdrawn', { offerId });
    this.pump();
  }

  /** An outgoing offer ended: its replica holder may forget it, and a staged upload and the trees go (never served again). */
  private async endOutgoing(offer: OfferRow): Promise<void> {
    this.requester.withdraw(offer);
    for (const file of this.registry.filesOf(offer.offerId)) {
      const upload = file.row.localPath ? this.uploads.uploadOf(file.row.localPath) : undefined;
      if (upload) await this.uploads.remove(upload);
      await this.trees.remove(file.entry.root);
    }
  }

  list(filter: { conversation?: string; query?: string } = {}): TransferSnapshot[] {
    return this.registry.list(filter);
  }

  snapshotsOf(offerId: string): TransferSnapshot[] {
    return this.registry.snapshotsOf(offerId);
  }

  summary(offerId: string): FileTransferSummary | null {
    return this.registry.summary(offerId);
  }

  locate(offerId: string, entry?: number): string {
    return this.registry.locate(offerId, entry);
  }

  /** Suspends every download (durable state kept), stops serving. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    for (const dispose of this.disposers) dispose();
    await Promise.all([...this.registry.incoming.values()].map((f) => f.suspend()));
    await Promise.all([...this.registry.outgoing.values()].map((f) => (f.persist(), f.unpublish())));
    await this.replicas?.stop();
    await this.worker.stop();
  }

  // ── internals ─────────────────────────────────────────────────────────

  private changedOffer(offerId: string): void {
    for (const file of this.registry.filesOf(offerId)) this.onDidChange.fire(file.snapshot());
  }

  private uploadsInUse(): Set<string> {
    const used = new Set<string>();
    for (const file of this.registry.outgoing.values()) {
      const upload = file.row.localPath ? this.uploads.uploadOf(file.row.localPath) : undefined;
      if (upload && file.row.state !== 'cancelled') used.add(upload);
    }
    return used;
  }

  private newRow(
    offerId: string,
    entry: number,
    root: string,
    state: TransferRow['state'],
    localPath: string | null,
    mtime: number | null,
  ): TransferRow {
    return {
      offerId,
      entry,
      root,
      state,
      localPath,
      verified: null,
      bytesDone: 0,
      error: null,
      sourceMtime: mtime,
      updatedAt: this.init.now(),
    };
  }

  private adopt(offer: OfferRow, row: TransferRow, finished?: Map<string, RecipientOutcome>): AnyFile {
    const entry = offer.offer.manifest.entries[row.entry]!;
    const fileKey = b64.decode(offer.offer.keys[row.entry]!);
    const file =
      offer.direction === 'in'
        ? new IncomingFile(this.incomingContext(), offer, row, entry, fileKey)
        : new OutgoingFile(this.outgoingContext(), offer, row, entry, fileKey, finished);
    this.registry.add(file);
    file.onDidChange.on(() => this.onDidChange.fire(file.snapshot()));
    if (file instanceof IncomingFile) file.onDidStop.on(() => this.pump());
    return file;
  }

  private outgoingContext(): OutgoingContext {
    const { log, now } = this.init;
    return { exchange: this.exchange, store: this.store, trees: this.trees, worker: this.worker, log, now };
  }

  private incomingContext(): IncomingContext {
    const { crypto, log, now } = this.init;
    return {
      exchange: this.exchange,
      store: this.store,
      trees: this.trees,
      worker: this.worker,
      crypto,
      log,
      now,
      downloadsDir: () => this.downloadsDir(),
      candidates: (offer) => this.sources.candidates(offer),
    };
  }

  private offerNewSources(): void {
    for (const file of this.registry.incoming.values())
      if (file.download?.state === 'active') file.addCandidates(this.sources.candidates(file.offer));
  }

  /** Starts queued downloads while there are free slots. */
  private pump(): void {
    if (this.stopped) return;
    const slots = this.init.maxConcurrentDownloads ?? 3;
    let running = [...this.registry.incoming.values()].filter((f) => f.row.state === 'active' && f.running).length;
    for (const file of this.registry.incoming.values()) {
      if (running >= slots) return;
      if (file.row.state !== 'active' || file.running) continue;
      running++;
      file.start().catch((error) => this.log.warn('could not start a download', { path: file.entry.path, error: String(error) }));
    }
  }

  private checkpointAll(): void {
    for (const file of this.registry.incoming.values()) if (file.running) void file.checkpoint(false);
    for (const file of this.registry.outgoing.values()) if (file.row.state === 'active') file.persist();
    void this.uploads.sweep();
  }
}
