import { renderUnicodeCompact } from 'uqr';
import { shortPeerId } from '../../core/identity';
import {
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  type ConversationSummary,
  type Diagnosis,
  type Invite,
  type Message,
  type Peer,
  type SearchHit,
  type Status,
} from '../../core/model';
import type { RelayStatus, SuperPeerInfo } from '../../core/super-peer-info';

/** Human-readable output; `--json` bypasses all of this. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const time = (ms: number) => new Date(ms).toLocaleString();

export function formatStatus(s: Status): string {
  return [
    `${s.name}  (${s.peerId})`,
    `role        ${s.role}${s.rolePinned ? ' (pinned)' : ' (measured)'}`,
    `signalling  port ${s.signallingPort} on ${s.addresses.join(', ') || 'no LAN address'}`,
    `discovery   ${s.mdns ? 'mDNS on' : 'mDNS off'}`,
    `data        ${s.dataDir}`,
    `running     since ${time(s.startedAt)}`,
  ].join('\n');
}

export function formatPeers(peers: Peer[]): string {
  if (peers.length === 0)
    return 'Nobody found yet. Peers on this network appear within seconds; others can be added with `lanline add HOST:PORT` or `lanline join CODE`.';
  return table([
    ['NAME', 'STATE', 'LINK', 'ROLE', 'RTT', 'ID', 'ADDRESSES'],
    ...peers.map((p) => [
      p.name,
      p.online ? 'online' : 'offline',
      p.link ?? '',
      p.role,
      p.quality?.rttMs != null ? `${p.quality.rttMs} ms` : '',
      shortPeerId(p.peerId),
      p.addresses.join(' '),
    ]),
  ]);
}

export function formatMessages(messages: Message[], names: Map<string, string>): string {
  if (messages.length === 0) return 'No messages yet.';
  return messages
    .map((m) => {
      const who = m.outgoing ? 'me' : (names.get(m.from) ?? shortPeerId(m.from));
      const state = m.outgoing ? ` [${m.readAt !== null ? 'read' : m.state}]` : '';
      return `${time(m.sentAt)}  ${who}: ${m.text}${state}`;
    })
    .join('\n');
}

export function formatInvite(invite: Invite): string {
  return [
    renderUnicodeCompact(invite.url, { border: 1 }),
    `Invite code: ${invite.code}`,
    `Link:        ${invite.url}`,
    '',
    `The other person runs \`lanline join ${invite.code}\` or pastes the code into Lanline.`,
    `They must be able to reach ${invite.addresses.join(' or ')}.`,
  ].join('\n');
}

const MARK = { ok: '✓', warn: '!', fail: '✗', unknown: '?' } as const;

export function formatDiagnosis(d: Diagnosis): string {
  const lines = d.checks.flatMap((c) => [`${MARK[c.status]} ${c.title}`, `  ${c.detail}`, ...(c.fix ? [`  → ${c.fix}`] : [])]);
  if (d.peers.length > 0) {
    lines.push(
      '',
      table([
        ['PEER', 'STATE', 'RTT', 'LAST ERROR'],
        ...d.peers.map((p) => [p.name, p.state, p.rttMs != null ? `${p.rttMs} ms` : '', p.lastError ?? '']),
      ]),
    );
  }
  return lines.join('\n');
}

export function formatSearch(hits: SearchHit[], names: Map<string, string>): string {
  if (hits.length === 0) return 'Nothing found.';
  const bold = process.stdout.isTTY ? ['\x1b[1m', '\x1b[22m'] : ['', ''];
  return hits
    .map(({ message: m, snippet }) => {
      const who = m.outgoing ? `me → ${names.get(m.to) ?? shortPeerId(m.to)}` : (names.get(m.from) ?? shortPeerId(m.from));
      return `${time(m.sentAt)}  ${who}: ${snippet.replaceAll(HIGHLIGHT_START, bold[0]!).replaceAll(HIGHLIGHT_END, bold[1]!)}`;
    })
    .join('\n');
}

export function formatConversations(list: ConversationSummary[], names: Map<string, string>): string {
  if (list.length === 0) return 'No conversations yet.';
  return table([
    ['WITH', 'UNREAD', 'LAST', 'WHEN'],
    ...list.map((c) => [
      names.get(c.conversation) ?? shortPeerId(c.conversation),
      c.unread ? String(c.unread) : '',
      `${c.lastMessage.outgoing ? 'me: ' : ''}${c.lastMessage.text.replace(/\s+/g, ' ').slice(0, 48)}`,
      time(c.lastMessage.sentAt),
    ]),
  ]);
}

export function formatSuperPeers(list: SuperPeerInfo[], relay: RelayStatus | null): string {
  if (relay) {
    const counts = (record: Record<string, number>) =>
      Object.entries(record)
        .map(([code, n]) => `${code} ${n}`)
        .join(', ') || 'none';
    return [
      'This node is a super peer.',
      `clients     ${relay.clients} (${relay.pendingAuth} authenticating)`,
      `circuits    ${relay.circuits}`,
      `relayed     ${relay.relayedBytes} bytes in ${relay.relayedFrames} frames`,
      `refusals    ${counts(relay.refusals)}`,
      `disconnects ${counts(relay.disconnects)}`,
    ].join('\n');
  }
  if (list.length === 0)
    return 'No super peer found. Peers on this network still connect directly; one started with `lanline node --super` is found by itself.';
  return table([
    ['SUPER PEER', 'STATE', 'IN USE', 'LOAD', 'RTT', 'ADDRESS', 'LAST ERROR'],
    ...list.map((s) => [
      shortPeerId(s.peerId),
      s.state,
      s.primary ? 'yes' : '',
      s.load ? `${s.load.clients}/${s.load.maxClients} clients, ${s.load.circuits} circuits` : '',
      s.rttMs != null ? `${s.rttMs} ms` : '',
      s.address ?? s.addresses.join(' '),
      s.lastError ?? '',
    ]),
  ]);
}
