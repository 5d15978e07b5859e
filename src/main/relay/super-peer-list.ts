import type { Engine } from '../../core/engine';
import { rankHolders } from '../../core/mailbox/placement';
import type { RelayCandidateInfo, SuperPeerInfo } from '../../core/super-peer-info';
import type { SuperPeerPool } from './super-peers';

/**
 * Every super peer this node knows, for the UI and `lanline super-peers`:
 * the relay pool's view (connection, load, RTT) where this node uses relays,
 * joined with what the engine knows (a verified link, where our mail lives,
 * how much each held for us). On a super peer, whose pool is off, this is the
 * overlay of the other super peers.
 */
export function superPeerList(engine: Engine, pool: SuperPeerPool | undefined): SuperPeerInfo[] {
  const self = engine.identity.peerId;
  const pooled = pool?.list() ?? [];
  const records = new Map(engine.liveRecords().map((r) => [r.peerId, r]));
  const known = [...new Set([...engine.superPeers.known(), ...pooled.map((s) => s.peerId)])].filter((p) => p !== self);
  const rank = new Map(rankHolders(self, known).map((peer, i) => [peer, i]));
  return known.map((peerId) => {
    // A link counts only while its signed presence says it serves (it may have stopped).
    const link = engine.superPeers.isSuperPeer(peerId) ? engine.linkTo(peerId) : undefined;
    const record = records.get(peerId);
    const fromPool = pooled.find((s) => s.peerId === peerId);
    const base: RelayCandidateInfo = fromPool ?? {
      peerId,
      address: null,
      addresses: record?.addresses ?? [],
      state: link ? 'connected' : 'standby',
      primary: false,
      load: record?.relay ?? null,
      rttMs: link?.quality.snapshot(Date.now()).rttMs ?? null,
      circuits: 0,
      sources: ['gossip'],
      lastError: null,
    };
    return {
      ...base,
      linked: link !== undefined,
      mailRank: rank.get(peerId)!,
      mailHeld: engine.messaging.mailHeldFor(peerId),
    };
  });
}
