import { shortPeerId } from '../../core/identity';
import type { Message, Peer, Status } from '../../core/model';

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
    `role        ${s.role}`,
    `signalling  port ${s.signallingPort} on ${s.addresses.join(', ') || 'no LAN address'}`,
    `discovery   ${s.mdns ? 'mDNS on' : 'mDNS off'}`,
    `data        ${s.dataDir}`,
    `running     since ${time(s.startedAt)}`,
  ].join('\n');
}

export function formatPeers(peers: Peer[]): string {
  if (peers.length === 0)
    return 'Nobody found yet. Peers on this network appear within seconds; others can be added with `lanline add HOST:PORT`.';
  return table([
    ['NAME', 'STATE', 'ROLE', 'ID', 'ADDRESSES'],
    ...peers.map((p) => [p.name, p.online ? 'online' : 'offline', p.role, shortPeerId(p.peerId), p.addresses.join(' ')]),
  ]);
}

export function formatMessages(messages: Message[], names: Map<string, string>): string {
  if (messages.length === 0) return 'No messages yet.';
  return messages
    .map((m) => {
      const who = m.outgoing ? 'me' : (names.get(m.from) ?? shortPeerId(m.from));
      const state = m.outgoing ? ` [${m.state}]` : '';
      return `${time(m.sentAt)}  ${who}: ${m.text}${state}`;
    })
    .join('\n');
}
