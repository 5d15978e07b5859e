import type { PeerId } from '../identity';
import type { StoredMessage } from '../store';
import type { Envelope } from '../wire/frames';
import type { MessagingContext } from './context';
import type { Forwarder } from './forwarding';

/** Resend what a peer has not acknowledged after this long, doubling up to RETRY_MAX_MS. */
export const RETRY_BASE_MS = 2000;
export const RETRY_MAX_MS = 60_000;
/** Messages sent to one peer per round; the rest follow as acks come back. */
const BATCH = 256;

/**
 * The durable outbox: our messages each recipient has not acknowledged
 * (`deliveries` rows). They go out on a link to the recipient, or, when there
 * is none, forwarded through a peer that can reach them. A frame can be lost
 * without the link failing, so while anything is pending a peer's messages
 * are sent again with exponential backoff; the receiver deduplicates by id.
 */
export class Outbox {
  private readonly peers = new Map<PeerId, { attempt: number; inFlight: number; timer?: ReturnType<typeof setTimeout> }>();
  private stopped = false;

  constructor(
    private readonly ctx: MessagingContext,
    private readonly forwarder: Forwarder,
  ) {}

  /** New messages for these peers: send now. */
  kick(peers: Iterable<PeerId>): void {
    for (const peer of peers) this.flush(peer);
  }

  /** A link to the peer opened: everything pending goes out at once. */
  linked(peer: PeerId): void {
    this.peers.set(peer, { attempt: 0, inFlight: 0 });
    this.flush(peer);
  }

  /**
   * The peer acknowledged something: it is there, so the backoff starts over,
   * and once the whole batch is in, the next one goes at once (a long backlog
   * drains at the link's pace, not the retry timer's).
   */
  acked(peer: PeerId): void {
    const state = this.peers.get(peer);
    if (!state) return;
    state.attempt = 0;
    state.inFlight -= 1;
    if (state.inFlight === 0) queueMicrotask(() => this.flush(peer));
  }

  /** Tries everyone with something pending (at start, or when gossip brought new routes). */
  retryAll(): void {
    this.kick(this.ctx.store.deliveries.peersWithPending());
  }

  private flush(peer: PeerId): void {
    if (this.stopped) return;
    const state = this.peers.get(peer) ?? { attempt: 0, inFlight: 0 };
    this.peers.set(peer, state);
    clearTimeout(state.timer);
    const pending = this.ctx.store.deliveries.pendingFor(peer, BATCH).filter((m) => m.envelope !== '');
    if (pending.length === 0) {
      this.peers.delete(peer);
      return;
    }
    const link = this.ctx.readyLink(peer);
    const routes = link ? [] : this.ctx.routesTo(peer);
    if (!link && routes.length === 0) return; // nothing to do until a link or a route appears
    const route = routes[state.attempt % Math.max(1, routes.length)];
    state.inFlight = 0;
    for (const message of pending) {
      const envelope = JSON.parse(message.envelope) as Envelope;
      const sent = link ? link.send({ t: 'msg', message: envelope }) : this.forwarder.send(peer, envelope, route!);
      if (!sent) continue;
      state.inFlight += 1;
      this.markSent(message);
    }
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** state.attempt);
    state.attempt += 1;
    state.timer = setTimeout(() => this.flush(peer), delay);
    (state.timer as { unref?: () => void }).unref?.();
  }

  private markSent(message: StoredMessage): void {
    if (message.state !== 'pending') return;
    this.ctx.store.setMessageState(message.id, 'sent');
    this.ctx.changed({ ...message, state: 'sent' });
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.peers.values()) clearTimeout(state.timer);
    this.peers.clear();
  }
}
