import type Database from 'better-sqlite3';
import { lstat, mkdir, readdir, statfs } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { b64 } from '../../core/bytes';
import type { Engine } from '../../core/engine';
import { LanlineError } from '../../core/errors';
import { Emitter } from '../../core/events';
import type { FileCrypto } from '../../core/files/crypto';
import { FileOfferSchema, MAX_ENTRIES, newOfferId, type FileOffer } from '../../core/files/manifest';
import { pathProblem } from '../../core/files/paths';
import type { TransferSnapshot } from '../../core/files/transfer-model';
import type { PeerId } from '../../core/identity';
import type { Logger } from '../../core/platform';
import { defaultDownloadsDir, freeTopLevelName } from './downloads-dir';
import { IncomingFile, type IncomingContext } from './incoming-file';
import { indexFile } from './index-file';
import { OutgoingFile, type OutgoingContext } from './outgoing-file';
import { diskFull } from './part-file';
import { TreeFiles } from './tree-files';
import { TransferStore, type OfferRow, type TransferRow } from './transfer-store';

export interface SettingsStore {
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
  deleteSetting(key: string): void;
}

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
}

const SETTING_DOWNLOADS = 'files.downloadsDir';
const SETTING_UPLOAD_LIMIT = 'files.uploadLimit';
const autoAcceptKey = (peer: PeerId) => `files.autoAccept.${peer}`;
const key = (offerId: string, entry: number) => `${offerId}/${entry}`;

/**
 * The backend's file service: offer files and folders, receive offers,
 * accept (by hand or automatically per contact), pause, resume and cancel,
 * with progress events. Transfers survive restarts: on start every accepted
 * download resumes from what is durable, and everything offered or received
 * is served again to whoever asks for it by root.
 *
 * How an offer reaches the other side is not this service's business: `offer`
 * returns the FileOffer for the messaging layer to seal into a message, and
 * the receiving side hands it to `receiveOffer`.
 */
export class FileTransfers {
  readonly onDidChange = new Emitter<TransferSnapshot>();
  private readonly store: TransferStore;
  private readonly trees: TreeFiles;
  private readonly incoming = new Map<string, IncomingFile>();
  private readonly outgoing = new Map<string, OutgoingFile>();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly disposers: Array<() => void> = [];
  private stopped = false;

  private constructor(private readonly init: FileTransfersInit) {
    this.store = new TransferStore(init.db);
    this.trees = new TreeFiles(join(init.dataDir, 'files'));
    this.timer = setInterval(() => this.checkpointAll(), init.checkpointMs ?? 1000);
    const limit = Number(init.settings.getSetting(SETTING_UPLOAD_LIMIT));
    if (limit > 0) init.engine.files.setUploadLimit(limit);
    this.disposers.push(init.engine.onDidChangePeers.on(() => this.offerNewSources()));
  }

  /** Loads every offer and transfer, serves what can be served, and resumes accepted downloads. */
  static async open(init: FileTransfersInit): Promise<FileTransfers> {
    const service = new FileTransfers(init);
    const offers = new Map(service.store.offers().map((o) => [o.offerId, o]));
    for (const row of service.store.transfers()) {
      const offer = offers.get(row.offerId);
      if (offer) service.adopt(offer, row);
    }
    await Promise.all([...service.outgoing.values()].map((file) => file.publish()));
    for (const file of service.incoming.values()) if (file.row.state === 'done') file.publishFinished();
    service.pump();
    return service;
  }

  private get exchange() {
    return this.init.engine.files;
  }

  private get log() {
    return this.init.log;
  }

  // ── settings ──────────────────────────────────────────────────────────

  downloadsDir(): string {
    return this.init.settings.getSetting(SETTING_DOWNLOADS) ?? this.init.downloadsDir ?? defaultDownloadsDir(this.init.dataDir);
  }

