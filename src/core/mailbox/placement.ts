import { publicKeyFromPeerId, type PeerId } from '../identity';

/**
 * Where mail for a recipient lives (docs/SUPER-PEERS.md, "Placement"). Every
 * node ranks the super peers it knows by Kademlia distance to the recipient
 * (the XOR of the two public keys, read as a big-endian number), so a
 * depositor and the recipient agree on the holders without asking anyone.
 * Peer ids are Ed25519 public keys, which are uniformly spread, so mail
 * spreads evenly over the super peers.
 */

/** How many super peers hold each message, where that many exist. */
export const MAIL_REPLICAS = 2;

/** Negative when `a` is closer to `target` than `b`, by XOR distance. */
export function compareDistance(target: PeerId, a: PeerId, b: PeerId): number {
  const t = publicKeyFromPeerId(target);
  const x = publicKeyFromPeerId(a);
  const y = publicKeyFromPeerId(b);
  for (let i = 0; i < t.length; i++) {
    const dx = x[i]! ^ t[i]!;
    const dy = y[i]! ^ t[i]!;
    if (dx !== dy) return dx - dy;
  }
  return 0;
}

/** The super peers by distance to `recipient`, closest first (neither the recipient nor duplicates). */
export function rankHolders(recipient: PeerId, superPeers: Iterable<PeerId>): PeerId[] {
  return [...new Set(superPeers)].filter((p) => p !== recipient).sort((a, b) => compareDistance(recipient, a, b));
}

/**
 * The holders to deposit with: the closest `replicas` of those known that we
 * can reach now, falling back along the ranking past any we cannot.
 */
export function chooseHolders(
  recipient: PeerId,
  known: Iterable<PeerId>,
  reachable: (peer: PeerId) => boolean,
  replicas = MAIL_REPLICAS,
): PeerId[] {
  return rankHolders(recipient, known).filter(reachable).slice(0, replicas);
}
