import { PEER_ID_PATTERN } from '../../core/identity';
import { LanlineError } from '../../core/errors';
import type { ApiClient } from '../../core/api/rpc';
import { clientOptions, configFromFlags, hostOptions, parse, parsePort, UsageError } from './args';
import { connectControl } from '../control/client';
import { defaultDataDir } from '../config';
import {
  formatConversations,
  formatDiagnosis,
  formatInvite,
  formatMessages,
  formatPeers,
  formatSearch,
  formatStatus,
  formatSuperPeers,
} from './format';
import { startHost, stopOnSignals } from './hosts';

export type Output = { write(text: string): void };

/** `--to` and `--with` take a peer id or a display name, as long as the name is unambiguous. */
async function resolvePeer(api: ApiClient, who: string): Promise<string> {
  if (PEER_ID_PATTERN.test(who)) return who;
  const peers = await api.call('peers.list', {});
  const matches = peers.filter((p) => p.name.toLowerCase() === who.toLowerCase() || p.peerId.startsWith(who.toLowerCase()));
  if (matches.length === 1) return matches[0]!.peerId;
  if (matches.length === 0)
    throw new LanlineError('unknown-peer', `Nobody called "${who}" is known. Run \`lanline peers\` to see who is around.`);
  throw new LanlineError('unknown-peer', `"${who}" matches ${matches.length} people; use a peer id instead.`);
}

async function withNode<T>(dataDir: string | undefined, run: (api: ApiClient) => Promise<T>): Promise<T> {
  const connection = await connectControl(dataDir ?? defaultDataDir());
  try {
    return await run(connection.api);
  } finally {
    connection.close();
  }
}

const print = (out: Output, json: boolean | undefined, value: unknown, human: () => string) =>
  out.write(`${json ? JSON.stringify(value, null, 2) : human()}\n`);

export const commands: Record<string, { summary: string; run(args: string[], out: Output): Promise<void> }> = {
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
    summary: 'send a message: lanline send --to PEER [--reply-to ID] TEXT',
    async run(args, out) {
      const { values, positionals } = parse(args, { ...clientOptions, to: { type: 'string' }, 'reply-to': { type: 'string' } });
      const text = positionals.join(' ');
      if (!values.to || !text) throw new UsageError('usage: lanline send --to PEER [--reply-to MESSAGE_ID] TEXT');
      const message = await withNode(values['data-dir'], async (api) =>
        api.call('messages.send', { to: await resolvePeer(api, values.to!), text, replyTo: values['reply-to'] }),
      );
      print(out, values.json, message, () =>
        message.state === 'pending' ? `Queued ${message.id}; it goes out when they are back.` : `Sent ${message.id}.`,
      );
    },
  },
  conversations: {
    summary: 'list conversations with their newest message and unread count',
    async run(args, out) {
      const { values } = parse(args, clientOptions);
      const { list, names } = await withNode(values['data-dir'], async (api) => {
        const peers = await api.call('peers.list', {});
        return { list: await api.call('conversations.list', {}), names: new Map(peers.map((p) => [p.peerId, p.name])) };
      });
      print(out, values.json, list, () => formatConversations(list, names));
    },
  },
  search: {
    summary: 'search message history: lanline search WORDS [--with PEER]',
    async run(args, out) {
      const { values, positionals } = parse(args, { ...clientOptions, with: { type: 'string' }, limit: { type: 'string' } });
      const query = positionals.join(' ');
      if (!query) throw new UsageError('usage: lanline search WORDS [--with PEER] [--limit N]');
      const limit = values.limit === undefined ? undefined : Number(values.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
        throw new UsageError('--limit must be a positive integer');
      const { hits, names } = await withNode(values['data-dir'], async (api) => {
        const peers = await api.call('peers.list', {});
        const peerId = values.with ? await resolvePeer(api, values.with) : undefined;
        return {
          hits: await api.call('messages.search', { query, with: peerId, limit }),
          names: new Map(peers.map((p) => [p.peerId, p.name])),
        };
      });
      print(out, values.json, hits, () => formatSearch(hits, names));
    },
  },
  'super-peers': {
    summary: 'show the super peers this node uses, or on a super peer what its relay is doing',
    async run(args, out) {
      const { values } = parse(args, clientOptions);
      const { list, relay } = await withNode(values['data-dir'], async (api) => ({
        list: await api.call('superPeers.list', {}),
        relay: await api.call('relay.status', {}),
      }));
      print(out, values.json, { superPeers: list, relay }, () => formatSuperPeers(list, relay));
    },
  },
  messages: {
    summary: 'show one conversation: lanline messages --with PEER',
    async run(args, out) {
      const { values } = parse(args, { ...clientOptions, with: { type: 'string' }, limit: { type: 'string' } });
      if (!values.with) throw new UsageError('usage: lanline messages --with PEER [--limit N]');
      const limit = values.limit === undefined ? undefined : Number(values.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
        throw new UsageError('--limit must be a positive integer');
      const { messages, names } = await withNode(values['data-dir'], async (api) => {
        const peerId = await resolvePeer(api, values.with!);
        const peers = await api.call('peers.list', {});
        return {
          messages: await api.call('messages.list', { with: peerId, limit }),
          names: new Map(peers.map((p) => [p.peerId, p.name])),
        };
      });
      print(out, values.json, messages, () => formatMessages(messages, names));
    },
  },
};