  setDownloadsDir(dir: string): void {
    if (!isAbsolute(dir)) throw new LanlineError('invalid-input', 'The downloads folder must be an absolute path.');
    this.init.settings.setSetting(SETTING_DOWNLOADS, resolve(dir));
  }

  autoAccepts(peer: PeerId): boolean {
    return this.init.settings.getSetting(autoAcceptKey(peer)) === 'true';
  }

  /** Files from this contact are accepted without asking. */
  setAutoAccept(peer: PeerId, on: boolean): void {
    if (on) this.init.settings.setSetting(autoAcceptKey(peer), 'true');
    else this.init.settings.deleteSetting(autoAcceptKey(peer));
  }

  /** Caps what this node sends, over all links; undefined or 0 lifts the cap. */
  setUploadLimit(bytesPerSecond: number | undefined): void {
    if (bytesPerSecond && bytesPerSecond > 0)
      this.init.settings.setSetting(SETTING_UPLOAD_LIMIT, String(Math.round(bytesPerSecond)));
    else this.init.settings.deleteSetting(SETTING_UPLOAD_LIMIT);
    this.exchange.setUploadLimit(bytesPerSecond || undefined);
  }

  // ── offering ──────────────────────────────────────────────────────────

  /**
   * Indexes files and folders (reading each once, sealing and hashing it) and
   * starts serving them. Returns the offer to send to `to` inside a message.
   */
  async offer(to: PeerId, paths: string[], onProgress?: (bytes: number) => void): Promise<FileOffer> {
    const sources = await this.collect(paths);
    const offerId = newOfferId(this.init.randomBytes);
    const indexed = [];
    let before = 0;
    for (const source of sources) {
      const file = await indexFile(source.path, source.relative, {
        crypto: this.init.crypto,
        randomBytes: this.init.randomBytes,
        onProgress: (bytes) => onProgress?.(before + bytes),
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
    });
    const row: OfferRow = { offerId, direction: 'out', peerId: to, offer, createdAt: this.init.now() };
    const transfers = indexed.map((f, entry) => this.newRow(offerId, entry, f.entry.root, 'offered', f.path, f.mtimeMs));
    this.store.insertOffer(row, transfers);
    for (const transfer of transfers) {
      const file = this.adopt(row, transfer) as OutgoingFile;
      await file.publish();
      this.onDidChange.fire(file.snapshot());
    }
    this.log.info('files offered', { offerId, to, files: indexed.length, bytes: before });
    return offer;
  }

  /** Regular files, and the regular files inside folders (as "folder/sub/file"); links and devices are skipped. */
  private async collect(paths: string[]): Promise<Array<{ path: string; relative: string }>> {
    if (paths.length === 0) throw new LanlineError('invalid-input', 'Nothing to send.');
    const found: Array<{ path: string; relative: string }> = [];
    const visit = async (path: string, relative: string) => {
      if (pathProblem(relative))
        throw new LanlineError(
          'invalid-input',
          `${relative} cannot be shared: its name does not travel safely to other systems.`,
        );
      const info = await lstat(path).catch(() => {
        throw new LanlineError('invalid-input', `${path} does not exist.`);
      });
      if (info.isFile()) found.push({ path, relative });
      else if (info.isDirectory())
        for (const name of (await readdir(path)).sort()) {
          if (found.length > MAX_ENTRIES) break;
          await visit(join(path, name), `${relative}/${name}`);
        }
      if (found.length > MAX_ENTRIES)
        throw new LanlineError(
          'invalid-input',
          `At most ${MAX_ENTRIES} files can be offered at once; zip the folder or send it in parts.`,
        );
    };
    for (const path of paths) await visit(resolve(path), basename(resolve(path)));
    if (found.length === 0) throw new LanlineError('invalid-input', 'There are no files to send there.');
    return found;
  }

  // ── receiving ─────────────────────────────────────────────────────────

  /** An offer arrived from `from` (inside a verified, decrypted message). */
  receiveOffer(from: PeerId, raw: unknown): TransferSnapshot[] {
    const parsed = FileOfferSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn('dropped a file offer', { from, reason: parsed.error.issues[0]?.message });
      throw new LanlineError('invalid-input', 'The file offer was not valid.');
    }
    const offer = parsed.data;
    if (!this.offerFiles(offer.id).length) {
      const row: OfferRow = { offerId: offer.id, direction: 'in', peerId: from, offer, createdAt: this.init.now() };
      const transfers = offer.manifest.entries.map((e, i) => this.newRow(offer.id, i, e.root, 'offered', null, null));
      this.store.insertOffer(row, transfers);
      for (const transfer of transfers) this.adopt(row, transfer);
      for (const file of this.offerFiles(offer.id)) this.onDidChange.fire(file.snapshot());
      if (this.autoAccepts(from))
        void this.accept(offer.id).catch((error) =>
          this.log.warn('auto-accept failed', { offerId: offer.id, error: String(error) }),
        );
    }
    return this.offerFiles(offer.id).map((f) => f.snapshot());
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
    return files.map((f) => f.snapshot());
  }

