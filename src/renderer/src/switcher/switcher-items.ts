import type { Message, Peer } from '../../../core/model';
import { displayNameOf } from '../people/peer-appearance';
import { sidebarGroups } from '../people/peer-order';

/** What the quick switcher can jump to: a conversation, a person without one yet, or a place in the app. */
export type SwitcherItem =
  | { kind: 'conversation'; id: string; label: string; peer: Peer; detail: string }
  | { kind: 'person'; id: string; label: string; peer: Peer; detail: string }
  | { kind: 'place'; id: 'settings' | 'network' | 'doctor' | 'invite'; label: string; detail: string };

const PLACES: SwitcherItem[] = [
  { kind: 'place', id: 'settings', label: 'Settings', detail: 'Name, theme, notifications, history' },
  { kind: 'place', id: 'network', label: 'Network', detail: 'Who you are connected to and how well' },
  { kind: 'place', id: 'doctor', label: 'Network check', detail: 'Why can’t I see anyone?' },
  { kind: 'place', id: 'invite', label: 'Invite someone', detail: 'A code for a colleague on another network' },
];

/**
 * Everything in the order shown before anything is typed: recent
 * conversations first, then everyone else as the sidebar lists them, then places.
 */
export function switcherItems(peers: readonly Peer[], last: ReadonlyMap<string, Message>): SwitcherItem[] {
  const groups = sidebarGroups(peers, last);
  const conversations = groups.conversations.map((peer): SwitcherItem => ({
    kind: 'conversation',
    id: peer.peerId,
    label: displayNameOf(peer),
    peer,
    detail: peer.online ? 'Conversation · online' : 'Conversation · offline',
  }));
  const people = groups.others.map((peer): SwitcherItem => ({
    kind: 'person',
    id: peer.peerId,
    label: displayNameOf(peer),
    peer,
    detail: peer.online ? 'Person · online' : 'Person · offline',
  }));
  return [...conversations, ...people, ...PLACES];
}
