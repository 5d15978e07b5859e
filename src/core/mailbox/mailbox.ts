import { b64 } from '../bytes';
import type { Identity, PeerId } from '../identity';
import { verifySignature } from '../identity';
import type { Link } from '../link';
import { isGroupEnvelope, verifyEnvelope } from '../messaging/envelope';
import { PenaltyBox } from '../penalty-box';
import type { Platform } from '../platform';
import { TokenBucket } from '../token-bucket';
import { MAX_CLOCK_SKEW_MS, type FrameOf, type MailRefusalCode } from '../wire/frames';
import type { MailboxLimits } from './limits';
import type { MailboxStatus } from '../super-peer-info';
import type { HeldReceipt, MailboxStore } from './store';

export interface MailboxInit {
  identity: Identity;
  platform: Platform;
  store: MailboxStore;
  limits: MailboxLimits;
  /** The verified link to a peer, if one is open. */
  linkTo(peer: PeerId): Link | undefined;
  /** Links to other super peers: every holder of a message hears when it was delivered. */
  superPeerLinks(): Link[];
  /** Whether the peer is a super peer (only they may tell us a message was delivered elsewhere). */
  isSuperPeer(peer: PeerId): boolean;
}

/** How often expiry runs and unanswered deliveries are looked at again. */
const SWEEP_MS = 5000;
/** Receipts handed to an author per turn of the event loop. */
const RECEIPT_BATCH = 256;
/** Receipts shared with other holders are gathered this long into one frame. */
const SHARE_DELAY_MS = 200;
const SHARE_MAX = 64;
/** Over-quota refusals count as a strike at most this often: an honest burst costs one. */
const QUOTA_STRIKE_EVERY_MS = 1000;
/** Delivery attempts remembered at most; past this the count starts over (a bound, not a policy). */
const MAX_TRACKED_ATTEMPTS = 100_000;

/**
 * Store-and-forward on a super peer (docs/SUPER-PEERS.md). A client deposits
 * a signed, sealed envelope for a recipient it cannot reach; the mailbox
 * checks the author's signature, the addressing and the quotas, commits it
 * and says `deposited`. When the recipient fetches (proven by its link), each
 * message goes to it as an ordinary `fwd` frame whose path is
 * [author, this super peer], so the recipient's intake and receipt logic run
 * unchanged; the recipient's signed receipt deletes it here and goes on to
 * the author, or waits here for the author. The mailbox never holds a key:
 * bodies stay sealed.
 */
export class Mailbox {
  private readonly fetchers = new Map<PeerId, Link>();
  /** Per recipient: ids sent and awaiting their receipt, with when they were sent. */
  private readonly inFlight = new Map<PeerId, Map<string, number>>();
  private readonly attempts = new Map<string, number>();
  private readonly buckets = new Map<PeerId, TokenBucket>();
  private readonly quotaStrikeAt = new Map<PeerId, number>();
  private readonly penalties: PenaltyBox;
  private share: HeldReceipt[] = [];
  private shareTimer: ReturnType<typeof setTimeout> | undefined;
  private sweepTimer: ReturnType<typeof setInterval> | undefined;
  private readonly stats = { deposits: 0, delivered: 0, expired: 0, undeliverable: 0, refusals: {} as Record<string, number> };

  constructor(private readonly init: MailboxInit) {
    const { limits } = init;
    this.penalties = new PenaltyBox({
      baseMs: limits.backoffMs,
      maxMs: limits.maxBackoffMs,
      now: () => this.now(),
      strikesForPenalty: limits.maxStrikes,
      windowMs: limits.strikeWindowMs,
    });
  }

  private now(): number {
    return this.init.platform.clock.now();
  }

  private get self(): PeerId {
    return this.init.identity.peerId;
  }

  private get log() {
    return this.init.platform.log;
  }

  private get limits(): MailboxLimits {
    return this.init.limits;
  }

  start(): void {
    this.sweep();
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_MS);
    (this.sweepTimer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    clearInterval(this.sweepTimer);
    clearTimeout(this.shareTimer);
    this.flushShared();
    this.fetchers.clear();
    this.inFlight.clear();
  }

