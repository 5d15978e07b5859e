import { b64 } from '../bytes';
import { Emitter } from '../events';
import type { PeerId } from '../identity';
import type { Link } from '../link';
import type { Platform } from '../platform';
import { Bitfield } from './bitfield';
import type { FileChunkFrame } from './chunk-frame';
import { nobleFileCrypto, type FileCrypto } from './crypto';
import { Download, type DownloadInit } from './download';
import {
  indicesToRanges,
  MAX_RANGES_PER_FRAME,
  rangesToIndices,
  type ChunkRange,
  type FileFrame,
  type FileFrameOf,
  type UnavailableReason,
} from './frames';
import { chunkCount } from './manifest';
import { MessageSizeTuner } from './message-size';
import { TokenBucket } from './rate';
import { ReplicaRequests } from './replication';
import type { ServedFile } from './served-file';
import { SourceSession } from './source-session';
import { LinkUploader, type Upload } from './uploader';

export interface FileExchangeInit {
  platform: Platform;
  /** The verified link to a peer, if one is open. */
  linkTo(peerId: PeerId): Link | undefined;
  crypto?: FileCrypto;
  /** Fixes the chunk message size instead of measuring it (benchmarks compare settings this way). */
  messageBytes?: number;
}

/** Sessions one requester may hold open with this node per link, and chunks it may have queued per session. */
export const MAX_UPLOADS_PER_LINK = 64;
export const MAX_QUEUED_CHUNKS = 256;
const TICK_MS = 250;

/** Indices as ranges, in frames of at most MAX_RANGES_PER_FRAME. */
function rangeBatches(indices: number[]): ChunkRange[][] {
  const ranges = indicesToRanges(indices);
  const batches: ChunkRange[][] = [];
  for (let i = 0; i < ranges.length; i += MAX_RANGES_PER_FRAME) batches.push(ranges.slice(i, i + MAX_RANGES_PER_FRAME));
  return batches;
}

/**
 * The file protocol on every link (docs/FILES.md): it serves published files
 * to requesters, runs downloads against sources, and routes each `file-*`
 * frame and binary chunk frame to the right one. It holds no file bytes and
 * touches no disk; ServedFile and ChunkSink do that.
 */
