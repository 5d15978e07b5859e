import { z } from 'zod';
import type { PeerId } from './identity';

/**
 * What a super peer says about its relay, in its signed presence record and
 * on its signalling port's `/lanline` answer, and how a client picks one
 * (docs/SUPER-PEERS.md): least loaded first, then lowest round trip.
 */
const Count = z.number().int().nonnegative().max(10_000_000);

export const RelayLoadSchema = z.strictObject({
  clients: Count,
  circuits: Count,
  maxClients: Count,
  maxCircuits: Count,
});
export type RelayLoad = z.infer<typeof RelayLoadSchema>;

/** How full a relay is, 0–100: the fuller of its client and circuit capacity. */
export function loadPercent(load: RelayLoad): number {
  const share = (used: number, max: number) => (max > 0 ? used / max : 1);
  return Math.min(100, Math.round(100 * Math.max(share(load.clients, load.maxClients), share(load.circuits, load.maxCircuits))));
}

/**
 * Loads within one band count as equal, so a few clients more or less never
 * outweigh a faster path; a super peer whose load is unknown ranks after
 * every measured one.
 */
export const LOAD_BAND_PERCENT = 10;

export interface SuperPeerCandidate {
  peerId: PeerId;
  load: RelayLoad | null;
  rttMs: number | null;
}

function band(load: RelayLoad | null): number {
  return load ? Math.floor(loadPercent(load) / LOAD_BAND_PERCENT) : Number.POSITIVE_INFINITY;
}

/** Best first: lowest load band, then lowest RTT (unknown last), then peer id so that ties break the same way everywhere. */
export function rankSuperPeers<T extends SuperPeerCandidate>(candidates: T[]): T[] {
  return [...candidates].sort(
    (a, b) =>
      band(a.load) - band(b.load) ||
      (a.rttMs ?? Number.POSITIVE_INFINITY) - (b.rttMs ?? Number.POSITIVE_INFINITY) ||
      (a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0),
  );
}