  /** False while the peer is backed off for misbehaving: the engine then refuses its links. */
  admits(peer: PeerId): boolean {
    return this.penalties.remainingMs(peer) === 0;
  }

  // ── Refusals, strikes, back-off ─────────────────────────────────────────

  private refuse(
    link: Link,
    code: MailRefusalCode,
    reason: string,
    about: { id?: string; to?: PeerId; ref?: number; retryAfterMs?: number } = {},
  ): void {
    this.stats.refusals[code] = (this.stats.refusals[code] ?? 0) + 1;
    link.send({ t: 'mail-refused', code, reason, ...about });
  }

  /** A refusal that also counts against the peer; enough of them and it is disconnected and backed off. */
  private strike(link: Link, code: MailRefusalCode, reason: string, about: { id?: string; to?: PeerId } = {}): void {
    this.refuse(link, code, reason, about);
    const peer = link.remote!.peerId;
    const ms = this.penalties.strike(peer);
    if (ms === 0) return;
    this.log.warn('backing off a misbehaving peer', { peer, code, ms });
    this.refuse(link, 'misbehaving', `${this.limits.maxStrikes} refused requests; come back in ${Math.ceil(ms / 1000)} s`, {
      retryAfterMs: ms,
    });
    this.unlinked(peer);
    link.close('misbehaving');
  }

  /** While backed off, every request is refused (the link is closed again too). */
  private backedOff(link: Link, about: { id?: string; to?: PeerId; ref?: number }): boolean {
    const ms = this.penalties.remainingMs(link.remote!.peerId);
    if (ms === 0) return false;
    this.refuse(link, 'backed-off', 'disconnected for misbehaving a moment ago', { ...about, retryAfterMs: ms });
    link.close('backed off');
    return true;
  }

  private overQuota(link: Link, code: MailRefusalCode, reason: string, about: { id: string; to: PeerId }): void {
    const peer = link.remote!.peerId;
    const last = this.quotaStrikeAt.get(peer) ?? 0;
    if (this.now() - last < QUOTA_STRIKE_EVERY_MS) return this.refuse(link, code, reason, about);
    this.quotaStrikeAt.set(peer, this.now());
    this.strike(link, code, reason, about);
  }

  private bucket(peer: PeerId): TokenBucket {
    let bucket = this.buckets.get(peer);
    if (!bucket) {
      bucket = new TokenBucket(this.limits.depositsPerSecond, this.limits.depositBurst, () => this.now());
      this.buckets.set(peer, bucket);
    }
    return bucket;
  }

  // ── Deposits ─────────────────────────────────────────────────────────────

