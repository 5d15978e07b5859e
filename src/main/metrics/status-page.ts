import type { Peer } from '../../core/model';
import type { MailboxStatus, RelayStatus, SuperPeerInfo } from '../../core/super-peer-info';

/** Everything the status page shows; /status.json is this object. */
export interface StatusReport {
  name: string;
  peerId: string;
  role: string;
  version: string;
  startedAt: number;
  signallingPort: number;
  superPeer: boolean;
  memory: { residentBytes: number; heapUsedBytes: number };
  peers: Pick<Peer, 'peerId' | 'name' | 'online' | 'link'>[];
  /** This node's own relay, on a super peer. */
  relay: RelayStatus | null;
  /** The super peers this node knows and uses, on a client. */
  superPeers: SuperPeerInfo[];
  /** On a super peer: messages held for recipients who are away, and how long each queue has waited. */
  mailbox: MailboxStatus | null;
}

const escape = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const row = (cells: unknown[], tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${escape(c)}</${tag}>`).join('')}</tr>`;
const table = (head: string[], rows: unknown[][], empty: string) =>
  rows.length === 0
    ? `<p class="empty">${escape(empty)}</p>`
    : `<table>${row(head, 'th')}${rows.map((r) => row(r)).join('')}</table>`;

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** A plain page with no scripts: every value escaped, nothing fetched. */
export function statusPage(r: StatusReport): string {
  const linked = r.peers.filter((p) => p.online);
  const relay = r.relay
    ? [
        `<h2>Relay</h2>`,
        table(
          ['clients', 'authenticating', 'circuits', 'relayed', 'frames', 'throttle pauses', 'backed off'],
          [
            [
              r.relay.clients,
              r.relay.pendingAuth,
              r.relay.circuits,
              bytes(r.relay.relayedBytes),
              r.relay.relayedFrames,
              r.relay.throttledPauses,
              r.relay.backedOff,
            ],
          ],
          '',
        ),
        `<h3>Refusals</h3>`,
        table(['reason', 'count'], Object.entries(r.relay.refusals), 'None so far.'),
        `<h3>Disconnects</h3>`,
        table(['reason', 'count'], Object.entries(r.relay.disconnects), 'None so far.'),
      ].join('\n')
    : '';
  const supers = [
    r.superPeer ? `<h2>Other super peers</h2>` : `<h2>Super peers</h2>`,
    table(
      ['peer', 'address', 'state', 'relay', 'linked', 'mail rank', 'load', 'RTT', 'circuits', 'last error'],
      r.superPeers.map((s) => [
        s.peerId.slice(0, 8),
        s.address ?? '',
        s.state,
        s.primary ? 'in use' : '',
        s.linked ? 'yes' : '',
        s.mailRank,
        s.load ? `${s.load.clients} clients, ${s.load.circuits} circuits` : '',
        s.rttMs != null ? `${s.rttMs} ms` : '',
        s.circuits,
        s.lastError ?? '',
      ]),
      r.superPeer ? 'No other super peer known.' : 'No super peer found. Peers on this subnet still connect directly.',
    ),
  ].join('\n');
  const mailbox = r.mailbox
    ? [
        table(
          ['stored messages', 'bytes', 'receipts held', 'oldest waiting', 'deposited', 'delivered', 'expired', 'undeliverable'],
          [
            [
              r.mailbox.messages,
              bytes(r.mailbox.bytes),
              r.mailbox.receipts,
              r.mailbox.oldestAgeSeconds === null ? '' : `${r.mailbox.oldestAgeSeconds} s`,
              r.mailbox.deposits,
              r.mailbox.delivered,
              r.mailbox.expired,
              r.mailbox.undeliverable,
            ],
          ],
          '',
        ),
        `<h3>Queues (oldest first)</h3>`,
        table(
          ['recipient', 'messages', 'bytes', 'oldest waiting'],
          r.mailbox.queues.map((q) => [q.recipient.slice(0, 8), q.messages, bytes(q.bytes), `${q.oldestAgeSeconds} s`]),
          'Nothing is waiting: every recipient has fetched their mail.',
        ),
        `<h3>Refusals</h3>`,
        table(['reason', 'count'], Object.entries(r.mailbox.refusals), 'None so far.'),
      ].join('\n')
    : '<p class="empty">This node is not a super peer: it holds no mail for others.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lanline ${escape(r.name)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.empty{color:#777}</style></head><body>
<h1>${escape(r.name)} <small>(${escape(r.role)}${r.superPeer ? ', super peer' : ''})</small></h1>
<p>Peer id ${escape(r.peerId)} · Lanline ${escape(r.version)} · signalling port ${escape(r.signallingPort)} ·
running since ${escape(new Date(r.startedAt).toISOString())} · memory ${escape(bytes(r.memory.residentBytes))}
(heap ${escape(bytes(r.memory.heapUsedBytes))})</p>
${relay}
${supers}
<h2>Stored messages</h2>
${mailbox}
<h2>Peers</h2>
${table(
  ['name', 'peer', 'link'],
  linked.map((p) => [p.name, p.peerId.slice(0, 8), p.link ?? '']),
  'Nobody is linked right now.',
)}
<p class="empty">Prometheus metrics: /metrics · this page as JSON: /status.json</p>
</body></html>
`;
}
