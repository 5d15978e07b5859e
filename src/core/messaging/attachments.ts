import type { PeerId } from '../identity';
import type { FileOffer } from '../files/manifest';
import { FOLDER_TYPE, type FileAttachment, type FileTransferSummary } from '../files/transfer-model';
import type { StoredMessage } from '../store';

/**
 * What messaging needs from file transfer, which lives in the backend
 * (main/files/file-transfers.ts): offers travel inside messages, and a
 * message shows this node's progress on the files it carries.
 */
export interface FileAttachments {
  /** This node's transfer of an offer, or null when it does not know it. */
  progress(offerId: string): FileTransferSummary | null;
  /** A message carrying an offer showed: ours (already offered) or someone's (to receive). Called again is harmless. */
  shown(message: { id: string; conversation: string; from: PeerId; outgoing: boolean }, offer: FileOffer): void;
  /** The message carrying this offer was deleted by its author: stop serving it, cancel a download. */
  withdrawn(offerId: string): void;
}

/** For an engine without a file service (tests of messaging alone). */
export const NO_ATTACHMENTS: FileAttachments = { progress: () => null, shown: () => {}, withdrawn: () => {} };

/** The offer a stored text message carries, if it shares files. It was validated when it arrived or was written. */
export function offerOf(message: StoredMessage): FileOffer | undefined {
  if (message.kind !== 'text' || message.content === null) return undefined;
  return JSON.parse(message.content) as FileOffer;
}

/** The offer as a message shows it: never its keys. */
export function attachmentOf(offer: FileOffer, transfer: FileTransferSummary | null): FileAttachment {
  const { entries, name } = offer.manifest;
  return {
    offerId: offer.id,
    name,
    size: entries.reduce((n, e) => n + e.size, 0),
    type: entries.length === 1 && !entries[0]!.path.includes('/') ? entries[0]!.type : FOLDER_TYPE,
    entries: entries.map(({ path, size, type }) => ({ path, size, type })),
    thumbnail: offer.thumbnail ?? null,
    transfer,
  };
}
