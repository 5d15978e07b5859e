import type { ApiClient } from '../../core/api/rpc';
import { LanlineError } from '../../core/errors';
import { PEER_ID_PATTERN } from '../../core/identity';
import { GROUP_ID_PATTERN } from '../../core/model';

/** `--to`/`--with` name a person, `--group` a group; each accepts an id or an unambiguous name. */
export const conversationFlags = <K extends string>(peerFlag: K) =>
  ({ [peerFlag]: { type: 'string' }, group: { type: 'string' } }) as Record<K | 'group', { type: 'string' }>;

function pick<T>(matches: T[], what: string, who: string, hint: string): T {
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    const nobody = what === 'group' ? `No group called "${who}" is known.` : `Nobody called "${who}" is known.`;
    throw new LanlineError(what === 'group' ? 'unknown-group' : 'unknown-peer', `${nobody} ${hint}`);
  }
  throw new LanlineError('invalid-input', `"${who}" matches ${matches.length} ${what}s; use an id instead.`);
}

/** A peer id, a unique prefix of one, or a display name that matches exactly one person. */
export async function resolvePeer(api: ApiClient, who: string): Promise<string> {
  if (PEER_ID_PATTERN.test(who)) return who;
  const peers = await api.call('peers.list', {});
  const lower = who.toLowerCase();
  const matches = peers.filter((p) => p.name.toLowerCase() === lower || p.peerId.startsWith(lower));
  return pick(matches, 'person', who, 'Run `lanline peers` to see who is around.').peerId;
}

/** A group id, or a group name that matches exactly one group we are in. */
export async function resolveGroup(api: ApiClient, which: string): Promise<string> {
  if (GROUP_ID_PATTERN.test(which)) return which;
  const groups = await api.call('groups.list', {});
  const lower = which.toLowerCase();
  const matches = groups.filter((g) => g.name.toLowerCase() === lower || g.id.startsWith(lower));
  return pick(matches, 'group', which, 'Run `lanline groups` to see yours.').id;
}

export async function resolveConversation(api: ApiClient, target: { peer?: string; group?: string }): Promise<string> {
  if (target.peer && target.group) throw new LanlineError('invalid-input', 'Name a person or a group, not both.');
  return target.group ? resolveGroup(api, target.group) : resolvePeer(api, target.peer!);
}

/** Names for peer ids and group ids, for human-readable output. */
export async function names(api: ApiClient): Promise<Map<string, string>> {
  const [peers, groups] = await Promise.all([api.call('peers.list', {}), api.call('groups.list', {})]);
  return new Map([...peers.map((p) => [p.peerId, p.name] as const), ...groups.map((g) => [g.id, g.name] as const)]);
}
