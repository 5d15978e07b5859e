import type { PeerId } from '../identity';

/** One message held for one recipient. */
export interface MailItem {
  id: string;
  recipient: PeerId;
  author: PeerId;
  /** Who deposited it (always the author, today); quotas are counted against them. */
  depositor: PeerId;
  /** The signed envelope as JSON, exactly as deposited: sealed, so the holder cannot read it. */
  envelope: string;
  bytes: number;
  depositedAt: number;
  expiresAt: number;
}

export interface Usage {
  messages: number;
  bytes: number;
}

export interface QueueSummary extends Usage {
  recipient: PeerId;
  oldestAt: number;
}

/** A recipient's signed "I stored it", held until its author comes by. */
export interface HeldReceipt {
  id: string;
  from: PeerId;
  to: PeerId;
  sig: string;
}

/**
 * Where a super peer keeps mail and receipts (its own SQLite file, like any
 * node's). Every write commits before it returns: a `deposited` answer is
 * only sent for mail that is on disk.
 */
export interface MailboxStore {
  /** False when (id, recipient) was already held. */
  put(item: MailItem): boolean;
  has(id: string, recipient: PeerId): boolean;
  /** The recipient's queue, oldest first, skipping ids in `except`. */
  queue(recipient: PeerId, limit: number, except?: ReadonlySet<string>): MailItem[];
  /** Deletes one message; whether it was held. */
  remove(id: string, recipient: PeerId): boolean;
  total(): Usage;
  usageFor(recipient: PeerId): Usage;
  usageBy(depositor: PeerId): Usage;
  /** The largest queues first, with their oldest deposit. */
  queues(limit: number): QueueSummary[];
  /** Deletes what expired; how many. */
  expire(now: number): number;

  /** Keeps a receipt for its author; false when already held. */
  holdReceipt(receipt: HeldReceipt, heldAt: number, expiresAt: number): boolean;
  receiptsFor(author: PeerId, limit: number): HeldReceipt[];
  dropReceipt(id: string, from: PeerId): void;
  receiptCount(): number;
  receiptCountFor(author: PeerId): number;
  expireReceipts(now: number): number;
}
