import { z } from 'zod';

/**
 * Everything a super peer's relay allows, per client and in total. One typed
 * object with defaults; `lanline node --super` takes a flag for each
 * (README.md), and docs/SUPER-PEERS.md explains them. Going over any of them
 * earns a `refuse` frame that says which.
 */
const Positive = z.number().int().positive();

export const RelayLimitsSchema = z.strictObject({
  /** Authenticated clients at once. */
  maxClients: Positive.default(5000),
  /** Connections (authenticated or not) from one IP address. */
  maxClientsPerAddress: Positive.default(32),
  /** WebSockets that have not authenticated yet, in total. */
  maxPendingAuth: Positive.default(256),
  /** Circuits one client may have open that it opened itself. */
  maxCircuitsPerClient: Positive.default(64),
  /** Circuits others may have open towards one client. */
  maxIncomingCircuitsPerClient: Positive.default(128),
  /** Circuits in total. */
  maxCircuits: Positive.default(20_000),
  /** Sustained relayed bytes per second, per client (token bucket rate). */
  bytesPerSecond: Positive.default(4 * 1024 * 1024),
  /** Bytes a client may send in one burst above the rate. */
  burstBytes: Positive.default(8 * 1024 * 1024),
  /** Relayed bytes per client per hour; past it, its circuits close until the hour is over. */
  bytesPerHour: Positive.default(8 * 1024 * 1024 * 1024),
  /** Refused frames or requests within `strikeWindowMs` before a client is disconnected and backed off. */
  maxStrikes: Positive.default(8),
  strikeWindowMs: Positive.default(60_000),
  /** First back-off after a disconnect for misbehaving; it doubles on each repeat, up to `maxBackoffMs`. */
  backoffMs: Positive.default(30_000),
  maxBackoffMs: Positive.default(15 * 60_000),
  /** A client must authenticate this soon after connecting. */
  authTimeoutMs: Positive.default(5000),
  /** A client silent this long (it pings every few seconds) is dropped. */
  idleTimeoutMs: Positive.default(30_000),
  /** Bytes queued towards one client before the senders feeding it are paused. */
  maxBufferedBytes: Positive.default(1024 * 1024),
});

export type RelayLimits = z.output<typeof RelayLimitsSchema>;
export type RelayLimitsInput = z.input<typeof RelayLimitsSchema>;
