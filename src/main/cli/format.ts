import { renderUnicodeCompact } from 'uqr';
import { shortPeerId } from '../../core/identity';
import {
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  type ConversationSummary,
  type Diagnosis,
  type DirectoryEntry,
  type Group,
  type GroupEvent,
  type Invite,
  type Message,
  type Peer,
  type ProfileView,
  type SearchHit,
  type Status,
} from '../../core/model';
import type { MailboxStatus, RelayStatus, SuperPeerInfo } from '../../core/super-peer-info';
import { describeAttachment } from './file-format';
import { table } from './table';

/** Human-readable output; `--json` bypasses all of this. */

const time = (ms: number) => new Date(ms).toLocaleString();

export function formatStatus(s: Status): string {
  return [
    `${s.name}  (${s.peerId})`,
    `role        ${s.role}${s.rolePinned ? ' (pinned)' : ' (measured)'}${s.servingAsSuperPeer ? '; serving as a super peer (relay, mailbox, directory)' : ''}`,
    `signalling  port ${s.signallingPort} on ${s.addresses.join(', ') || 'no LAN address'}`,
    `discovery   ${s.mdns ? 'mDNS on' : 'mDNS off'}`,
    `data        ${s.dataDir}`,
    `downloads   ${s.downloadsDir}`,
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

const nameOf = (names: Map<string, string>, peerId: string) => names.get(peerId) ?? shortPeerId(peerId);

/** "Ada added Bob", as the conversation shows a membership change. */
export function describeEvent(event: GroupEvent, actor: string, names: Map<string, string>): string {
  const member = event.member ? nameOf(names, event.member) : '';
  const line = {
    create: `${actor} created the group "${event.name ?? ''}"`,
    add: `${actor} added ${member}`,
    remove: `${actor} removed ${member}`,
    leave: `${actor} left`,
    rename: `${actor} renamed the group to "${event.name ?? ''}"`,
    rekey: `${actor} renewed the group's key`,
  }[event.op];
  return event.applied ? line : `${line} (not applied: against the group's rules)`;
}

function delivery(m: Message): string {
  if (!m.outgoing) return '';
  if (m.receipts)
    return ` [${m.receipts.read ? `read by ${m.receipts.read}, ` : ''}delivered to ${m.receipts.delivered} of ${m.receipts.of}]`;
  return ` [${m.readAt !== null ? 'read' : m.state}]`;
}

export function formatMessage(m: Message, names: Map<string, string>): string {
  const who = m.outgoing ? 'me' : nameOf(names, m.from);
  if (m.event) return `${time(m.sentAt)}  — ${describeEvent(m.event, who, names)}`;
  const caption = `${m.text}${m.editedAt !== null ? ' (edited)' : ''}`;
  const text = m.deleted ? '(deleted)' : m.file ? `${describeAttachment(m.file)}${m.text ? ` ${caption}` : ''}` : caption;
  const reactions = m.reactions.length
    ? `  ${m.reactions.map((r) => `${r.emoji}${r.by.length > 1 ? r.by.length : ''}`).join(' ')}`
    : '';
  return `${time(m.sentAt)}  ${who}: ${text}${delivery(m)}${reactions}`;
}

export function formatMessages(messages: Message[], names: Map<string, string>): string {
  if (messages.length === 0) return 'No messages yet.';
  return messages.map((m) => formatMessage(m, names)).join('\n');
}

export function formatGroup(g: Group): string {
  const members = g.members.map((m) => `${m.name}${m.admin ? ' (admin)' : ''}`).join(', ');
  return [`${g.name}  (${g.id})${g.isMember ? '' : '  — you are no longer a member'}`, `members  ${members}`].join('\n');
}

export function formatGroups(groups: Group[]): string {
  if (groups.length === 0) return 'No groups yet. Start one with `lanline group create NAME --member PEER`.';
  return table([
    ['NAME', 'MEMBERS', 'ID', 'YOU'],
    ...groups.map((g) => [g.name, String(g.members.length), g.id, g.isMember ? (g.isAdmin ? 'admin' : 'member') : 'left']),
  ]);
}

export function formatInvite(invite: Invite, kind: 'person' | 'group' = 'person'): string {
  const join = kind === 'group' ? 'lanline group join' : 'lanline join';
  return [
    renderUnicodeCompact(invite.url, { border: 1 }),
    `Invite code: ${invite.code}`,
    `Link:        ${invite.url}`,
    '',
    `The other person runs \`${join} ${invite.code}\` or pastes the code into Lanline.`,
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
      const who = m.outgoing ? `me → ${nameOf(names, m.to)}` : nameOf(names, m.from);
      return `${time(m.sentAt)}  ${who}: ${snippet.replaceAll(HIGHLIGHT_START, bold[0]!).replaceAll(HIGHLIGHT_END, bold[1]!)}`;
    })
    .join('\n');
}

export function formatConversations(list: ConversationSummary[], names: Map<string, string>): string {
  if (list.length === 0) return 'No conversations yet.';
  return table([
    ['WITH', 'UNREAD', 'LAST', 'WHEN'],
    ...list.map((c) => [
      c.title ?? nameOf(names, c.conversation),
      `${c.unread || ''}${c.waiting ? ` (${c.waiting} waiting)` : ''}`,
      formatMessage(c.lastMessage, names).split('  ').slice(1).join('  ').replace(/\s+/g, ' ').slice(0, 48),
      time(c.lastMessage.sentAt),
    ]),
  ]);
}

function superPeerTable(list: SuperPeerInfo[]): string {
  return table([
    ['SUPER PEER', 'STATE', 'RELAY', 'LINKED', 'MAIL', 'LOAD', 'RTT', 'ADDRESS', 'LAST ERROR'],
    ...list.map((s) => [
      shortPeerId(s.peerId),
      s.state,
      s.primary ? 'in use' : '',
      s.linked ? 'yes' : '',
      `${s.mailRank < 2 ? 'holds yours' : ''}${s.mailHeld ? ` (${s.mailHeld} waiting)` : ''}`,
      s.load ? `${s.load.clients}/${s.load.maxClients} clients, ${s.load.circuits} circuits` : '',
      s.rttMs != null ? `${s.rttMs} ms` : '',
      s.address ?? s.addresses.join(' '),
      s.lastError ?? '',
    ]),
  ]);
}

export function formatSuperPeers(list: SuperPeerInfo[], relay: RelayStatus | null, mailbox: MailboxStatus | null): string {
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
      ...(mailbox
        ? [
            `mailbox     ${mailbox.messages} messages (${mailbox.bytes} bytes) for ${mailbox.queues.length} recipients, ${mailbox.receipts} receipts held`,
            `            oldest waiting ${mailbox.oldestAgeSeconds ?? 0} s; deposited ${mailbox.deposits}, delivered ${mailbox.delivered}, expired ${mailbox.expired}`,
            `            refused ${counts(mailbox.refusals)}`,
          ]
        : []),
      '',
      list.length === 0 ? 'No other super peer known.' : `Other super peers:\n${superPeerTable(list)}`,
    ].join('\n');
  }
  if (list.length === 0)
    return 'No super peer found. Peers on this network still connect directly; one started with `lanline node --super` is found by itself.';
  return superPeerTable(list);
}

/** `lanline directory search`. */
export function formatDirectory(entries: DirectoryEntry[]): string {
  if (entries.length === 0) return 'Nobody found. Try fewer words, or `team:` / `interest:` before a word.';
  return table([
    ['NAME', 'PEER', 'TEAM', 'INTERESTS', 'ONLINE', 'FOUND'],
    ...entries.map((e) => [
      e.name,
      shortPeerId(e.peerId),
      e.team ?? '',
      e.interests.join(', '),
      e.online ? 'online' : '',
      e.source === 'local' ? 'known' : 'directory',
    ]),
  ]);
}

export function formatProfile(p: ProfileView): string {
  return [
    `name        ${p.name}`,
    `team        ${p.team ?? '(none)'}`,
    `interests   ${p.interests.join(', ') || '(none)'}`,
    `avatar      ${p.avatar ?? '(none)'}`,
  ].join('\n');
}
