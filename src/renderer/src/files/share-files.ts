import type { Thumbnail } from '../../../core/files/manifest';
import type { CallInput } from '../../../core/api/contract';
import type { ApiClient } from '../../../core/api/rpc';
import { sendWithProgress } from '../../../core/files/send-with-progress';
import type { Message } from '../../../core/model';
import { toBase64 } from '../backend/base64';
import { makeThumbnail } from './thumbnail';

/** A file to share and where it goes in the offer: its name, or "folder/sub/name". */
export interface PickedFile {
  file: File;
  path: string;
}

/** Pieces in flight at once: enough to keep the bridge busy, few enough to keep memory flat. */
const PIECES_IN_FLIGHT = 4;
const PIECE_BYTES = 128 * 1024;

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
    out.push({ file, path });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries hands over a folder in batches until it returns none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, path, out);
    }
  }
}

/** What was dropped: files, and folders with their tree. */
export async function droppedFiles(data: DataTransfer): Promise<{ picked: PickedFile[]; tops: File[] }> {
  const entries = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  const tops = [...data.files];
  if (entries.length === 0) return { picked: tops.map((file) => ({ file, path: file.name })), tops };
  const picked: PickedFile[] = [];
  for (const entry of entries) await walk(entry, '', picked);
  return { picked, tops };
}

export interface ShareProgress {
  /** Copying a tab's files to the backend, then reading and sealing them there for the offer. */
  phase: 'copying' | 'sealing';
  done: number;
  total: number;
}

/** `files.send`, showing the sealing (about a second per GB), stopped when `signal` aborts. */
async function send(
  api: ApiClient,
  input: Omit<CallInput<'files.send'>, 'ticket'>,
  onProgress: (progress: ShareProgress) => void,
  signal: AbortSignal,
): Promise<Message> {
  // Not randomUUID: a tab on a LAN address over http is not a secure context.
  const ticket = toBase64(crypto.getRandomValues(new Uint8Array(12)));
  const onSealed = (done: number, total: number) => onProgress({ phase: 'sealing', done, total });
  return (await sendWithProgress(api, input, { ticket, onProgress: onSealed, signal })).message;
}

/**
 * Shares files in a conversation. In the desktop app they are shared where
 * they lie (the shell tells the path); in a browser tab their bytes are
 * streamed to the backend in pieces, never read whole, then sent. A single
 * image gets a thumbnail for the recipients' card.
 */
export async function shareFiles(
  api: ApiClient,
  conversation: string,
  picked: { picked: PickedFile[]; tops: File[] },
  onProgress: (progress: ShareProgress) => void,
  signal: AbortSignal,
): Promise<Message> {
  const single = picked.picked.length === 1 ? picked.picked[0]!.file : undefined;
  const thumbnail: Thumbnail | undefined = single ? await makeThumbnail(single) : undefined;
  const paths = picked.tops.map((file) => window.lanlineDesktop?.pathForFile?.(file) ?? '');
  if (picked.tops.length > 0 && paths.every((path) => path !== ''))
    return send(api, { to: conversation, paths, ...(thumbnail && { thumbnail }) }, onProgress, signal);
  const total = picked.picked.reduce((n, p) => n + p.file.size, 0);
  const { upload } = await api.call('files.uploadStart', {
    files: picked.picked.map((p) => ({ path: p.path, size: p.file.size })),
  });
  try {
    let sent = 0;
    for (const [index, { file }] of picked.picked.entries()) {
      const inFlight: Array<Promise<unknown>> = [];
      for (let offset = 0; offset < file.size; offset += PIECE_BYTES) {
        if (signal.aborted) throw new DOMException('The upload was cancelled.', 'AbortError');
        const piece = new Uint8Array(await file.slice(offset, offset + PIECE_BYTES).arrayBuffer());
        const call = api.call('files.uploadPiece', { upload, file: index, offset, data: toBase64(piece) }).then(() => {
          sent += piece.length;
          onProgress({ phase: 'copying', done: sent, total });
        });
        call.catch(() => {}); // awaited below; this only keeps a failure from being reported twice
        inFlight.push(call);
        if (inFlight.length >= PIECES_IN_FLIGHT) await inFlight.shift();
      }
      await Promise.all(inFlight);
    }
    return await send(api, { to: conversation, upload, ...(thumbnail && { thumbnail }) }, onProgress, signal);
  } catch (error) {
    await api.call('files.uploadCancel', { upload }).catch(() => {});
    throw error;
  }
}
