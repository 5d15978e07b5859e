import { z } from 'zod';
import { PeerIdSchema } from './model';
import { RelayLoadSchema } from './super-peer';

/**
 * What a node tells its UI and CLI about super peers: the ones it knows, which
 * one it is using for what (relay, mail, directory), and, on a super peer,
 * what its own relay and mailbox are doing.
 */
export const SuperPeerInfoSchema = z.object({
  peerId: PeerIdSchema,
  /** The address that last answered. */
  address: z.string().nullable(),
  addresses: z.array(z.string()),
  state: z.enum(['connected', 'standby', 'failing']),
  /** The super peer this node is reachable through. */
  primary: z.boolean(),
  load: RelayLoadSchema.nullable(),
  rttMs: z.number().nullable(),
  /** Circuits this node has open through it. */
  circuits: z.number().int(),
  sources: z.array(z.enum(['mdns', 'gossip', 'config'])),
  lastError: z.string().nullable(),
  /** A verified link to it is open: mail is deposited and fetched, and the directory searched, over it. */
  linked: z.boolean(),
  /** Its place, by XOR distance to us, among the super peers we know: 0 and 1 are where mail for us is held. */
  mailRank: z.number().int().nonnegative(),
  /** How many messages it said it held for us when we last fetched; null before any fetch. */
  mailHeld: z.number().int().nonnegative().nullable(),
});
export type SuperPeerInfo = z.infer<typeof SuperPeerInfoSchema>;
/** What the relay pool alone knows about a super peer (the rest comes from the engine). */
export type RelayCandidateInfo = Omit<SuperPeerInfo, 'linked' | 'mailRank' | 'mailHeld'>;

const Count = z.number().int().nonnegative();

/** A super peer's own relay, for `lanline super-peers` and the status page. */
export const RelayStatusSchema = z.object({
  clients: Count,
  pendingAuth: Count,
  circuits: Count,
  relayedBytes: Count,
  relayedFrames: Count,
  connectionsAccepted: Count,
  throttledPauses: Count,
  backedOff: Count,
  refusals: z.record(z.string(), Count),
  disconnects: z.record(z.string(), Count),
});
export type RelayStatus = z.infer<typeof RelayStatusSchema>;

/** A super peer's own mailbox (store-and-forward), for `lanline super-peers`, metrics and the status page. */
export const MailboxStatusSchema = z.object({
  messages: Count,
  bytes: Count,
  /** Receipts waiting for authors who are away. */
  receipts: Count,
  /** The queues whose oldest message has waited longest, first. */
  queues: z.array(z.object({ recipient: z.string(), messages: Count, bytes: Count, oldestAt: Count, oldestAgeSeconds: Count })),
  oldestAgeSeconds: Count.nullable(),
  deposits: Count,
  delivered: Count,
  expired: Count,
  undeliverable: Count,
  refusals: z.record(z.string(), Count),
});
export type MailboxStatus = z.infer<typeof MailboxStatusSchema>;
