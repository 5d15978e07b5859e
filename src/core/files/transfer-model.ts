import { z } from 'zod';
import { RootSchema, ThumbnailSchema } from './manifest';

/**
 * A file transfer as the UI and CLI see it, one per file of an offer. The
 * contract carries it as it is (TransferSnapshotSchema); the backend's
 * FileTransfers fires one whenever something a person would notice changes.
 *
 * States: `offered` (incoming, waiting for accept; outgoing, waiting for the
 * recipient), `queued` (accepted, waiting for a download slot), `active`,
 * `waiting` (active but no source is online), `paused`, `done`, `failed`
 * (`error` says why; resumable), `cancelled`.
 */
export const TransferStateSchema = z.enum(['offered', 'queued', 'active', 'waiting', 'paused', 'done', 'failed', 'cancelled']);
export type TransferState = z.infer<typeof TransferStateSchema>;

const ErrorSchema = z.strictObject({ code: z.string(), message: z.string() });
/** Outgoing: how many of the people it was offered to have the whole file, and how many declined it. */
const RecipientsSchema = z.strictObject({
  done: z.number().int().nonnegative(),
  declined: z.number().int().nonnegative(),
  of: z.number().int().nonnegative(),
});

export const TransferSnapshotSchema = z.strictObject({
  offerId: z.string(),
  entry: z.number().int().nonnegative(),
  direction: z.enum(['in', 'out']),
  /** Incoming: who offered it. Outgoing: whom it was offered to (a peer id or a group id). */
  peer: z.string(),
  /** The conversation it was shared in (a peer id or a group id). */
  conversation: z.string(),
  /** The message that carries the offer, once known. */
  messageId: z.string().nullable(),
  /** The offer's name (the file, or the folder it belongs to). */
  name: z.string(),
  /** Relative path within the offer ('/'-separated). */
  path: z.string(),
  type: z.string(),
  size: z.number().int().nonnegative(),
  root: RootSchema,
  state: TransferStateSchema,
  /** Incoming: bytes verified on disk. Outgoing: bytes sent (may exceed size when several fetch it). */
  bytesDone: z.number().int().nonnegative(),
  bytesPerSecond: z.number().nonnegative().nullable(),
  secondsLeft: z.number().nonnegative().nullable(),
  /** Incoming: where it lands (or landed). Outgoing: the file being shared. */
  localPath: z.string().nullable(),
  error: ErrorSchema.nullable(),
  /** Sources currently sending (incoming). */
  sources: z.number().int().nonnegative(),
  recipients: RecipientsSchema.nullable(),
  /** Outgoing: the super peer asked to keep a copy (docs/FILES.md, "Replication"), and how far it is. */
  replica: z
    .strictObject({
      peer: z.string(),
      state: z.enum(['asked', 'fetching', 'complete', 'refused']),
      reason: z.string().nullable(),
    })
    .nullable(),
  /** When the offer was made or received, ms since the epoch. */
  createdAt: z.number().int(),
});
export type TransferSnapshot = z.infer<typeof TransferSnapshotSchema>;

/** Media type a file card shows for a folder or several files. */
export const FOLDER_TYPE = 'inode/directory';

/**
 * What a message carrying files shows (Message.file): the offer without its
 * keys, and this node's transfer of it summed over its files.
 */
export const FileAttachmentSchema = z.object({
  offerId: z.string(),
  name: z.string(),
  /** Every file's size together. */
  size: z.number().int().nonnegative(),
  /** The one file's media type, or FOLDER_TYPE for a folder or several files. */
  type: z.string(),
  entries: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative(), type: z.string() })),
  thumbnail: ThumbnailSchema.nullable(),
  /** Null until this node knows the offer (it has just arrived) or after it was withdrawn. */
  transfer: z
    .object({
      direction: z.enum(['in', 'out']),
      /** The furthest-behind file decides: any failed → failed, any active → active, all done → done. */
      state: TransferStateSchema,
      bytesDone: z.number().int().nonnegative(),
      bytesPerSecond: z.number().nonnegative().nullable(),
      secondsLeft: z.number().nonnegative().nullable(),
      error: ErrorSchema.nullable(),
      /** The received file or folder (its top level), or the shared one. */
      localPath: z.string().nullable(),
      recipients: RecipientsSchema.nullable(),
    })
    .nullable(),
});
export type FileAttachment = z.infer<typeof FileAttachmentSchema>;
export type FileTransferSummary = NonNullable<FileAttachment['transfer']>;

/** Which state an offer of several files shows: the one that needs attention first. */
const PRECEDENCE: TransferState[] = ['failed', 'active', 'waiting', 'queued', 'paused', 'offered', 'done', 'cancelled'];

export function summarize(files: readonly TransferSnapshot[], localPath: string | null): FileTransferSummary | null {
  if (files.length === 0) return null;
  const live = files.filter((f) => f.state !== 'cancelled');
  const counted = live.length > 0 ? live : files;
  const state = PRECEDENCE.find((s) => counted.some((f) => f.state === s)) ?? 'offered';
  const size = counted.reduce((n, f) => n + f.size, 0);
  const bytesDone = counted.reduce((n, f) => n + (f.direction === 'in' ? f.bytesDone : Math.min(f.size, f.bytesDone)), 0);
  const rates = counted.map((f) => f.bytesPerSecond).filter((r): r is number => r !== null);
  const bytesPerSecond = rates.length ? rates.reduce((a, b) => a + b, 0) : null;
  const recipients = counted[0]!.recipients && {
    done: Math.min(...counted.map((f) => f.recipients?.done ?? 0)),
    declined: Math.max(...counted.map((f) => f.recipients?.declined ?? 0)),
    of: counted[0]!.recipients.of,
  };
  return {
    direction: counted[0]!.direction,
    state,
    bytesDone,
    bytesPerSecond,
    secondsLeft: bytesPerSecond ? Math.max(0, (size - bytesDone) / bytesPerSecond) : null,
    error: counted.find((f) => f.error)?.error ?? null,
    localPath,
    recipients,
  };
}
