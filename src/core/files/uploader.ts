import type { Link } from '../link';
import type { Logger } from '../platform';
import { chunkHeadroom, encodeChunkFrame, writeChunkHeader, CHUNK_HEADER_BYTES } from './chunk-frame';
import { HASH_BYTES } from './merkle';
import type { TokenBucket } from './rate';
import { UnavailableError, type ServedChunk, type ServedFile } from './served-file';

/** What one requester asked of one file on this link. */
export interface Upload {
  session: number;
  file: ServedFile;
  /** Requested chunk → message size, in request order. */
  queue: Map<number, number>;
  closed: boolean;
}

export interface UploaderOptions {
  log: Logger;
  now(): number;
  /** Shared by every link: the node's upload limit, if any. */
  bucket(): TokenBucket | undefined;
  /** Bytes queued in the pipe above which sending pauses (wrtc never fires bufferedamountlow). */
  highWaterBytes?: number;
  /** A chunk could not be read: tell the requester to look elsewhere. */
  unavailable(upload: Upload, index: number, error: UnavailableError): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Reads started ahead of sending, so the disk works while the channel drains. */
const READ_AHEAD = 8;

/**
 * Sends requested chunks down one link, round-robin across its sessions, in
 * pieces no larger than each request's message size, never letting more than
 * `highWaterBytes` wait in the pipe. Polling is the only option: @roamhq/wrtc
 * never fires `bufferedamountlow`, and a 1 ms poll keeps a 256 KiB message
 * queue from ever running dry at LAN speeds.
 */
export class LinkUploader {
  readonly uploads = new Map<number, Upload>();
  private running = false;
  private turn = 0;
  private readonly highWater: number;
  /** Pieces of a chunk split into smaller messages are built here one at a time; a send copies it, so it is free again at once. */
  private readonly frameBuffer = new Uint8Array(256 * 1024);
  private budget = 0;
  private sentSinceRead = 0;
  private lastRead: { at: number; buffered: number } | undefined;
  /** Bytes per millisecond the pipe drained at, last we looked; 50 MB/s to start. */
  private drainPerMs = 50_000;

  constructor(
    private readonly link: Link,
    private readonly options: UploaderOptions,
  ) {
    this.highWater = options.highWaterBytes ?? 2 * 1024 * 1024;
  }

  queuedChunks(): number {
    let n = 0;
    for (const upload of this.uploads.values()) n += upload.queue.size;
    return n;
  }

  kick(): void {
    if (this.running) return;
    this.running = true;
    this.run()
      .catch((error) => this.options.log.error('upload failed', { error: String(error), pipe: this.link.pipe.label }))
      .finally(() => {
        this.running = false;
        if (this.link.state === 'ready' && this.queuedChunks() > 0) this.kick();
      });
  }

  /** The next queued chunk, taking sessions in turn so one big file does not starve a small one. */
  private take(): { upload: Upload; index: number; size: number } | undefined {
    const uploads = [...this.uploads.values()].filter((u) => u.queue.size > 0);
    if (uploads.length === 0) return undefined;
    const upload = uploads[this.turn++ % uploads.length]!;
    const [index, size] = upload.queue.entries().next().value!;
    upload.queue.delete(index);
    return { upload, index, size };
  }

  private async run(): Promise<void> {
    const ahead: Array<{ upload: Upload; index: number; size: number; read: Promise<unknown> }> = [];
    const refill = () => {
      while (ahead.length < READ_AHEAD) {
        const next = this.take();
        if (!next) return;
        const read = next.upload.file.read(next.index);
        read.catch(() => {}); // settled below, in order
        ahead.push({ ...next, read });
      }
    };
    refill();
    while (ahead.length > 0 && this.link.state === 'ready') {
      const { upload, index, size, read } = ahead.shift()!;
      refill();
      let chunk: ServedChunk;
      try {
        chunk = (await read) as ServedChunk;
      } catch (error) {
        if (!upload.closed)
          this.options.unavailable(
            upload,
            index,
            error instanceof UnavailableError ? error : new UnavailableError('unreadable', String(error)),
          );
        continue;
      }
      try {
        if (!upload.closed) await this.send(upload, index, size, chunk);
      } finally {
        chunk.release?.();
      }
    }
    // Reads started for a link that went away still hand their buffers back.
    for (const { read } of ahead)
      void read.then(
        (chunk) => (chunk as ServedChunk).release?.(),
        () => {},
      );
  }

  private async send(upload: Upload, index: number, size: number, chunk: ServedChunk) {
    const headroom = chunkHeadroom(chunk.proof.length);
    if (chunk.frame && headroom + chunk.sealed.length <= size) {
      // The common case: the whole chunk is one message, built where it was sealed.
      const frame = chunk.frame.subarray(0, headroom + chunk.sealed.length);
      writeChunkHeader(frame, upload.session, index, chunk.proof);
      if (!(await this.room(frame.length)) || upload.closed) return;
      if (this.link.sendBinary(frame)) upload.file.noteServed?.(this.link.remote?.peerId ?? '', chunk.sealed.length);
      return;
    }
    let offset = 0;
    while (offset < chunk.sealed.length) {
      const header = CHUNK_HEADER_BYTES + (offset === 0 ? chunk.proof.length * HASH_BYTES : 0);
      const end = Math.min(chunk.sealed.length, offset + size - header);
      const frame = encodeChunkFrame(
        upload.session,
        index,
        offset,
        offset === 0 ? chunk.proof : [],
        chunk.sealed.subarray(offset, end),
        this.frameBuffer,
      );
      if (!(await this.room(frame.length))) return;
      if (!this.link.sendBinary(frame)) return;
      upload.file.noteServed?.(this.link.remote?.peerId ?? '', end - offset);
      offset = end;
    }
  }

  /**
   * Waits until the pipe and the upload limit allow `bytes` more; false if the
   * link went away. bufferedAmount is read as rarely as possible (each read is
   * a synchronous hop to wrtc's network thread): after a read, sending goes on
   * until the high-water mark is reached by our own count, and while the pipe
   * drains the next read is timed by the drain rate last observed.
   */
  private async room(bytes: number): Promise<boolean> {
    const wait = this.options.bucket()?.take(bytes, this.options.now()) ?? 0;
    if (wait > 0) await sleep(wait);
    while (this.link.state === 'ready' && this.budget < bytes) {
      const buffered = this.link.pipe.bufferedAmount;
      const now = this.options.now();
      if (this.lastRead) {
        const drained = this.lastRead.buffered + this.sentSinceRead - buffered;
        if (drained > 0 && now > this.lastRead.at) this.drainPerMs = drained / (now - this.lastRead.at);
      }
      this.lastRead = { at: now, buffered };
      this.sentSinceRead = 0;
      if (buffered <= this.highWater / 2) {
        this.budget = this.highWater - buffered;
        break;
      }
      await sleep(Math.min(10, Math.max(1, (buffered - this.highWater / 2) / this.drainPerMs)));
    }
    this.budget -= bytes;
    this.sentSinceRead += bytes;
    return this.link.state === 'ready';
  }
}