  async decline(offerId: string): Promise<void> {
    await Promise.all(
      this.incomingOf(offerId)
        .filter((f) => f.row.state === 'offered')
        .map((f) => f.cancel()),
    );
  }

  async pause(offerId: string, entry?: number): Promise<void> {
    await Promise.all(this.incomingOf(offerId, entry).map((f) => f.pause()));
    this.pump();
  }

  async resume(offerId: string, entry?: number): Promise<void> {
    for (const file of this.incomingOf(offerId, entry))
      if (file.row.state === 'failed' || file.row.state === 'paused') {
        if (file.download?.state === 'paused') await file.resume();
        else {
          // Back in the queue; it restarts from what is durable.
          file.row.state = 'active';
          file.row.error = null;
          file.download = undefined;
          this.store.update(file.row);
        }
      }
    this.pump();
  }

  async cancel(offerId: string, entry?: number): Promise<void> {
    await Promise.all(this.offerFiles(offerId, entry).map((f) => f.cancel()));
    this.pump();
  }

  list(): TransferSnapshot[] {
    return [...this.outgoing.values(), ...this.incoming.values()].map((f) => f.snapshot());
  }

  /** Suspends every download (durable state kept), stops serving. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    for (const dispose of this.disposers) dispose();
    await Promise.all([...this.incoming.values()].map((f) => f.suspend()));
    await Promise.all([...this.outgoing.values()].map((f) => (f.persist(), f.unpublish())));
  }

  // ── internals ─────────────────────────────────────────────────────────

  private offerFiles(offerId: string, entry?: number): Array<IncomingFile | OutgoingFile> {
    return [...this.incoming.values(), ...this.outgoing.values()].filter(
      (f) => f.offer.offerId === offerId && (entry === undefined || f.row.entry === entry),
    );
  }

  private incomingOf(offerId: string, entry?: number): IncomingFile[] {
    return [...this.incoming.values()].filter(
      (f) => f.offer.offerId === offerId && (entry === undefined || f.row.entry === entry),
    );
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

  private adopt(offer: OfferRow, row: TransferRow): IncomingFile | OutgoingFile {
    const entry = offer.offer.manifest.entries[row.entry]!;
    const fileKey = b64.decode(offer.offer.keys[row.entry]!);
    const file =
      offer.direction === 'in'
        ? new IncomingFile(this.incomingContext(), offer, row, entry, fileKey)
        : new OutgoingFile(this.outgoingContext(), offer, row, entry, fileKey);
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

  /** The sender first, then everyone linked: any of them may hold the file (another recipient, a super peer). */
  private candidates(offer: OfferRow): PeerId[] {
    const self = this.init.engine.identity.peerId;
    const linked = this.init.engine
      .listPeers()
      .filter((p) => p.online)
      .map((p) => p.peerId);
    return [...new Set([offer.peerId, ...linked])].filter((p) => p !== self);
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
  }
}
