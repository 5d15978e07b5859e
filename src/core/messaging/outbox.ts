import type { PeerId } from '../identity';
import type { StoredMessage } from '../store';
import type { Envelope } from '../wire/frames';
import type { MessagingContext } from './context';
import type { Depositor } from './deposits';
import type { Forwarder } from './forwarding';

/** Resend what a peer has not acknowledged after this long, doubling up to RETRY_MAX_MS. */
export const RETRY_BASE_MS = 2000;
export const RETRY_MAX_MS = 60_000;
/** Messages sent to one peer per round; the rest follow as acks come back. */
const BATCH = 256;

/**
 * The durable outbox: our messages each recipient has not acknowledged
 * (`deliveries` rows). They go out on a link to the recipient, or, when there
 * is none, forwarded through a peer that can reach them, or deposited with
 * super peers that hold them until the recipient comes (store-and-forward).
 * A frame can be lost without the link failing, so while anything is pending
 * a peer's messages are sent again with exponential backoff; the receiver
 * deduplicates by id.
 */
export class Outbox {
  private readonly peers = new Map<PeerId, { attempt: number; inFlight: number; timer?: ReturnType<typeof setTimeout> }>();
  private stopped = false;

  constructor(
    private readonly ctx: MessagingContext,
    private readonly forwarder: Forwarder,
    private readonly depositor: Depositor,
  ) {}

  /** Everything pending for these peers: send now. */
  kick(peers: Iterable<PeerId>): void {
    for (const peer of peers) this.flush(peer);
  }

  /**
   * A message just written goes out now. A peer already in a retry cycle gets
   * only this one: resending everything pending on every new message would
   * cost the square of a backlog (a recipient who is away for a hundred).
   */
  send(message: StoredMessage, peers: Iterable<PeerId>): void {
    for (const peer of peers) {
      const state = this.peers.get(peer);
      if (state?.timer === undefined || this.stopped) this.flush(peer);
      else this.transmit(peer, state, [message]);
    }
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
    state.inFlight = 0;
    // Nothing to do until a link, a route or a super peer appears.
    if (!this.transmit(peer, state, pending, () => this.depositor.backlog(peer, BATCH))) return;
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** state.attempt);
    state.attempt += 1;
    state.timer = setTimeout(() => this.flush(peer), delay);
    (state.timer as { unref?: () => void }).unref?.();
  }

  /**
   * Over the link; or, without one, forwarded and deposited with super peers
   * (`toDeposit`, by default the same messages). False when there is no way out yet.
   */
  private transmit(
    peer: PeerId,
    state: { attempt: number; inFlight: number },
    messages: StoredMessage[],
    toDeposit: () => StoredMessage[] = () => messages,
  ): boolean {
    const link = this.ctx.readyLink(peer);
    const routes = link ? [] : this.ctx.routesTo(peer);
    // A route is only a peer that once told us about them, and a forwarder keeps nothing, so
    // without a link super peers are asked to hold the messages as well. Whichever copy arrives
    // first is stored; the recipient deduplicates by id, and its receipt deletes the held ones.
    const deposit = !link && this.depositor.canDeposit(peer);
    if (!link && routes.length === 0 && !deposit) return false;
    if (link || routes.length > 0) {
      const route = routes[state.attempt % Math.max(1, routes.length)];
      for (const message of messages) {
        const envelope = JSON.parse(message.envelope) as Envelope;
        const sent = link ? link.send({ t: 'msg', message: envelope }) : this.forwarder.send(peer, envelope, route!);
        if (!sent) continue;
        state.inFlight += 1;
        this.markSent(message);
      }
    }
    if (deposit) this.depositor.deposit(peer, toDeposit());
    return true;
  }

  /** Sent, forwarded or held by a super peer: it has left this machine. */
  markSent(message: StoredMessage): void {
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
