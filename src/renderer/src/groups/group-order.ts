import type { Group } from '../../../core/model';

/**
 * The sidebar's order of groups: the ones we are in first, each part by its
 * newest message (or, before any, when it was made), newest first.
 */
export function sortGroups(groups: Iterable<Group>, lastMessageAt: ReadonlyMap<string, number>): Group[] {
  const recency = (group: Group) => lastMessageAt.get(group.id) ?? group.createdAt;
  return [...groups].sort(
    (a, b) =>
      Number(b.isMember) - Number(a.isMember) ||
      recency(b) - recency(a) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
}
