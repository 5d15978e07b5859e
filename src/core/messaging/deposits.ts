import type { PeerId } from '../identity';
import type { Link } from '../link';
import { chooseHolders, MAIL_REPLICAS } from '../mailbox/placement';
import type { StoredMessage } from '../store';
import type { Envelope, FrameOf, MailRefusalCode } from '../wire/frames';
import type { MessagingContext } from './context';

/** A deposit with no answer this long is sent again (the super peer may have died with it). */
const ANSWER_TIMEOUT_MS = 10_000;
/** A holder that refused for lack of room, or asked us to slow down, is left alone this long unless it says otherwise. */
const REFUSED_PAUSE_MS = 60_000;
/** Refusals that mean "not now" rather than "never this message". */
const PAUSING: ReadonlySet<MailRefusalCode> = new Set([
  'recipient-full',
  'depositor-full',
  'full',
  'throttled',
  'backed-off',
  'misbehaving',
  'not-a-mailbox',
]);
/** Bounds on what is remembered per (message, holder) and per (holder, recipient). */
const MAX_TRACKED = 20_000;

/**
 * Store-and-forward from the author's side (docs/SUPER-PEERS.md). Our
 * messages for someone we cannot reach are deposited with the super peers
 * closest to them by XOR distance, two where two exist. A holder's
 * `deposited` is recorded against the delivery row, which stays pending:
 * only the recipient's signed receipt makes it delivered. Each message is
 * deposited once per holder; if a holder disappears for good (its signed
 * presence lapses), the next one is asked, so two copies are kept while
 * the author is around to see to it.
 */
export class Depositor {
  private readonly asked = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly ctx: MessagingContext,
    private readonly onDeposited: (message: StoredMessage) => void,
  ) {}

  private now(): number {
    return this.ctx.platform.clock.now();
  }

  /** Super peers we know of (their signed presence is live), not the recipient itself. */
  private known(recipient: PeerId): PeerId[] {
    return this.ctx.mailboxes().filter((p) => p !== recipient && p !== this.ctx.identity.peerId);
  }

  /** Whether any super peer could take a deposit for `recipient` now. */
  canDeposit(recipient: PeerId): boolean {
    return this.known(recipient).some((p) => this.ctx.readyLink(p) !== undefined);
  }

  /** Where mail for `recipient` goes now: the closest super peers we can reach. */
  holdersFor(recipient: PeerId): PeerId[] {
    return chooseHolders(recipient, this.known(recipient), (p) => this.ctx.readyLink(p) !== undefined);
  }

  /** Paused for this recipient, or (`*`) for everyone. */
  private paused(holder: PeerId, recipient: PeerId): boolean {
    return [`${holder}|${recipient}`, `${holder}|*`].some((key) => {
      const until = this.pausedUntil.get(key);
      if (until === undefined) return false;
      if (until > this.now()) return true;
      this.pausedUntil.delete(key);
      return false;
    });
  }

  /** How many copies to keep: two where two can be reached. */
  private target(recipient: PeerId): number {
    return Math.min(MAIL_REPLICAS, this.known(recipient).filter((p) => this.ctx.readyLink(p) !== undefined).length);
  }

  /** Our messages for `recipient` that fewer than the target number of live holders confirmed, oldest first. */
  backlog(recipient: PeerId, limit: number): StoredMessage[] {
    const target = this.target(recipient);
    if (target === 0) return [];
    return this.ctx.store.deliveries.pendingToDeposit(recipient, this.known(recipient), target, limit);
  }

  /** Deposits what not enough holders have confirmed yet; returns whether any deposit went out. */
  deposit(recipient: PeerId, messages: StoredMessage[]): boolean {
    const known = this.known(recipient);
    const reachable = (p: PeerId) => this.ctx.readyLink(p) !== undefined;
    const linked = known.filter(reachable);
    if (linked.length === 0 || messages.length === 0) return false;
    const target = this.target(recipient);
    const holders = chooseHolders(recipient, known, (p) => reachable(p) && !this.paused(p, recipient), linked.length);
    const confirmed = this.ctx.store.deliveries.holders(
      messages.map((m) => m.id),
      recipient,
    );
    const now = this.now();
    let sent = false;
    for (const message of messages) {
      // A holder whose presence lapsed (gone for good, or for long) no longer counts.
      const held = new Set((confirmed.get(message.id) ?? []).filter((h) => known.includes(h)));
      let copies = held.size;
      for (const holder of holders) {
        if (copies >= target) break;
        if (held.has(holder)) continue;
        const key = `${message.id}|${holder}`;
        const askedAt = this.asked.get(key);
        if (askedAt !== undefined && now - askedAt < ANSWER_TIMEOUT_MS) {
          copies += 1; // still waiting for its answer
          continue;
        }
        const link = this.ctx.readyLink(holder)!;
        if (!this.send(link, recipient, message)) continue;
        if (this.asked.size >= MAX_TRACKED) this.asked.clear();
        this.asked.set(key, now);
        copies += 1;
        sent = true;
      }
    }
    return sent;
  }

  private send(link: Link, to: PeerId, message: StoredMessage): boolean {
    return link.send({ t: 'deposit', to, message: JSON.parse(message.envelope) as Envelope });
  }

  receiveDeposited(link: Link, frame: FrameOf<'deposited'>): void {
    const holder = link.remote!.peerId;
    this.asked.delete(`${frame.id}|${holder}`);
    const message = this.ctx.store.getMessage(frame.id);
    if (!message?.outgoing) return link.drop('unexpected', 'deposited: not a message of ours');
    if (this.ctx.store.deliveries.addHolder(frame.id, frame.to, holder, this.now())) this.onDeposited(message);
  }

  receiveRefused(link: Link, frame: FrameOf<'mail-refused'>): void {
    const holder = link.remote!.peerId;
    this.ctx.platform.log.info('super peer refused', { superPeer: holder, code: frame.code, reason: frame.reason, id: frame.id });
    if (frame.id) this.asked.delete(`${frame.id}|${holder}`);
    if (!PAUSING.has(frame.code)) return;
    if (this.pausedUntil.size >= MAX_TRACKED) this.pausedUntil.clear();
    const until = this.now() + (frame.retryAfterMs ?? REFUSED_PAUSE_MS);
    // A refusal about the whole mailbox (or about us) pauses every recipient; `to` narrows it to one.
    for (const recipient of frame.to && frame.code === 'recipient-full' ? [frame.to] : ['*'])
      this.pausedUntil.set(`${holder}|${recipient}`, until);
  }
}