export class FileExchange {
  readonly crypto: FileCrypto;
  /** Keeping replicas on super peers: asking, answering and withdrawing. */
  readonly replicas: ReplicaRequests;
  /** A recipient declined one of our offers. */
  readonly onDidDecline = new Emitter<{ peer: PeerId; offerId: string }>();
  private readonly published = new Map<string, ServedFile>();
  private readonly uploaders = new Map<Link, LinkUploader>();
  /** Our sessions as requester, per link. */
  private readonly requests = new Map<Link, Map<number, { session: SourceSession; download: Download }>>();
  private readonly downloads = new Set<Download>();
  private readonly tuners = new WeakMap<Link, MessageSizeTuner>();
  private readonly watched = new WeakSet<Link>();
  private nextSession = 1;
  private bucket: TokenBucket | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly init: FileExchangeInit) {
    this.crypto = init.crypto ?? nobleFileCrypto;
    this.replicas = new ReplicaRequests(init.linkTo);
  }

  private get log() {
    return this.init.platform.log;
  }

  private now(): number {
    return this.init.platform.clock.now();
  }

  // ── serving ───────────────────────────────────────────────────────────

  /** Makes a file available to any linked peer that names its root. */
  publish(file: ServedFile): void {
    this.published.set(file.entry.root, file);
  }

  /** What this node serves under `root`, if anything. */
  servedFile(root: string): ServedFile | undefined {
    return this.published.get(root);
  }

  /** Stops serving a file; open sessions for it are told why. */
  unpublish(root: string, reason: UnavailableReason = 'unknown'): void {
    if (!this.published.delete(root)) return;
    for (const [link, uploader] of this.uploaders)
      for (const upload of [...uploader.uploads.values()])
        if (upload.file.entry.root === root) {
          this.endUpload(uploader, upload);
          link.send({ t: 'file-none', s: upload.session, reason });
        }
  }

  /** A partial source verified more chunks: tell the requesters who are fetching it. */
  announce(root: string, indices: number[]): void {
    if (indices.length === 0) return;
    const batches = rangeBatches(indices);
    for (const [link, uploader] of this.uploaders)
      for (const upload of uploader.uploads.values())
        if (upload.file.entry.root === root)
          for (const ranges of batches) link.send({ t: 'file-more', s: upload.session, ranges });
  }

  /** Tells an offer's sender we will not take it; best effort (nothing is owed if they are away). */
  decline(sender: PeerId, offerId: string): boolean {
    const link = this.init.linkTo(sender);
    return link?.state === 'ready' ? link.send({ t: 'file-decline', s: this.nextSession++, offer: offerId }) : false;
  }

  /** Bytes per second this node sends, summed over all links; undefined for no limit. */
  setUploadLimit(bytesPerSecond: number | undefined): void {
    this.bucket = bytesPerSecond
      ? new TokenBucket(bytesPerSecond, Math.max(256 * 1024, bytesPerSecond / 10), this.now())
      : undefined;
  }

  // ── downloading ───────────────────────────────────────────────────────

  download(init: Omit<DownloadInit, 'crypto' | 'log' | 'now'>, candidates: Iterable<PeerId>): Download {
    const download = new Download({ ...init, crypto: this.crypto, log: this.log, now: () => this.now() }, this);
    this.downloads.add(download);
    download.onDidFinish.on(() => {
      this.downloads.delete(download);
      if (this.downloads.size === 0) this.stopTicker();
    });
    this.startTicker();
    download.addCandidates(candidates);
    return download;
  }

  /** Opens a session with every linked candidate the download has none with. */
  openSessions(download: Download): void {
    for (const peer of download.candidates) {
      if (!download.wants(peer)) continue;
      const link = this.init.linkTo(peer);
      if (!link || link.state !== 'ready') continue;
      this.watch(link);
      const id = this.nextSession++;
      let tuner = this.tuners.get(link);
      if (!tuner) this.tuners.set(link, (tuner = new MessageSizeTuner(this.init.messageBytes)));
      const session = new SourceSession(id, peer, link, tuner);
      let sessions = this.requests.get(link);
      if (!sessions) this.requests.set(link, (sessions = new Map()));
      sessions.set(id, { session, download });
      download.adopt(session);
      const { root, size, chunkSize } = download.entry;
      link.send({ t: 'file-open', s: id, root, size, chunkSize });
    }
  }

  /** A link to `peer` became ready: downloads that want it as a source open sessions. */
  linked(peer: PeerId): void {
    for (const download of this.downloads) if (download.wants(peer)) this.openSessions(download);
  }

  /** The message size chosen on the link to `peer`, once measured. */
  messageSizeFor(peer: PeerId): { chosen: number | undefined; rates: ReturnType<MessageSizeTuner['rates']> } | undefined {
    const link = this.init.linkTo(peer);
    const tuner = link && this.tuners.get(link);
    return tuner && { chosen: tuner.chosen, rates: tuner.rates() };
  }

  stop(): void {
    this.stopTicker();
    for (const download of [...this.downloads]) download.pause();
    for (const uploader of this.uploaders.values()) for (const upload of uploader.uploads.values()) upload.closed = true;
    this.uploaders.clear();
    this.requests.clear();
  }

  // ── frames ────────────────────────────────────────────────────────────

  receive(link: Link, frame: FileFrame): void {
    switch (frame.t) {
      case 'file-open':
        return this.serveOpen(link, frame);
      case 'file-get':
        return this.serveGet(link, frame);
      case 'file-cancel':
        return this.serveCancel(link, frame);
      case 'file-close':
        return this.serveClose(link, frame);
      case 'file-have':
        return this.onHave(link, frame);
      case 'file-more':
        return this.onMore(link, frame);
      case 'file-none':
        return this.onNone(link, frame);
      case 'file-keep':
      case 'file-kept':
      case 'file-unkeep':
        return this.replicas.receive(link, frame);
      case 'file-decline':
        return this.onDidDecline.fire({ peer: link.remote!.peerId, offerId: frame.offer });
    }
  }

  receiveBinary(link: Link, frame: FileChunkFrame): void {
    const entry = this.requests.get(link)?.get(frame.session);
    if (!entry) return this.cutOff(link, `file data for session ${frame.session}, which we never opened`);
    const result = entry.session.receive(frame, this.now());
    if (result.kind === 'violation') return this.cutOff(link, result.detail);
    if (entry.session.state === 'closed') {
      if (entry.session.drained) this.requests.get(link)?.delete(frame.session);
      return;
    }
    entry.download.piece(entry.session, result, frame.data.length);
  }

  // ── serving side ──────────────────────────────────────────────────────

  private uploader(link: Link): LinkUploader {
    let uploader = this.uploaders.get(link);
    if (!uploader) {
      this.watch(link);
      uploader = new LinkUploader(link, {
        log: this.log,
        now: () => this.now(),
        bucket: () => this.bucket,
        unavailable: (upload, index, error) => {
          this.log.warn('cannot serve chunk', {
            root: upload.file.entry.root.slice(0, 12),
            index,
            reason: error.reason,
            error: error.message,
          });
          link.send({ t: 'file-none', s: upload.session, reason: error.reason, ranges: [[index, index + 1]] });
        },
      });
      this.uploaders.set(link, uploader);
    }
    return uploader;
  }

  private serveOpen(link: Link, frame: FileFrameOf<'file-open'>): void {
    const uploader = this.uploader(link);
    if (uploader.uploads.has(frame.s)) return link.drop('unexpected', `file session ${frame.s} opened twice`);
    const file = this.published.get(frame.root);
    if (!file || file.entry.size !== frame.size || file.entry.chunkSize !== frame.chunkSize)
      return void link.send({ t: 'file-none', s: frame.s, reason: 'unknown' });
    if (uploader.uploads.size >= MAX_UPLOADS_PER_LINK) return void link.send({ t: 'file-none', s: frame.s, reason: 'busy' });
    uploader.uploads.set(frame.s, { session: frame.s, file, queue: new Map(), closed: false });
    const have = file.have();
    link.send({ t: 'file-have', s: frame.s, bits: have === 'all' ? 'all' : b64.encode(have.bytes) });
  }

  private serveGet(link: Link, frame: FileFrameOf<'file-get'>): void {
    const uploader = this.uploaders.get(link);
    const upload = uploader?.uploads.get(frame.s);
    if (!uploader || !upload) return link.drop('unexpected', `file-get for unknown session ${frame.s}`);
    const chunks = chunkCount(upload.file.entry);
    if (frame.ranges.some(([, end]) => end > chunks)) return link.drop('schema', `file-get past the last chunk (${chunks})`);
    const indices = rangesToIndices(frame.ranges, chunks);
    if (upload.queue.size + indices.length > MAX_QUEUED_CHUNKS)
      return link.drop('unexpected', `file-get would queue more than ${MAX_QUEUED_CHUNKS} chunks`);
    const have = upload.file.have();
    const missing: number[] = [];
    for (const index of indices) {
      if (have === 'all' || have.has(index)) upload.queue.set(index, frame.m);
      else missing.push(index);
    }
    for (const ranges of rangeBatches(missing)) link.send({ t: 'file-none', s: frame.s, reason: 'unknown', ranges });
    uploader.kick();
  }

  private serveCancel(link: Link, frame: FileFrameOf<'file-cancel'>): void {
    const upload = this.uploaders.get(link)?.uploads.get(frame.s);
    if (!upload) return; // it may have just finished: not a violation
    for (const index of rangesToIndices(frame.ranges, chunkCount(upload.file.entry))) upload.queue.delete(index);
  }

  private serveClose(link: Link, frame: FileFrameOf<'file-close'>): void {
    const uploader = this.uploaders.get(link);
    const upload = uploader?.uploads.get(frame.s);
    if (!uploader || !upload) return;
    this.endUpload(uploader, upload);
    if (frame.complete && link.remote) upload.file.noteComplete?.(link.remote.peerId);
  }

  private endUpload(uploader: LinkUploader, upload: Upload): void {
    upload.closed = true;
    upload.queue.clear();
    uploader.uploads.delete(upload.session);
  }

  // ── requesting side ───────────────────────────────────────────────────

  private requestOf(link: Link, session: number) {
    const entry = this.requests.get(link)?.get(session);
    return entry && entry.session.state !== 'closed' ? entry : undefined;
  }

  private onHave(link: Link, frame: FileFrameOf<'file-have'>): void {
    const entry = this.requestOf(link, frame.s);
    if (!entry) return link.drop('unexpected', `file-have for session ${frame.s}`);
    const chunks = chunkCount(entry.download.entry);
    let have: Bitfield | 'all' = 'all';
    if (frame.bits !== 'all') {
      const bytes = b64.decode(frame.bits);
      if (bytes.length !== Math.ceil(chunks / 8))
        return link.drop('schema', `file-have of ${bytes.length} bytes for ${chunks} chunks`);
      have = new Bitfield(chunks, bytes);
    }
    entry.download.sourceReady(entry.session, have);
  }

  private onMore(link: Link, frame: FileFrameOf<'file-more'>): void {
    const entry = this.requestOf(link, frame.s);
    if (!entry) return;
    entry.download.sourceHas(entry.session, rangesToIndices(frame.ranges, chunkCount(entry.download.entry)));
  }

  private onNone(link: Link, frame: FileFrameOf<'file-none'>): void {
    const entry = this.requestOf(link, frame.s);
    if (!entry) return;
    this.log.info('source cannot serve', {
      peer: entry.session.peer,
      reason: frame.reason,
      chunks: frame.ranges?.length ?? 'all',
    });
    if (frame.ranges)
      return entry.download.sourceLost(entry.session, rangesToIndices(frame.ranges, chunkCount(entry.download.entry)));
    entry.download.sourceLost(entry.session);
    if (entry.session.drained) this.requests.get(link)?.delete(frame.s);
  }

  // ── links ─────────────────────────────────────────────────────────────

  /** "A peer that sends more than it offered is cut off": no second chance for bulk data nobody asked for. */
  private cutOff(link: Link, detail: string): void {
    this.log.warn('cut off a peer that sent file data it was not asked for', { peer: link.remote?.peerId, detail });
    link.close(`sent unrequested file data: ${detail}`);
  }

  private watch(link: Link): void {
    if (this.watched.has(link)) return;
    this.watched.add(link);
    link.onDidClose.on(() => this.unlinked(link));
  }

  private unlinked(link: Link): void {
    const uploader = this.uploaders.get(link);
    if (uploader) for (const upload of [...uploader.uploads.values()]) this.endUpload(uploader, upload);
    this.uploaders.delete(link);
    const requests = this.requests.get(link);
    this.requests.delete(link);
    for (const { session, download } of requests?.values() ?? []) download.sourceLost(session);
  }

  private startTicker(): void {
    this.ticker ??= setInterval(() => {
      for (const download of this.downloads) download.tick();
      for (const [link, sessions] of this.requests)
        for (const [id, { session }] of sessions)
          if (session.state === 'closed' && session.drained) this.requests.get(link)?.delete(id);
    }, TICK_MS);
  }

  private stopTicker(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
