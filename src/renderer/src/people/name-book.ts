import { shortPeerId } from '../../../core/identity';
import type { Group, Peer } from '../../../core/model';
import { displayNameOf } from './peer-appearance';

/** Names people by peer id. */
export type NameOf = (peerId: string) => string;

/**
 * Everyone's name as this window knows it: the people around (their names
 * are live), else the name a group's member list carries (for members we
 * have never met), else the short id, the honest fallback.
 */
export function nameBook(peers: readonly Peer[], groups: Iterable<Group>): NameOf {
  const names = new Map<string, string>();
  for (const group of groups) for (const member of group.members) if (member.name.trim()) names.set(member.peerId, member.name);
  for (const peer of peers) names.set(peer.peerId, displayNameOf(peer));
  return (peerId) => names.get(peerId) ?? shortPeerId(peerId);
}

/**
 * What the name book depends on, as one string: who is called what. Peers are
 * replaced every few seconds (link quality), names almost never; keying the
 * book on this keeps it, and every memoised message row reading it, unchanged.
 */
export function nameBookKey(peers: readonly Peer[], groups: Iterable<Group>): string {
  const parts: string[] = [];
  for (const group of groups) for (const member of group.members) parts.push(`${member.peerId}=${member.name}`);
  for (const peer of peers) parts.push(`${peer.peerId}=${peer.name}`);
  return parts.join('\n');
}
