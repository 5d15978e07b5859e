import { shortPeerId } from '../../../core/identity';

/** Up to two letters from the first and last word; code points, so emoji and accents stay whole. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = Array.from(words[0] ?? '')[0] ?? '';
  const last = words.length > 1 ? (Array.from(words[words.length - 1] ?? '')[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}

/**
 * A hue that stays the same for a person on every machine, because it comes
 * from the peer id rather than from the name they may change.
 */
export function hueOf(peerId: string): number {
  let hash = 0;
  for (let i = 0; i < peerId.length; i++) hash = (hash * 31 + peerId.charCodeAt(i)) >>> 0;
  return hash % 360;
}

/** A peer may not have told us a name yet; the short id is the honest fallback. */
export function displayNameOf(peer: { name: string; peerId: string }): string {
  return peer.name.trim() || shortPeerId(peer.peerId);
}

/** The name of someone known only by id, e.g. the other party of a stored message. */
export function nameOfPeerId(peerId: string, peers: readonly { name: string; peerId: string }[]): string {
  const peer = peers.find((candidate) => candidate.peerId === peerId);
  return peer ? displayNameOf(peer) : shortPeerId(peerId);
}
