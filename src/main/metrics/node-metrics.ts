import type { Engine } from '../../core/engine';
import type { SuperPeerPool } from '../relay/super-peers';
import type { SuperPeerService } from '../relay/super-peer-service';
import type { MetricsSource, Sample } from './exposition';

/**
 * The figures a node reports. `superPeer` is read at every scrape: a node
 * can start or stop serving as a super peer while it runs.
 */
export function nodeMetrics(parts: {
  engine: Engine;
  superPeer: { service?: SuperPeerService; pool?: SuperPeerPool };
}): MetricsSource[] {
  const gauge = (name: string, help: string, value: number, labels?: Record<string, string>): Sample => ({
    name,
    help,
    type: 'gauge',
    value,
    labels,
  });
  const counter = (name: string, help: string, value: number, labels?: Record<string, string>): Sample => ({
    name,
    help,
    type: 'counter',
    value,
    labels,
  });
  const sources: MetricsSource[] = [
    () => {
      const peers = parts.engine.listPeers();
      const memory = process.memoryUsage();
      return [
        gauge('lanline_peers_known', 'People this node knows of.', peers.length),
        ...(['direct', 'relayed'] as const).map((route) =>
          gauge('lanline_peers_linked', 'Verified links open now, by route.', peers.filter((p) => p.link === route).length, {
            route,
          }),
        ),
        gauge('lanline_process_resident_memory_bytes', 'Resident set size of this process.', memory.rss),
        gauge('lanline_process_heap_used_bytes', 'V8 heap in use.', memory.heapUsed),
      ];
    },
  ];
  sources.push(() => {
    const relay = parts.superPeer.service;
    if (!relay) return [];
    const s = relay.status();
    const { maxClients, maxCircuits } = relay.load();
    return [
      gauge('lanline_relay_clients', 'Clients authenticated to this super peer’s relay.', s.clients),
      gauge('lanline_relay_pending_auth', 'Relay connections still authenticating.', s.pendingAuth),
      gauge('lanline_relay_circuits', 'Circuits open through the relay.', s.circuits),
      gauge('lanline_relay_max_clients', 'Configured limit on relay clients.', maxClients),
      gauge('lanline_relay_max_circuits', 'Configured limit on relay circuits.', maxCircuits),
      counter('lanline_relay_relayed_bytes_total', 'Payload bytes forwarded by the relay.', s.relayedBytes),
      counter('lanline_relay_relayed_frames_total', 'Data frames forwarded by the relay.', s.relayedFrames),
      counter('lanline_relay_connections_total', 'Relay connections accepted.', s.connectionsAccepted),
      counter('lanline_relay_throttle_pauses_total', 'Times a client was paused for going over its rate.', s.throttledPauses),
      counter('lanline_relay_backed_off_total', 'Clients or addresses backed off for misbehaving.', s.backedOff),
      ...Object.entries(s.refusals).map(([code, n]) =>
        counter('lanline_relay_refusals_total', 'Refusal frames sent, by reason.', n, { code }),
      ),
      ...Object.entries(s.disconnects).map(([code, n]) =>
        counter('lanline_relay_disconnects_total', 'Clients disconnected by the relay, by reason.', n, { code }),
      ),
    ];
  });
  sources.push(() => {
    const service = parts.superPeer.service;
    if (!service) return [];
    const m = service.mailboxStatus();
    return [
      gauge('lanline_mailbox_messages', 'Messages held for recipients who are away.', m.messages),
      gauge('lanline_mailbox_bytes', 'Bytes of the messages held.', m.bytes),
      gauge('lanline_mailbox_receipts', 'Receipts held for authors who are away.', m.receipts),
      gauge('lanline_mailbox_oldest_age_seconds', 'How long the oldest held message has waited.', m.oldestAgeSeconds ?? 0),
      ...m.queues.map((q) =>
        gauge(
          'lanline_mailbox_queue_age_seconds',
          'How long the oldest message of a recipient’s queue has waited.',
          q.oldestAgeSeconds,
          {
            recipient: q.recipient.slice(0, 8),
          },
        ),
      ),
      ...m.queues.map((q) =>
        gauge('lanline_mailbox_queue_messages', 'Messages waiting in a recipient’s queue.', q.messages, {
          recipient: q.recipient.slice(0, 8),
        }),
      ),
      counter('lanline_mailbox_deposits_total', 'Messages deposited.', m.deposits),
      counter('lanline_mailbox_delivered_total', 'Held messages whose recipient’s receipt arrived.', m.delivered),
      counter('lanline_mailbox_expired_total', 'Held messages deleted unfetched at expiry.', m.expired),
      counter(
        'lanline_mailbox_undeliverable_total',
        'Held messages deleted after deliveries that brought no receipt.',
        m.undeliverable,
      ),
      ...Object.entries(m.refusals).map(([code, n]) =>
        counter('lanline_mailbox_refusals_total', 'Mailbox and directory requests refused, by reason.', n, { code }),
      ),
    ];
  });
  sources.push(() => {
    const superPeers = parts.superPeer.pool;
    if (!superPeers) return [];
    const list = superPeers.list();
    return [
      gauge('lanline_super_peers_known', 'Super peers this node knows of.', list.length),
      gauge(
        'lanline_super_peer_connected',
        'Whether this node is reachable through a super peer.',
        list.some((s) => s.primary) ? 1 : 0,
      ),
      ...list
        .filter((s) => s.rttMs !== null)
        .map((s) => gauge('lanline_super_peer_rtt_ms', 'Round trip to a super peer.', s.rttMs!, { peer: s.peerId.slice(0, 8) })),
    ];
  });
  return sources;
}
