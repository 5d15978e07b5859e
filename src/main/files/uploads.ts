import { constants } from 'node:fs';
import { mkdir, open, readdir, rm, statfs, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, isAbsolute } from 'node:path';
import { LanlineError } from '../../core/errors';
import { MAX_ENTRIES, MAX_FILE_BYTES, newOfferId } from '../../core/files/manifest';
import { pathKey, pathProblem } from '../../core/files/paths';

/** One piece of an upload call: small enough, as base64 in JSON, for the bridge's 256 KiB messages. */
export const UPLOAD_PIECE_BYTES = 128 * 1024;
/** Uploads not sent within this long are removed. */
const ABANDONED_MS = 60 * 60 * 1000;
/** Left free on the disk after an upload, so staging never fills it. */
const DISK_MARGIN_BYTES = 256 * 1024 * 1024;

interface StagedFile {
  path: string;
  size: number;
  received: number;
  handle?: FileHandle;
}

interface Upload {
  files: StagedFile[];
  startedAt: number;
  writing: Promise<unknown>;
}

/**
 * Files a window hands over that have no path on this machine (a browser's
 * drag and drop): streamed in pieces, in order, into `<dataDir>/uploads/<id>/`,
 * never held whole in memory, each file exactly its declared size. Once sent,
 * the staged copy is what the offer serves; it is removed with the offer.
 */
export class Uploads {
  private readonly pending = new Map<string, Upload>();

  constructor(
    readonly dir: string,
    private readonly now: () => number,
    private readonly randomBytes: (n: number) => Uint8Array,
  ) {}

  async start(files: Array<{ path: string; size: number }>): Promise<string> {
    if (files.length === 0 || files.length > MAX_ENTRIES)
      throw new LanlineError('invalid-input', `An upload has 1 to ${MAX_ENTRIES} files.`);
    const seen = new Set<string>();
    for (const file of files) {
      const problem = pathProblem(file.path);
      if (problem) throw new LanlineError('invalid-input', `${file.path} cannot be shared (${problem}).`);
      if (seen.has(pathKey(file.path))) throw new LanlineError('invalid-input', `${file.path} is there twice.`);
      seen.add(pathKey(file.path));
      if (file.size > MAX_FILE_BYTES) throw new LanlineError('invalid-input', `${file.path} is larger than Lanline can share.`);
    }
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const total = files.reduce((n, f) => n + f.size, 0);
    const space = await statfs(this.dir);
    if (total + DISK_MARGIN_BYTES > space.bavail * space.bsize)
      throw new LanlineError('disk-full', `There is not enough free space on this computer to stage ${total} bytes for sending.`);
    const id = newOfferId(this.randomBytes);
    await mkdir(join(this.dir, id), { mode: 0o700 });
    const upload: Upload = {
      files: files.map((f) => ({ ...f, received: 0 })),
      startedAt: this.now(),
      writing: Promise.resolve(),
    };
    this.pending.set(id, upload);
    for (const [index, file] of upload.files.entries()) if (file.size === 0) await this.piece(id, index, 0, new Uint8Array());
    return id;
  }

  /** Writes one piece; pieces of a file must come in order. Returns the bytes of that file received so far. */
  write(id: string, index: number, offset: number, bytes: Uint8Array): Promise<number> {
    const upload = this.pending.get(id);
    if (!upload) return Promise.reject(new LanlineError('invalid-input', 'There is no such upload in progress.'));
    // One piece at a time per upload, so a window's pipelined calls land in order.
    const next = upload.writing.then(() => this.piece(id, index, offset, bytes));
    upload.writing = next.catch(() => {});
    return next;
  }

  private async piece(id: string, index: number, offset: number, bytes: Uint8Array): Promise<number> {
    const upload = this.pending.get(id)!;
    const file = upload.files[index];
    if (!file) throw new LanlineError('invalid-input', `The upload has no file ${index}.`);
    if (offset !== file.received) throw new LanlineError('invalid-input', `Expected ${file.path} from byte ${file.received}.`);
    if (file.received + bytes.length > file.size)
      throw new LanlineError('invalid-input', `${file.path} is larger than announced.`);
    const path = join(this.dir, id, ...file.path.split('/'));
    if (!file.handle) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      file.handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    }
    let written = 0;
    while (written < bytes.length)
      written += (await file.handle.write(bytes, written, bytes.length - written, offset + written)).bytesWritten;
    file.received += bytes.length;
    if (file.received === file.size) {
      await file.handle.close();
      file.handle = undefined;
    }
    return file.received;
  }

  /** The upload's top-level files and folders, ready to offer; every file must be complete. */
  async finish(id: string): Promise<string[]> {
    const upload = this.pending.get(id);
    if (!upload) throw new LanlineError('invalid-input', 'There is no such upload in progress.');
    await upload.writing;
    const short = upload.files.find((f) => f.received !== f.size);
    if (short) throw new LanlineError('invalid-input', `${short.path} has ${short.received} of its ${short.size} bytes.`);
    this.pending.delete(id);
    return [...new Set(upload.files.map((f) => f.path.split('/')[0]!))].map((top) => join(this.dir, id, top));
  }

  /** The upload a staged path belongs to, if it is one. */
  uploadOf(path: string): string | undefined {
    const rel = relative(this.dir, path);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(/[\\/]/)[0] : undefined;
  }

  async remove(id: string): Promise<void> {
    const upload = this.pending.get(id);
    this.pending.delete(id);
    for (const file of upload?.files ?? []) await file.handle?.close().catch(() => {});
    await rm(join(this.dir, id), { recursive: true, force: true });
  }

  /** Removes uploads nobody finished within the hour, and (at start) staged folders no offer uses. */
  async sweep(inUse?: ReadonlySet<string>): Promise<void> {
    const now = this.now();
    for (const [id, upload] of this.pending) if (now - upload.startedAt > ABANDONED_MS) await this.remove(id);
    if (!inUse) return;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) if (!inUse.has(name) && !this.pending.has(name)) await this.remove(name);
  }
}
