import { readFileSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { AVATAR_MAX_BYTES } from '../../core/avatar/avatar-image';
import { LanlineError } from '../../core/errors';
import { clientOptions, configFromFlags, hostOptions, parse, parsePort, UsageError } from './args';
import {
  formatConversations,
  formatDiagnosis,
  formatDirectory,
  formatInvite,
  formatMessage,
  formatMessages,
  formatPeers,
  formatProfile,
  formatSearch,
  formatStatus,
  formatSuperPeers,
} from './format';
import { print, withNode, type Command } from './client';
import { fileCommands } from './file-commands';
import { groupCommands } from './group-commands';
import { startHost, stopOnSignals } from './hosts';
import { conversationFlags, names, resolveConversation } from './resolve';

const positiveInteger = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer`);
  return n;
};

/**
 * A picture file for `profile --avatar`, base64. A file over the limit is
 * refused here, before it is read; the node checks the rest (magic bytes,
 * dimensions). Node does not resize images: the app does.
 */
function readAvatar(path: string): string {
  const file = resolvePath(path);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new LanlineError('invalid-input', `Cannot read ${file}.`);
  }
  if (size > AVATAR_MAX_BYTES)
    throw new LanlineError(
      'invalid-input',
      `${file} is ${size} bytes; a profile picture may be at most ${AVATAR_MAX_BYTES} bytes (12 KiB). Choose it in the app (Settings → Profile), which crops and shrinks it to fit, or shrink it to 96×96 first.`,
    );
  return readFileSync(file).toString('base64');
}

export const commands: Record<string, Command> = {
  node: {
    summary: 'run a headless node (always-on machines, scripting)',
    async run(args, out) {
      const { values } = parse(args, hostOptions);
      const host = await startHost(configFromFlags(values), 'node');
      stopOnSignals(host);
      const s = host.backend.status();
      const role = host.backend.config.superPeer ? 'super peer' : 'node';
      out.write(`Lanline ${role} "${s.name}" (${s.peerId}) is listening on port ${s.signallingPort}.\n`);
    },
  },
  serve: {
    summary: 'run Lanline with its UI in your browser',
    async run(args, out) {
      const { values } = parse(args, { ...hostOptions, 'ui-port': { type: 'string' } });
      const host = await startHost(configFromFlags(values), 'serve', parsePort(values['ui-port'], '--ui-port') ?? 0);
      stopOnSignals(host);
      out.write(`Lanline is running. Open ${host.url}\n`);
    },
  },
  status: {
    summary: 'show this node: name, peer id, port',
    async run(args, out) {
      const { values } = parse(args, clientOptions);
      const status = await withNode(values['data-dir'], (api) => api.call('status.get', {}));
      print(out, values.json, status, () => formatStatus(status));
    },
  },
  peers: {
    summary: 'list the people this node knows',
    async run(args, out) {
      const { values } = parse(args, clientOptions);
      const peers = await withNode(values['data-dir'], (api) => api.call('peers.list', {}));
      print(out, values.json, peers, () => formatPeers(peers));
    },
  },
  add: {
    summary: 'connect to a node by address (HOST:PORT) on another network',
    async run(args, out) {
      const { values, positionals } = parse(args, clientOptions);
      const address = positionals[0];
      if (!address) throw new UsageError('usage: lanline add HOST:PORT');
      const peer = await withNode(values['data-dir'], (api) => api.call('peers.add', { address }));
      print(out, values.json, peer, () => `Connected to ${peer.name} (${peer.peerId}).`);
    },
  },
  invite: {
    summary: 'make an invite code (and QR code) for someone on another network',
    async run(args, out) {
      const { values } = parse(args, clientOptions);
      const invite = await withNode(values['data-dir'], (api) => api.call('invites.create', {}));
      print(out, values.json, invite, () => formatInvite(invite));
    },
  },
  join: {
    summary: 'connect to whoever made an invite: lanline join CODE',
    async run(args, out) {
      const { values, positionals } = parse(args, clientOptions);
      const code = positionals.join('');
      if (!code) throw new UsageError('usage: lanline join CODE');
      const peer = await withNode(values['data-dir'], (api) => api.call('invites.join', { code }));
      print(out, values.json, peer, () => `Connected to ${peer.name} (${peer.peerId}).`);
    },
  },
  doctor: {
    summary: 'check the network: mDNS, reachability of this node, and of others',
    async run(args, out) {
      const { values } = parse(args, clientOptions);
      const diagnosis = await withNode(values['data-dir'], (api) => api.call('doctor.run', {}));
      print(out, values.json, diagnosis, () => formatDiagnosis(diagnosis));
    },
  },
  send: {
    summary: 'send a message: lanline send --to PEER | --group GROUP [--reply-to ID] TEXT',
    async run(args, out) {
      const { values, positionals } = parse(args, {
        ...clientOptions,
        ...conversationFlags('to'),
        'reply-to': { type: 'string' },
      });
      const text = positionals.join(' ');
      if ((!values.to && !values.group) || !text)
        throw new UsageError('usage: lanline send --to PEER | --group GROUP [--reply-to MESSAGE_ID] TEXT');
      const message = await withNode(values['data-dir'], async (api) =>
        api.call('messages.send', {
          to: await resolveConversation(api, { peer: values.to, group: values.group }),
          text,
          replyTo: values['reply-to'],
        }),
      );
      print(out, values.json, message, () =>
        message.state === 'pending' ? `Queued ${message.id}; it goes out when they are back.` : `Sent ${message.id}.`,
      );
    },
  },
  edit: {
    summary: 'change the text of one of your messages: lanline edit MESSAGE_ID TEXT',
    async run(args, out) {
      const { values, positionals } = parse(args, clientOptions);
      const [id, ...words] = positionals;
      if (!id || words.length === 0) throw new UsageError('usage: lanline edit MESSAGE_ID TEXT');
      const message = await withNode(values['data-dir'], (api) => api.call('messages.edit', { id, text: words.join(' ') }));
      print(out, values.json, message, () => `Edited ${message.id}.`);
    },
  },
  delete: {
    summary: 'delete one of your messages for everyone: lanline delete MESSAGE_ID',
    async run(args, out) {
      const { values, positionals } = parse(args, clientOptions);
      if (!positionals[0]) throw new UsageError('usage: lanline delete MESSAGE_ID');
      const message = await withNode(values['data-dir'], (api) => api.call('messages.delete', { id: positionals[0]! }));
      print(out, values.json, message, () => `Deleted ${message.id}.`);
    },
  },
  react: {
    summary: 'react to a message: lanline react MESSAGE_ID EMOJI [--off]',
    async run(args, out) {
      const { values, positionals } = parse(args, { ...clientOptions, off: { type: 'boolean' } });
      const [id, emoji] = positionals;
      if (!id || !emoji) throw new UsageError('usage: lanline react MESSAGE_ID EMOJI [--off]');
      const message = await withNode(values['data-dir'], (api) => api.call('messages.react', { id, emoji, on: !values.off }));
      print(out, values.json, message, () => formatMessage(message, new Map()));
    },
  },
  conversations: {
    summary: 'list conversations with their newest message and unread count',
    async run(args, out) {
      const { values } = parse(args, clientOptions);
      const { list, who } = await withNode(values['data-dir'], async (api) => ({
        list: await api.call('conversations.list', {}),
        who: await names(api),
      }));
      print(out, values.json, list, () => formatConversations(list, who));
    },
  },
  search: {
    summary: 'search message history: lanline search WORDS [--with PEER | --group GROUP]',
    async run(args, out) {
      const { values, positionals } = parse(args, { ...clientOptions, ...conversationFlags('with'), limit: { type: 'string' } });
      const query = positionals.join(' ');
      if (!query) throw new UsageError('usage: lanline search WORDS [--with PEER | --group GROUP] [--limit N]');
      const limit = positiveInteger(values.limit, '--limit');
      const { hits, who } = await withNode(values['data-dir'], async (api) => {
        const scope =
          values.with || values.group ? await resolveConversation(api, { peer: values.with, group: values.group }) : undefined;
        return { hits: await api.call('messages.search', { query, with: scope, limit }), who: await names(api) };
      });
      print(out, values.json, hits, () => formatSearch(hits, who));
    },
  },
  'super-peers': {
    summary: 'show the super peers this node uses, or on a super peer what its relay and mailbox are doing',
    async run(args, out) {
      const { values } = parse(args, clientOptions);
      const { list, relay, mailbox } = await withNode(values['data-dir'], async (api) => ({
        list: await api.call('superPeers.list', {}),
        relay: await api.call('relay.status', {}),
        mailbox: await api.call('mailbox.status', {}),
      }));
      print(out, values.json, { superPeers: list, relay, mailbox }, () => formatSuperPeers(list, relay, mailbox));
    },
  },
  directory: {
    summary: 'find people by name, team or interest: lanline directory search WORDS',
    async run(args, out) {
      const { values, positionals } = parse(args, clientOptions);
      const [sub, ...words] = positionals;
      if (sub !== 'search' || words.length === 0)
        throw new UsageError('usage: lanline directory search WORDS   (team:WORD and interest:WORD look in one field)');
      const entries = await withNode(values['data-dir'], (api) => api.call('directory.search', { query: words.join(' ') }));
      print(out, values.json, entries, () => formatDirectory(entries));
    },
  },
  profile: {
    summary: 'show or publish your team, interests and picture: lanline profile [--team T] [--interests a,b] [--avatar PATH]',
    async run(args, out) {
      const { values } = parse(args, {
        ...clientOptions,
        team: { type: 'string' },
        interests: { type: 'string' },
        'no-team': { type: 'boolean' },
        avatar: { type: 'string' },
        'no-avatar': { type: 'boolean' },
      });
      if (values.team !== undefined && values['no-team']) throw new UsageError('use --team or --no-team, not both');
      if (values.avatar !== undefined && values['no-avatar']) throw new UsageError('use --avatar or --no-avatar, not both');
      const avatar = values['no-avatar'] ? null : values.avatar === undefined ? undefined : readAvatar(values.avatar);
      const interests =
        values.interests === undefined
          ? undefined
          : values.interests
              .split(',')
              .map((w) => w.trim())
              .filter((w) => w.length > 0);
      const change = { team: values['no-team'] ? null : values.team, interests };
      const profile = await withNode(values['data-dir'], async (api) => {
        if (avatar !== undefined) await api.call('profile.setAvatar', { data: avatar });
        return change.team === undefined && interests === undefined
          ? api.call('profile.get', {})
          : api.call('profile.set', change);
      });
      print(out, values.json, profile, () => formatProfile(profile));
    },
  },
  messages: {
    summary: 'show one conversation: lanline messages --with PEER | --group GROUP',
    async run(args, out) {
      const { values } = parse(args, { ...clientOptions, ...conversationFlags('with'), limit: { type: 'string' } });
      if (!values.with && !values.group) throw new UsageError('usage: lanline messages --with PEER | --group GROUP [--limit N]');
      const limit = positiveInteger(values.limit, '--limit');
      const { messages, who } = await withNode(values['data-dir'], async (api) => {
        const conversation = await resolveConversation(api, { peer: values.with, group: values.group });
        return { messages: await api.call('messages.list', { with: conversation, limit }), who: await names(api) };
      });
      print(out, values.json, messages, () => formatMessages(messages, who));
    },
  },
  ...groupCommands,
  ...fileCommands,
};