  receiveDeposit(link: Link, frame: FrameOf<'deposit'>): void {
    const depositor = link.remote!.peerId;
    const { to, message } = frame;
    const about = { id: message.id, to };
    if (this.backedOff(link, about)) return;
    if (!this.bucket(depositor).tryTake(1))
      return this.refuse(link, 'throttled', `over ${this.limits.depositsPerSecond} deposits/s`, {
        ...about,
        retryAfterMs: Math.max(100, Math.ceil(1000 / this.limits.depositsPerSecond)),
      });
    if (message.from !== depositor) return this.strike(link, 'not-author', 'only a message’s author may deposit it', about);
    if (to === depositor || to === this.self || (!isGroupEnvelope(message) && message.to !== to))
      return this.strike(link, 'bad-address', 'to must be the message’s recipient', about);
    if (message.at > this.now() + MAX_CLOCK_SKEW_MS)
      return this.strike(link, 'clock-skew', 'message from more than 5 minutes in the future', about);
    if (!verifyEnvelope(message)) return this.strike(link, 'bad-signature', 'the author’s signature does not verify', about);

    const { store, limits } = this.init;
    if (store.has(message.id, to)) return void link.send({ t: 'deposited', id: message.id, to });
    // Envelopes are ASCII (ids, base32, base64, numbers), so characters are bytes.
    const envelope = JSON.stringify(message);
    const bytes = envelope.length;
    const recipient = store.usageFor(to);
    if (recipient.messages + 1 > limits.maxMessagesPerRecipient || recipient.bytes + bytes > limits.maxBytesPerRecipient)
      return this.overQuota(
        link,
        'recipient-full',
        `${recipient.messages} messages (${recipient.bytes} bytes) already wait for this recipient`,
        about,
      );
    const by = store.usageBy(depositor);
    if (by.messages + 1 > limits.maxMessagesPerDepositor || by.bytes + bytes > limits.maxBytesPerDepositor)
      return this.overQuota(link, 'depositor-full', `you have ${by.messages} messages (${by.bytes} bytes) held here`, about);
    const total = store.total();
    if (total.messages + 1 > limits.maxMessages || total.bytes + bytes > limits.maxBytes)
      return this.overQuota(link, 'full', 'this mailbox is full', about);

    const now = this.now();
    store.put({
      id: message.id,
      recipient: to,
      author: message.from,
      depositor,
      envelope,
      bytes,
      depositedAt: now,
      expiresAt: now + limits.expiryMs,
    });
    this.stats.deposits += 1;
    // Only now, after the commit, may the depositor count this copy.
    link.send({ t: 'deposited', id: message.id, to });
    this.deliver(to);
  }

  // ── Fetching and delivery ─────────────────────────────────────────────────

  receiveFetch(link: Link, frame: FrameOf<'fetch'>): void {
    const peer = link.remote!.peerId;
    if (this.backedOff(link, {})) return;
    if (frame.for !== peer) return this.strike(link, 'not-yours', 'only the recipient, on its own link, may fetch its mail');
    // A fetch on a new link (a reconnect, or a link that replaced another) starts the window over:
    // what went out on the old one may never have arrived, and its receipts will not come back that way.
    if (this.fetchers.get(peer) !== link) this.inFlight.delete(peer);
    this.fetchers.set(peer, link);
    link.send({ t: 'fetched', held: this.init.store.usageFor(peer).messages });
    this.deliver(peer);
  }

  /** Sends the recipient what fits in its window, oldest first. */
  private deliver(recipient: PeerId): void {
    const link = this.fetchers.get(recipient);
    if (!link) return;
    if (link.state !== 'ready') return this.unlinked(recipient);
    const flight = this.inFlight.get(recipient) ?? new Map<string, number>();
    this.inFlight.set(recipient, flight);
    const room = this.limits.deliveryWindow - flight.size;
    if (room <= 0) return;
    const now = this.now();
    for (const item of this.init.store.queue(recipient, room, new Set(flight.keys()))) {
      const key = `${item.id}|${recipient}`;
      const attempts = (this.attempts.get(key) ?? 0) + 1;
      if (attempts > this.limits.maxDeliveries) {
        // The recipient never confirmed it (its intake refuses it): a message nobody can deliver must not block the queue.
        this.log.warn('mail undeliverable, deleted', { id: item.id, recipient, attempts: attempts - 1 });
        this.stats.undeliverable += 1;
        this.attempts.delete(key);
        this.init.store.remove(item.id, recipient);
        continue;
      }
      if (this.attempts.size >= MAX_TRACKED_ATTEMPTS) this.attempts.clear();
      this.attempts.set(key, attempts);
      const sent = link.send({ t: 'fwd', to: recipient, path: [item.author, this.self], message: JSON.parse(item.envelope) });
      if (!sent) break;
      flight.set(item.id, now);
    }
  }

  /**
   * A recipient's receipt, verified, passing through us on its way to the
   * author (the forwarder calls this). `forwarded` says whether it already
   * went on; if not, and it concerns mail we held, it waits here.
   */
  notePassingReceipt(receipt: HeldReceipt, forwarded: boolean): void {
    if (!this.delivered(receipt)) return;
    this.shareDone(receipt);
    if (forwarded) return;
    const { store, limits } = this.init;
    if (store.receiptCount() >= limits.maxReceipts || store.receiptCountFor(receipt.to) >= limits.maxReceiptsPerAuthor)
      return this.log.info('receipt not held: receipt store full', { id: receipt.id, author: receipt.to });
    store.holdReceipt(receipt, this.now(), this.now() + limits.expiryMs);
  }

