import { z } from 'zod';
import { PeerIdSchema } from './model';
import { RelayLoadSchema } from './super-peer';

/**
 * What a node tells its UI and CLI about super peers: the ones it knows, which
 * one it is using, and, on a super peer, what its own relay is doing.
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
});
export type SuperPeerInfo = z.infer<typeof SuperPeerInfoSchema>;

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
