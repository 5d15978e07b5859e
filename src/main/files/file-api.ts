import { open } from 'node:fs/promises';
import { b64 } from '../../core/bytes';
import type { CallName } from '../../core/api/contract';
import type { ApiHandlers } from '../../core/api/rpc';
import { LanlineError } from '../../core/errors';
import type { Backend, CallContext } from '../backend';

/** Raster images only: a window shows these inline, and an SVG could carry script. */
const PREVIEW_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const PREVIEW_MAX_BYTES = 32 * 1024 * 1024;
const PREVIEW_PIECE_BYTES = 128 * 1024;

type FileCallName = Extract<CallName, `files.${string}`>;

/** Indexing reports every chunk; windows need a few updates a second, and the last. */
const PREPARING_EVERY_MS = 200;

function preparingReporter(backend: Backend, ticket: string): (bytesDone: number, total: number) => void {
  let lastAt = 0;
  return (bytesDone, total) => {
    const now = Date.now();
    if (bytesDone < total && now - lastAt < PREPARING_EVERY_MS) return;
    lastAt = now;
    backend.emit('files.preparing', { ticket, bytesDone, total });
  };
}

/** The backend's side of the `files.*` calls (docs/FILES.md). */
export function fileHandlers(backend: Backend): Pick<ApiHandlers<CallContext>, FileCallName> {
  const { files } = backend;
  /** Sends still preparing, by ticket. */
  const preparing = new Map<string, AbortController>();
  return {
    'files.send': async ({ to, paths, upload, text, thumbnail, replicate, ticket }) => {
      const sources = paths ?? (await files.uploads.finish(upload!));
      const cancel = new AbortController();
      if (ticket) preparing.set(ticket, cancel);
      const onProgress = ticket ? preparingReporter(backend, ticket) : undefined;
      try {
        return await files.share(to, sources, { text, thumbnail, replicate, onProgress, signal: cancel.signal });
      } catch (error) {
        if (upload) await files.uploads.remove(upload);
        throw error;
      } finally {
        if (ticket && preparing.get(ticket) === cancel) preparing.delete(ticket);
      }
    },
    'files.sendCancel': ({ ticket }) => {
      preparing.get(ticket)?.abort();
      return {};
    },
    'files.uploadStart': async ({ files: list }) => ({ upload: await files.uploads.start(list) }),
    'files.uploadPiece': async ({ upload, file, offset, data }) => ({
      received: await files.uploads.write(upload, file, offset, b64.decode(data)),
    }),
    'files.uploadCancel': async ({ upload }) => {
      await files.uploads.remove(upload);
      return {};
    },
    'files.list': ({ conversation, offerId, query }) =>
      offerId ? files.snapshotsOf(offerId) : files.list({ conversation, query }),
    'files.accept': ({ offerId }) => files.accept(offerId),
    'files.decline': ({ offerId }) => files.decline(offerId),
    'files.pause': ({ offerId, entry }) => files.pause(offerId, entry),
    'files.resume': ({ offerId, entry }) => files.resume(offerId, entry),
    'files.cancel': ({ offerId, entry }) => files.cancel(offerId, entry),
    'files.reveal': async ({ offerId, entry }) => {
      const path = files.locate(offerId, entry);
      await backend.revealer(path);
      return { path };
    },
    'files.preview': async ({ offerId, entry, offset }) => {
      const transfer = files.snapshotsOf(offerId).find((t) => t.entry === entry);
      const ready = transfer && (transfer.direction === 'out' || transfer.state === 'done') && transfer.localPath;
      if (!transfer || !ready) throw new LanlineError('invalid-input', 'That file is not on this computer yet.');
      if (!PREVIEW_TYPES.has(transfer.type) || transfer.size > PREVIEW_MAX_BYTES)
        throw new LanlineError('invalid-input', 'Only images of up to 32 MiB are previewed.');
      if (offset > transfer.size) throw new LanlineError('invalid-input', 'Past the end of the file.');
      const handle = await open(transfer.localPath!, 'r');
      try {
        const buffer = Buffer.alloc(Math.min(PREVIEW_PIECE_BYTES, transfer.size - offset));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        return { type: transfer.type, size: transfer.size, data: b64.encode(buffer.subarray(0, bytesRead)) };
      } finally {
        await handle.close();
      }
    },
    'files.settings': () => ({
      downloadsDir: files.downloadsDir(),
      autoAccept: backend.engine
        .listPeers()
        .map((p) => p.peerId)
        .filter((peer) => files.autoAccepts(peer)),
      replicate: files.settings.replicates(),
    }),
    'files.setDownloadsDir': ({ path }) => {
      const downloadsDir = files.setDownloadsDir(path);
      backend.emit('status.changed', backend.status());
      return { downloadsDir };
    },
    'files.setAutoAccept': ({ peer, on }) => {
      files.setAutoAccept(peer, on);
      return { peer, on };
    },
    'files.setReplicate': ({ on }) => {
      files.settings.setReplicates(on);
      return { on };
    },
  };
}