  /** Deletes our copy of a delivered message; whether we held it. */
  private delivered(receipt: HeldReceipt): boolean {
    if (!this.init.store.remove(receipt.id, receipt.from)) return false;
    this.stats.delivered += 1;
    this.attempts.delete(`${receipt.id}|${receipt.from}`);
    this.inFlight.get(receipt.from)?.delete(receipt.id);
    this.deliver(receipt.from);
    return true;
  }

  /** The other holders delete their copies too; gathered into one frame. */
  private shareDone(receipt: HeldReceipt): void {
    this.share.push(receipt);
    if (this.share.length >= SHARE_MAX) return this.flushShared();
    this.shareTimer ??= setTimeout(() => this.flushShared(), SHARE_DELAY_MS);
  }

  private flushShared(): void {
    clearTimeout(this.shareTimer);
    this.shareTimer = undefined;
    const receipts = this.share.splice(0);
    if (receipts.length === 0) return;
    for (const link of this.init.superPeerLinks()) link.send({ t: 'mail-done', receipts });
  }

  /** Another super peer delivered messages we may hold as well. */
  receiveMailDone(link: Link, frame: FrameOf<'mail-done'>): void {
    if (!this.init.isSuperPeer(link.remote!.peerId))
      return link.drop('unexpected', 'mail-done from a peer that is not a super peer');
    for (const receipt of frame.receipts) {
      const { id, from, to, sig } = receipt;
      if (!verifySignature(from, 'receipt', { id, from, to }, b64.decode(sig)))
        return link.drop('bad-signature', `receipt for ${id}`);
      this.delivered(receipt);
    }
  }

  // ── Links ─────────────────────────────────────────────────────────────────

  /** A peer linked: hand over the receipts held for it (it is an author whose mail was delivered). */
  linked(link: Link): void {
    const author = link.remote!.peerId;
    const handOver = () => {
      if (link.state !== 'ready') return;
      const receipts = this.init.store.receiptsFor(author, RECEIPT_BATCH);
      for (const r of receipts) {
        if (!link.send({ t: 'receipt', id: r.id, from: r.from, to: r.to, path: [], sig: r.sig })) return;
        this.init.store.dropReceipt(r.id, r.from);
      }
      if (receipts.length === RECEIPT_BATCH) setTimeout(handOver, 0);
    };
    handOver();
  }

  unlinked(peer: PeerId): void {
    this.fetchers.delete(peer);
    this.inFlight.delete(peer);
    this.buckets.delete(peer);
    this.quotaStrikeAt.delete(peer);
  }

  /** Every few seconds: deliveries with no receipt for too long go again; expired mail and receipts go. */
  sweep(): void {
    const now = this.now();
    const expired = this.init.store.expire(now);
    const receipts = this.init.store.expireReceipts(now);
    this.stats.expired += expired;
    if (expired + receipts > 0) this.log.info('mail expired', { messages: expired, receipts });
    for (const [recipient, flight] of this.inFlight) {
      for (const [id, sentAt] of flight) if (now - sentAt > this.limits.receiptTimeoutMs) flight.delete(id);
      this.deliver(recipient);
    }
  }

  status(): MailboxStatus {
    const now = this.now();
    const { store } = this.init;
    const queues = store.queues(20).map((q) => ({ ...q, oldestAgeSeconds: Math.max(0, Math.round((now - q.oldestAt) / 1000)) }));
    const oldest = queues.length ? Math.max(...queues.map((q) => q.oldestAgeSeconds)) : null;
    return {
      ...store.total(),
      receipts: store.receiptCount(),
      queues,
      oldestAgeSeconds: oldest,
      ...this.stats,
      refusals: { ...this.stats.refusals },
    };
  }
}
