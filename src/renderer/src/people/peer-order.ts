import type { Peer } from '../../../core/model';

/**
 * Online first; within each group, the most recent conversation first, then
 * everyone without one by name, so the list does not jump around as presence changes.
 */
export function sortPeers(peers: readonly Peer[], lastMessageAt: ReadonlyMap<string, number> = new Map()): Peer[] {
  const recency = (peer: Peer) => lastMessageAt.get(peer.peerId) ?? -Infinity;
  return [...peers].sort(
    (a, b) =>
      Number(b.online) - Number(a.online) ||
      // Compared, not subtracted: two people without a conversation give -Infinity - -Infinity = NaN.
      (recency(a) === recency(b) ? 0 : recency(b) > recency(a) ? 1 : -1) ||
      a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) ||
      a.peerId.localeCompare(b.peerId),
  );
}

/**
 * The sidebar's two lists: people with a conversation, newest first, and
 * everyone else in `peers`' order. Each person is in exactly one.
 */
export function sidebarGroups(
  peers: readonly Peer[],
  last: ReadonlyMap<string, { sentAt: number }>,
): { conversations: Peer[]; others: Peer[] } {
  const conversations = peers
    .filter((peer) => last.has(peer.peerId))
    .sort((a, b) => last.get(b.peerId)!.sentAt - last.get(a.peerId)!.sentAt);
  return { conversations, others: peers.filter((peer) => !last.has(peer.peerId)) };
}
