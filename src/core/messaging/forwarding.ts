import { b64 } from '../bytes';
import { verifySignature, type PeerId } from '../identity';
import type { Link } from '../link';
import { MAX_HOPS, type Envelope, type FrameOf } from '../wire/frames';
import type { MessagingContext } from './context';
import { verifyEnvelope } from './envelope';
import type { IntakeResult } from './intake';

/** Forwards one link may ask of us per window; more are dropped. */
export const FORWARDS_PER_WINDOW = 200;
/** A super peer forwards for a whole subnet: each of its links may ask ten times as many. */
export const SUPER_PEER_FORWARDS_PER_WINDOW = 2000;
const WINDOW_MS = 10_000;

export interface ForwardingHooks {
  /** A forwarded message for us: store it like any other. */
  accept(envelope: Envelope, carrier: PeerId): IntakeResult;
  /** A recipient confirmed, over the path back, that it stored our message. */
  delivered(messageId: string, by: PeerId): void;
  /**
   * A verified receipt for someone else passed through us; `forwarded` says
   * whether it went on. A super peer's mailbox deletes its copy on it, and
   * keeps the receipt for an author who is away.
   */
  passed?(receipt: { id: string; from: PeerId; to: PeerId; sig: string }, forwarded: boolean): void;
}

/**
 * Multi-hop delivery. When we have no link to a recipient, a peer that has
 * told us about them (gossip) is asked to pass the message on. Each hop
 * appends itself to the path, which bounds the hops (MAX_HOPS) and rules out
 * loops; forwarders check the author's signature but cannot read the body
 * and keep nothing. The recipient answers with a receipt it signs, which
 * travels back along the path, so no hop can fake a delivery.
 */
export class Forwarder {
  private readonly budgets = new WeakMap<Link, { count: number; since: number }>();

  constructor(
    private readonly ctx: MessagingContext,
    private readonly hooks: ForwardingHooks,
  ) {}

  private get self(): PeerId {
    return this.ctx.identity.peerId;
  }

  send(to: PeerId, envelope: Envelope, via: PeerId): boolean {
    return this.ctx.readyLink(via)?.send({ t: 'fwd', to, path: [this.self], message: envelope }) ?? false;
  }

  private withinBudget(link: Link): boolean {
    const now = this.ctx.platform.clock.now();
    const budget = this.budgets.get(link);
    if (!budget || now - budget.since > WINDOW_MS) {
      this.budgets.set(link, { count: 1, since: now });
      return true;
    }
    budget.count += 1;
    return budget.count <= (this.ctx.forwardsPerWindow?.() ?? FORWARDS_PER_WINDOW);
  }

  receiveForward(link: Link, frame: FrameOf<'fwd'>): void {
    const peer = link.remote!.peerId;
    if (frame.path.at(-1) !== peer) return link.drop('unexpected', 'forward whose path does not end with the sender');
    if (frame.path[0] !== frame.message.from) return link.drop('unexpected', 'forward that did not start at the author');
    if (frame.path.includes(this.self)) return link.drop('unexpected', 'forwarding loop');
    if (frame.to === this.self) {
      const result = this.hooks.accept(frame.message, frame.message.from);
      if (!result.ok) return link.drop(result.reason, result.detail);
      const receipt = { id: frame.message.id, from: this.self, to: frame.message.from };
      link.send({
        t: 'receipt',
        ...receipt,
        path: frame.path.slice(0, -1),
        sig: b64.encode(this.ctx.identity.sign('receipt', receipt)),
      });
      return;
    }
    // Only forwarding for others is budgeted: a forward addressed to us costs what a `msg` does (a
    // super peer's mailbox delivers this way, paced by our receipts).
    if (!this.withinBudget(link)) return link.drop('rate-limited', 'too many forwards');
    if (!verifyEnvelope(frame.message)) return link.drop('bad-signature', `forwarded message ${frame.message.id}`);
    if (frame.path.length >= MAX_HOPS) return this.ctx.platform.log.debug('not forwarding: hop limit', { id: frame.message.id });
    const next = this.ctx.readyLink(frame.to)
      ? frame.to
      : this.ctx.routesTo(frame.to).find((route) => route !== peer && !frame.path.includes(route));
    if (!next) return this.ctx.platform.log.debug('not forwarding: no route', { id: frame.message.id, to: frame.to });
    this.ctx.readyLink(next)?.send({ ...frame, path: [...frame.path, this.self] });
  }

  receiveReceipt(link: Link, frame: FrameOf<'receipt'>): void {
    const { id, from, to } = frame;
    if (!verifySignature(from, 'receipt', { id, from, to }, b64.decode(frame.sig)))
      return link.drop('bad-signature', `receipt for ${id}`);
    if (to === this.self) return this.hooks.delivered(id, from);
    const next = frame.path.at(-1);
    const onward = next && this.ctx.readyLink(next);
    const forwarded = onward ? onward.send({ ...frame, path: frame.path.slice(0, -1) }) : false;
    if (!forwarded) this.ctx.platform.log.debug('receipt has nowhere to go', { id });
    this.hooks.passed?.({ id, from, to, sig: frame.sig }, forwarded);
  }
}
