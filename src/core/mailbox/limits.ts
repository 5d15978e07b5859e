import { z } from 'zod';

/**
 * Everything a super peer's mailbox allows, per recipient, per depositor and
 * in total. One typed object with defaults; `lanline node --super` takes a
 * flag for the main ones (README.md) and docs/SUPER-PEERS.md explains them.
 * Going over any of them earns a `mail-refused` frame that names it.
 */
const Positive = z.number().int().positive();
const MiB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

export const MailboxLimitsSchema = z.strictObject({
  /** Messages held for one recipient, and their bytes (the envelopes as stored). */
  maxMessagesPerRecipient: Positive.default(1000),
  maxBytesPerRecipient: Positive.default(16 * MiB),
  /** Messages and bytes one depositor may have held here, for everyone together. */
  maxMessagesPerDepositor: Positive.default(5000),
  maxBytesPerDepositor: Positive.default(64 * MiB),
  /** The whole mailbox. */
  maxMessages: Positive.default(100_000),
  maxBytes: Positive.default(1024 * MiB),
  /** A message not fetched this long after its deposit is deleted. */
  expiryMs: Positive.default(7 * DAY_MS),
  /** Deposits per second per depositor (token bucket), and the burst above it. */
  depositsPerSecond: Positive.default(200),
  depositBurst: Positive.default(1000),
  /** Receipts held for authors who are away: per author, and in total. */
  maxReceiptsPerAuthor: Positive.default(10_000),
  maxReceipts: Positive.default(200_000),
  /** Messages sent to a fetching recipient before their receipts come back. */
  deliveryWindow: Positive.default(64),
  /** A delivered message with no receipt this long is sent again, at most `maxDeliveries` times. */
  receiptTimeoutMs: Positive.default(15_000),
  maxDeliveries: Positive.default(3),
  /** Refused requests within `strikeWindowMs` before a peer is disconnected and backed off. */
  maxStrikes: Positive.default(8),
  strikeWindowMs: Positive.default(60_000),
  backoffMs: Positive.default(30_000),
  maxBackoffMs: Positive.default(15 * 60_000),
});

export type MailboxLimits = z.output<typeof MailboxLimitsSchema>;
export type MailboxLimitsInput = z.input<typeof MailboxLimitsSchema>;
