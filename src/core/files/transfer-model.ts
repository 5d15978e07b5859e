import { z } from 'zod';
import { RootSchema } from './manifest';

/**
 * A file transfer as the UI and CLI see it, one per file of an offer. The
 * contract can carry it as it is (TransferSnapshotSchema); the backend's
 * FileTransfers fires one whenever something a person would notice changes.
 *
 * States: `offered` (incoming, waiting for accept; outgoing, waiting for the
 * recipient), `queued` (accepted, waiting for a download slot), `active`,
 * `waiting` (active but no source is online), `paused`, `done`, `failed`
 * (`error` says why; resumable), `cancelled`.
 */
export const TransferStateSchema = z.enum(['offered', 'queued', 'active', 'waiting', 'paused', 'done', 'failed', 'cancelled']);
export type TransferState = z.infer<typeof TransferStateSchema>;

export const TransferSnapshotSchema = z.strictObject({
  offerId: z.string(),
  entry: z.number().int().nonnegative(),
  direction: z.enum(['in', 'out']),
  /** Incoming: who offered it. Outgoing: whom it was offered to. */
  peer: z.string(),
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
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  /** Sources currently sending (incoming). */
  sources: z.number().int().nonnegative(),
});
export type TransferSnapshot = z.infer<typeof TransferSnapshotSchema>;
