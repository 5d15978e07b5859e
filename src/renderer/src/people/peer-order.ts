import type { Peer } from '../../../core/model';

/** Online first, then by name, so the list does not jump around as presence changes. */
export function sortPeers(peers: readonly Peer[]): Peer[] {
  return [...peers].sort(
    (a, b) =>
      Number(b.online) - Number(a.online) ||
      a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) ||
      a.peerId.localeCompare(b.peerId),
  );
}
