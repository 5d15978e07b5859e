import { describeError, LanlineError, type ErrorCode } from '../../core/errors';
import type { FileEntry } from '../../core/files/manifest';
import type { TransferSnapshot } from '../../core/files/transfer-model';
import type { OfferRow, TransferRow } from './transfer-store';

type Progress = 'state' | 'bytesDone' | 'bytesPerSecond' | 'sources' | 'recipients' | 'replica';

/**
 * What a snapshot says alike of a file coming in and one going out: which
 * offer and file it is, where it lives, and its error in words. Each side
 * adds its own progress.
 */
export function describeTransfer(
  direction: TransferSnapshot['direction'],
  offer: OfferRow,
  entry: FileEntry,
  row: TransferRow,
  progress: Pick<TransferSnapshot, Progress>,
  errorMessage?: string,
): TransferSnapshot {
  const { state, bytesDone, bytesPerSecond, sources, recipients, replica } = progress;
  return {
    offerId: offer.offerId,
    entry: row.entry,
    direction,
    peer: offer.peerId,
    conversation: offer.conversation,
    messageId: offer.messageId,
    name: offer.offer.manifest.name,
    path: entry.path,
    type: entry.type,
    size: entry.size,
    root: entry.root,
    state,
    bytesDone,
    bytesPerSecond,
    secondsLeft: bytesPerSecond ? Math.max(0, (entry.size - Math.min(entry.size, bytesDone)) / bytesPerSecond) : null,
    localPath: row.localPath,
    error: row.error
      ? { code: row.error, message: errorMessage ?? describeError(new LanlineError(row.error as ErrorCode, '')) }
      : null,
    sources,
    recipients,
    replica,
    createdAt: offer.createdAt,
  };
}
