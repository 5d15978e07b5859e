import type { PeerId } from '../identity';
import { GROUP_MEMBERS_MAX } from '../model';
import type { GroupChange } from './content';

/**
 * A group's state is a fold over its membership changes in display order,
 * (at, id), which every member computes the same way once they hold the same
 * changes. Each change is checked against the state just before it; one that
 * breaks a rule is kept (it was signed and delivered) but has no effect.
 * Concurrent changes are therefore resolved by that order: for example when
 * an admin removes Bob while Bob adds Carol, whichever sorts first decides.
 * The rules (docs/MESSAGING.md):
 *   create  only as the first change; the author becomes the first admin
 *   add     by any member, of someone not yet a member
 *   remove  by an admin, of another member
 *   leave   by any member; when the last admin leaves, the longest-standing member becomes admin
 *   rename  by any member
 *   rekey   by any member, for exactly the current members
 * A change that starts an epoch must name exactly the members after it.
 */
export interface ChangeEntry {
  id: string;
  from: PeerId;
  at: number;
  change: GroupChange;
}

export interface GroupFold {
  name: string;
  /** In the order they joined. */
  members: PeerId[];
  admins: PeerId[];
  createdBy: PeerId;
  createdAt: number;
  /** Ids of the changes that took effect. */
  applied: Set<string>;
  /** The changes that started an epoch and took effect, oldest first, with who got the key. */
  epochs: Array<{ id: string; members: PeerId[] }>;
  /** When each former member left or was removed. */
  departedAt: Map<PeerId, number>;
}

const sameSet = (a: PeerId[], b: PeerId[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;

/** The state after each change in `changes` (sorted by (at, id)), or undefined before a valid start. */
export function foldGroup(changes: ChangeEntry[], self: PeerId): GroupFold | undefined {
  let state: GroupFold | undefined;
  for (const entry of changes) {
    if (!state) {
      state = start(entry, self);
      continue;
    }
    if (apply(state, entry)) {
      state.applied.add(entry.id);
      const { change } = entry;
      if ('members' in change) state.epochs.push({ id: entry.id, members: [...state.members] });
    }
  }
  return state;
}

/** A group starts at its create, or, for someone who joined later, at the change that added them. */
function start({ id, from, at, change }: ChangeEntry, self: PeerId): GroupFold | undefined {
  if (change.op === 'create') {
    const members = [...new Set([from, ...change.members])];
    if (members.length > GROUP_MEMBERS_MAX || !sameSet(members, change.members)) return undefined;
    return fresh(id, { name: change.name, members, admins: [from], createdBy: from, createdAt: at });
  }
  if (change.op === 'add' && change.member === self && change.members.includes(from) && change.members.includes(self))
    return fresh(id, {
      name: change.name,
      members: change.members,
      admins: change.admins.filter((a) => change.members.includes(a)),
      createdBy: change.createdBy,
      createdAt: change.createdAt,
    });
  return undefined;
}

function fresh(id: string, base: Pick<GroupFold, 'name' | 'members' | 'admins' | 'createdBy' | 'createdAt'>): GroupFold {
  return {
    ...base,
    applied: new Set([id]),
    epochs: [{ id, members: [...base.members] }],
    departedAt: new Map(),
  };
}

function apply(state: GroupFold, { from, at, change }: ChangeEntry): boolean {
  const isMember = state.members.includes(from);
  if (!isMember) return false;
  switch (change.op) {
    case 'create':
      return false;
    case 'add': {
      if (state.members.includes(change.member) || state.members.length >= GROUP_MEMBERS_MAX) return false;
      if (!sameSet([...state.members, change.member], change.members)) return false;
      state.members.push(change.member);
      state.departedAt.delete(change.member);
      return true;
    }
    case 'remove': {
      if (!state.admins.includes(from) || change.member === from || !state.members.includes(change.member)) return false;
      if (
        !sameSet(
          state.members.filter((m) => m !== change.member),
          change.members,
        )
      )
        return false;
      depart(state, change.member, at);
      return true;
    }
    case 'leave':
      depart(state, from, at);
      return true;
    case 'rename':
      state.name = change.name;
      return true;
    case 'rekey':
      return sameSet(state.members, change.members);
  }
}

function depart(state: GroupFold, member: PeerId, at: number): void {
  state.members = state.members.filter((m) => m !== member);
  state.admins = state.admins.filter((a) => a !== member);
  if (state.admins.length === 0 && state.members.length > 0) state.admins = [state.members[0]!];
  state.departedAt.set(member, at);
}

/** Whether `author` could write in the group at `at`: a member now, or before they left. */
export function mayWrite(state: GroupFold, author: PeerId, at: number): boolean {
  if (state.members.includes(author)) return true;
  const departed = state.departedAt.get(author);
  return departed !== undefined && at < departed;
}
