import type Database from 'better-sqlite3';
import { mkdir, statfs } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { b64 } from '../../core/bytes';
import type { Engine } from '../../core/engine';
import { LanlineError } from '../../core/errors';
import { Emitter } from '../../core/events';
import type { FileCrypto } from '../../core/files/crypto';
import { FileOfferSchema, newOfferId, type FileOffer, type Thumbnail } from '../../core/files/manifest';
import { summarize, type FileTransferSummary, type TransferSnapshot } from '../../core/files/transfer-model';
import type { PeerId } from '../../core/identity';
import type { FileAttachments } from '../../core/messaging/attachments';
import { isGroupId } from '../../core/model';
import type { Logger } from '../../core/platform';
import { collectSources } from './collect-sources';
import { freeTopLevelName } from './downloads-dir';
import { FileSettings, type SettingsStore } from './file-settings';
import { IncomingFile, type IncomingContext } from './incoming-file';
import { indexFile } from './index-file';
import { OutgoingFile, type OutgoingContext } from './outgoing-file';
import { diskFull } from './part-file';
import { ReplicaRequester } from './replica-requester';
import { Replicas, type ReplicaLimits } from './replicas';
import { TreeFiles } from './tree-files';
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

const key = (offerId: string, entry: number) => `${offerId}/${entry}`;
type AnyFile = IncomingFile | OutgoingFile;

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
  private readonly incoming = new Map<string, IncomingFile>();
  private readonly outgoing = new Map<string, OutgoingFile>();
  private readonly offers = new Map<string, OfferRow>();
  private readonly requester: ReplicaRequester;
  private replicas: Replicas | undefined;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly disposers: Array<() => void> = [];
  private stopped = false;

  private constructor(private readonly init: FileTransfersInit) {
    this.store = new TransferStore(init.db);
    this.trees = new TreeFiles(join(init.dataDir, 'files'));
    this.settings = new FileSettings(init.settings, init.dataDir, init.downloadsDir);
    this.uploads = new Uploads(join(init.dataDir, 'uploads'), init.now, init.randomBytes);
    this.requester = new ReplicaRequester(this.exchange.replicas, this.store, init.log, (offerId) => this.changedOffer(offerId));
    this.timer = setInterval(() => this.checkpointAll(), init.checkpointMs ?? 1000);
    this.exchange.setUploadLimit(this.settings.uploadLimit());
    this.disposers.push(
      init.engine.onDidChangePeers.on(() => this.offerNewSources()),
      this.exchange.onDidDecline.on(({ peer, offerId }) => {
        for (const file of this.outgoing.values()) if (file.offer.offerId === offerId) file.declinedBy(peer);
      }),
    );
    init.engine.messaging.attachFiles(this.attachments());
  }

  /** Loads every offer and transfer, serves what can be served, and resumes accepted downloads. */
  static async open(init: FileTransfersInit): Promise<FileTransfers> {
    const service = new FileTransfers(init);
    const done = service.store.recipientsDone();
    for (const offer of service.store.offers()) service.offers.set(offer.offerId, offer);
    for (const row of service.store.transfers()) {
      const offer = service.offers.get(row.offerId);
      if (offer) service.adopt(offer, row, done.get(key(row.offerId, row.entry)));
    }
    await Promise.all([...service.outgoing.values()].map((file) => file.publish()));
    for (const file of service.incoming.values()) if (file.row.state === 'done') file.publishFinished();
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
    options: { text?: string; thumbnail?: Thumbnail; replicate?: boolean; onProgress?: (bytes: number) => void } = {},
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
    options: { thumbnail?: Thumbnail; onProgress?: (bytes: number) => void } = {},
  ): Promise<FileOffer> {
    const sources = await collectSources(paths);
    const offerId = newOfferId(this.init.randomBytes);
    const indexed = [];
    let before = 0;
    for (const source of sources) {
      const file = await indexFile(source.path, source.relative, {
        crypto: this.init.crypto,
        randomBytes: this.init.randomBytes,
        onProgress: (bytes) => options.onProgress?.(before + bytes),
      });
      before += file.entry.size;
      await this.trees.save(file.entry.root, file.tree);
      indexed.push({ ...file, path: source.path });
    }
    const name = sources.length === 1 || paths.length === 1 ? basename(paths[0]!) : `${sources.length} files`;
    const offer = FileOfferSchema.parse({
      id: offerId,
      manifest: { name, entries: indexed.map((f) => f.entry) },
      keys: indexed.map((f) => b64.encode(f.key)),
      ...(options.thumbnail && indexed.length === 1 && { thumbnail: options.thumbnail }),
    });
    const row: OfferRow = {
      offerId,
      direction: 'out',
      peerId: conversation,
      conversation,
      messageId: null,
      recipients: this.audience(conversation),
      replica: null,
      offer,
      createdAt: this.init.now(),
    };
    const transfers = indexed.map((f, entry) => this.newRow(offerId, entry, f.entry.root, 'offered', f.path, f.mtimeMs));
    this.store.insertOffer(row, transfers);
    this.offers.set(offerId, row);
    for (const transfer of transfers) {
      const file = this.adopt(row, transfer) as OutgoingFile;
      await file.publish();
      this.onDidChange.fire(file.snapshot());
    }
    this.log.info('files offered', { offerId, to: conversation, files: indexed.length, bytes: before });
    return offer;
  }

  /** Asks the super peer this node uses to keep the offer's ciphertext (docs/FILES.md, "Replication"). */
  replicate(offerId: string, peer = this.init.superPeer?.() ?? this.linkedSuperPeers()[0]): void {
    const offer = this.offers.get(offerId);
    if (!offer || offer.direction !== 'out')
      throw new LanlineError('invalid-input', 'Only files this node shared can be replicated.');
    if (!peer) throw new LanlineError('not-connected', 'No super peer is connected to keep a copy.');
    this.requester.ask(offer, peer);
  }

  /** Who gets a message in this conversation besides us. */
  private audience(conversation: string): PeerId[] {
    if (!isGroupId(conversation)) return [conversation];
    return this.groupMembers(conversation).filter((m) => m !== this.self);
  }

  private groupMembers(group: string): PeerId[] {
    try {
      return this.init.engine.messaging.groups.get(group).members.map((m) => m.peerId);
    } catch {
      return [];
    }
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
    const known = this.offers.get(offer.id);
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
    this.offers.set(offer.id, row);
    for (const transfer of transfers) this.adopt(row, transfer);
    for (const file of this.offerFiles(offer.id)) this.onDidChange.fire(file.snapshot());
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
          const row = this.offers.get(offer.id);
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
    const files = this.incomingOf(offerId).filter((f) => f.row.state === 'offered');
    if (files.length === 0) throw new LanlineError('invalid-input', 'There is no such offer waiting.');
    const dir = this.downloadsDir();
    await mkdir(dir, { recursive: true });
    const needed = files.reduce((n, f) => n + f.entry.size, 0);
    const space = await statfs(dir);
    const free = space.bavail * space.bsize;
    if (free < needed) throw diskFull(dir, `needs ${needed} bytes, ${free} free`);
    const taken = new Set(
      [...this.incoming.values()].filter((f) => f.running || f.row.state === 'active').map((f) => f.row.localPath!),
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
    const waiting = this.incomingOf(offerId).filter((f) => f.row.state === 'offered');
    if (waiting.length === 0) throw new LanlineError('invalid-input', 'There is no such offer waiting.');
    await Promise.all(waiting.map((f) => f.cancel()));
    this.exchange.decline(waiting[0]!.offer.peerId, offerId);
    return this.snapshotsOf(offerId);
  }

  async pause(offerId: string, entry?: number): Promise<TransferSnapshot[]> {
    await Promise.all(this.incomingOf(offerId, entry).map((f) => f.pause()));
    this.pump();
    return this.snapshotsOf(offerId);
  }

  async resume(offerId: string, entry?: number): Promise<TransferSnapshot[]> {
    for (const file of this.incomingOf(offerId, entry))
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
    const files = this.offerFiles(offerId, entry);
    if (files.length === 0) throw new LanlineError('invalid-input', 'There is no such transfer.');
    await Promise.all(files.map((f) => f.cancel()));
    const offer = this.offers.get(offerId);
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
    const offer = this.offers.get(offerId);
    if (!offer) return;
    for (const file of this.offerFiles(offerId)) {
      if (file instanceof IncomingFile && file.row.state === 'done') await file.unpublishFinished();
      else await file.cancel();
      this.onDidChange.fire({ ...file.snapshot(), state: 'cancelled' });
    }
    if (offer.direction === 'out') await this.endOutgoing(offer);
    for (const file of this.offerFiles(offerId))
      (file instanceof IncomingFile ? this.incoming : this.outgoing).delete(key(offerId, file.row.entry));
    this.offers.delete(offerId);
    this.store.deleteOffer(offerId);
    this.log.info('offer withdrawn', { offerId });
    this.pump();
  }

  /** An outgoing offer ended: its replica holder may forget it, and a staged upload goes. */
  private async endOutgoing(offer: OfferRow): Promise<void> {
    this.requester.withdraw(offer);
    for (const file of this.offerFiles(offer.offerId)) {
      const upload = file.row.localPath ? this.uploads.uploadOf(file.row.localPath) : undefined;
      if (upload) await this.uploads.remove(upload);
    }
  }

  list(filter: { conversation?: string; query?: string } = {}): TransferSnapshot[] {
    const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return [...this.outgoing.values(), ...this.incoming.values()]
      .filter((f) => filter.conversation === undefined || f.offer.conversation === filter.conversation)
      .map((f) => f.snapshot())
      .filter((s) => words.every((w) => s.path.toLowerCase().includes(w) || s.name.toLowerCase().includes(w)))
      .sort((a, b) => b.createdAt - a.createdAt || a.offerId.localeCompare(b.offerId) || a.entry - b.entry);
  }

  snapshotsOf(offerId: string): TransferSnapshot[] {
    return this.offerFiles(offerId)
      .map((f) => f.snapshot())
      .sort((a, b) => a.entry - b.entry);
  }

  /** The offer's files summed up, as its message shows them. */
  summary(offerId: string): FileTransferSummary | null {
    const files = this.offerFiles(offerId);
    const first = files[0];
    if (!first) return null;
    // A folder's top level, or the one file: what "Show in folder" opens.
    let top = first.row.localPath;
    for (let depth = first.entry.path.split('/').length - 1; top && depth > 0; depth--) top = dirname(top);
    return summarize(
      files.map((f) => f.snapshot()),
      top,
    );
  }

  /** Where a file of an offer is on this machine (the top of a folder without `entry`). */
  locate(offerId: string, entry?: number): string {
    const files = this.offerFiles(offerId, entry);
    const first = files[0];
    if (!first?.row.localPath) throw new LanlineError('invalid-input', 'That file is not on this computer (yet).');
    if (first instanceof IncomingFile && first.row.state !== 'done' && files.every((f) => f.row.state !== 'done'))
      throw new LanlineError('invalid-input', 'That file has not arrived yet.');
    return entry === undefined && files.length > 1 ? this.summary(offerId)!.localPath! : first.row.localPath;
  }

  /** Suspends every download (durable state kept), stops serving. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    for (const dispose of this.disposers) dispose();
    await Promise.all([...this.incoming.values()].map((f) => f.suspend()));
    await Promise.all([...this.outgoing.values()].map((f) => (f.persist(), f.unpublish())));
    await this.replicas?.stop();
  }

  // ── internals ─────────────────────────────────────────────────────────

  private changedOffer(offerId: string): void {
    for (const file of this.offerFiles(offerId)) this.onDidChange.fire(file.snapshot());
  }

  private offerFiles(offerId: string, entry?: number): AnyFile[] {
    return [...this.incoming.values(), ...this.outgoing.values()].filter(
      (f) => f.offer.offerId === offerId && (entry === undefined || f.row.entry === entry),
    );
  }

  private incomingOf(offerId: string, entry?: number): IncomingFile[] {
    return [...this.incoming.values()].filter(
      (f) => f.offer.offerId === offerId && (entry === undefined || f.row.entry === entry),
    );
  }

  private uploadsInUse(): Set<string> {
    const used = new Set<string>();
    for (const file of this.outgoing.values()) {
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
    (offer.direction === 'in' ? this.incoming : this.outgoing).set(key(offer.offerId, row.entry), file as never);
    file.onDidChange.on(() => this.onDidChange.fire(file.snapshot()));
    if (file instanceof IncomingFile) file.onDidStop.on(() => this.pump());
    return file;
  }

  private outgoingContext(): OutgoingContext {
    const { crypto, log, now } = this.init;
    return { exchange: this.exchange, store: this.store, trees: this.trees, crypto, log, now };
  }

  private incomingContext(): IncomingContext {
    const { crypto, log, now } = this.init;
    return {
      exchange: this.exchange,
      store: this.store,
      trees: this.trees,
      crypto,
      log,
      now,
      downloadsDir: () => this.downloadsDir(),
      candidates: (offer) => this.candidates(offer),
    };
  }

  private linkedSuperPeers(): PeerId[] {
    return this.init.engine
      .listPeers()
      .filter((p) => p.online && (p.role === 'super' || p.role === 'infrastructure'))
      .map((p) => p.peerId);
  }

  /**
   * Who may hold the file: the sender, the conversation's other members (in a
   * group any of them may have fetched it already), and the super peers this
   * node is linked to (one may keep a replica). Asking reveals only the root.
   */
  private candidates(offer: OfferRow): PeerId[] {
    const members = isGroupId(offer.conversation) ? this.groupMembers(offer.conversation) : [];
    return [...new Set([offer.peerId, ...members, ...this.linkedSuperPeers()])].filter((p) => p !== this.self);
  }

  private offerNewSources(): void {
    for (const file of this.incoming.values())
      if (file.download?.state === 'active') file.addCandidates(this.candidates(file.offer));
  }

  /** Starts queued downloads while there are free slots. */
  private pump(): void {
    if (this.stopped) return;
    const slots = this.init.maxConcurrentDownloads ?? 3;
    let running = [...this.incoming.values()].filter((f) => f.row.state === 'active' && f.running).length;
    for (const file of this.incoming.values()) {
      if (running >= slots) return;
      if (file.row.state !== 'active' || file.running) continue;
      running++;
      file.start().catch((error) => this.log.warn('could not start a download', { path: file.entry.path, error: String(error) }));
    }
  }

  private checkpointAll(): void {
    for (const file of this.incoming.values()) if (file.running) void file.checkpoint(false);
    for (const file of this.outgoing.values()) if (file.row.state === 'active') file.persist();
    void this.uploads.sweep();
  }
}
