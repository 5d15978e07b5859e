import type { Group, Message, Peer } from '../../../core/model';
import { displayNameOf } from '../people/peer-appearance';
import { sidebarGroups } from '../people/peer-order';

/** What the quick switcher can jump to: a conversation, a person without one yet, or a place in the app. */
export type SwitcherItem =
  | { kind: 'conversation'; id: string; label: string; peer: Peer; detail: string }
  | { kind: 'person'; id: string; label: string; peer: Peer; detail: string }
  | { kind: 'group'; id: string; label: string; group: Group; detail: string }
  | { kind: 'place'; id: 'settings' | 'network' | 'doctor' | 'invite' | 'new-group'; label: string; detail: string };

const PLACES: SwitcherItem[] = [
  { kind: 'place', id: 'settings', label: 'Settings', detail: 'Name, theme, notifications, history' },
  { kind: 'place', id: 'network', label: 'Network', detail: 'Who you are connected to and how well' },
  { kind: 'place', id: 'doctor', label: 'Network check', detail: 'Why can’t I see anyone?' },
  { kind: 'place', id: 'invite', label: 'Invite someone', detail: 'A code for a colleague on another network' },
  { kind: 'place', id: 'new-group', label: 'New group', detail: 'A conversation for several people' },
];

/**
 * Everything in the order shown before anything is typed: recent
 * conversations first, then groups and everyone else as the sidebar lists
 * them, then places.
 */
export function switcherItems(
  peers: readonly Peer[],
  last: ReadonlyMap<string, Message>,
  groups: readonly Group[] = [],
): SwitcherItem[] {
  const sections = sidebarGroups(peers, last);
  const conversations = sections.conversations.map((peer): SwitcherItem => ({
    kind: 'conversation',
    id: peer.peerId,
    label: displayNameOf(peer),
    peer,
    detail: peer.online ? 'Conversation · online' : 'Conversation · offline',
  }));
  const people = sections.others.map((peer): SwitcherItem => ({
    kind: 'person',
    id: peer.peerId,
    label: displayNameOf(peer),
    peer,
    detail: peer.online ? 'Person · online' : 'Person · offline',
  }));
  const groupItems = groups.map((group): SwitcherItem => ({
    kind: 'group',
    id: group.id,
    label: group.name,
    group,
    detail: group.isMember ? `Group · ${group.members.length} members` : 'Group · you left',
  }));
  return [...conversations, ...groupItems, ...people, ...PLACES];
}
