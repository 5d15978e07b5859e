import { clientOptions, parse, UsageError } from './args';
import { print, withNode, type Command } from './client';
import { formatGroup, formatGroups, formatInvite } from './format';
import { resolveGroup, resolvePeer } from './resolve';

/**
 * `lanline groups` and `lanline group SUBCOMMAND`. GROUP is a group id or an
 * unambiguous group name; PEER as everywhere else.
 */
const usage = [
  'usage: lanline group create NAME [--member PEER]...',
  '       lanline group add GROUP PEER | remove GROUP PEER | leave GROUP | rename GROUP NAME',
  '       lanline group invite GROUP | join CODE | show GROUP',
].join('\n');

export const groupCommands: Record<string, Command> = {
  groups: {
    summary: 'list your groups',
    async run(args, out) {
      const { values } = parse(args, clientOptions);
      const groups = await withNode(values['data-dir'], (api) => api.call('groups.list', {}));
      print(out, values.json, groups, () => formatGroups(groups));
    },
  },
  group: {
    summary: 'make and manage groups: create, add, remove, leave, rename, invite, join, show',
    async run(args, out) {
      const { values, positionals } = parse(args, { ...clientOptions, member: { type: 'string', multiple: true } });
      const [sub, first, ...rest] = positionals;
      const need = (value: string | undefined) => {
        if (!value) throw new UsageError(usage);
        return value;
      };
      const result = await withNode(values['data-dir'], async (api) => {
        switch (sub) {
          case 'create': {
            const members = await Promise.all((values.member ?? []).map((m) => resolvePeer(api, m)));
            return api.call('groups.create', { name: [need(first), ...rest].join(' '), members });
          }
          case 'add':
            return api.call('groups.add', {
              group: await resolveGroup(api, need(first)),
              peer: await resolvePeer(api, need(rest[0])),
            });
          case 'remove':
            return api.call('groups.remove', {
              group: await resolveGroup(api, need(first)),
              peer: await resolvePeer(api, need(rest[0])),
            });
          case 'leave':
            return api.call('groups.leave', { group: await resolveGroup(api, need(first)) });
          case 'rename':
            return api.call('groups.rename', {
              group: await resolveGroup(api, need(first)),
              name: need(rest.join(' ') || undefined),
            });
          case 'join':
            return api.call('groups.join', { code: [need(first), ...rest].join('') });
          case 'show': {
            const id = await resolveGroup(api, need(first));
            return (await api.call('groups.list', {})).find((g) => g.id === id)!;
          }
          case 'invite':
            return { invite: await api.call('groups.invite', { group: await resolveGroup(api, need(first)) }) };
          default:
            throw new UsageError(usage);
        }
      });
      if ('invite' in result) return print(out, values.json, result.invite, () => formatInvite(result.invite, 'group'));
      print(out, values.json, result, () => formatGroup(result));
    },
  },
};
