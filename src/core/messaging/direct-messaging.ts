import { LanlineError } from '../errors';
import { HybridClock } from '../hybrid-clock';
import { Emitter } from '../events';
import type { Identity, PeerId } from '../identity';
import type { Link } from '../link';
import { MESSAGE_TEXT_MAX, type ConversationSummary, type Message, type SearchHit, type Typing } from '../model';
import type { Platform } from '../platform';
import type { EngineStore } from '../store';
import { MAX_CLOCK_SKEW_MS, type FrameOf } from '../wire/frames';
import {
  conversationOf,
  directMessageKey,
  newMessageId,
  openMessage,
  sealMessage,
  toPublic,
  toWire,
  verifyMessage,
  type MessageContent,
  type StoredMessage,
} from './message';

/** Resend an unacknowledged message after this long, doubling up to RETRY_MAX_MS. */
export const RETRY_BASE_MS = 2000;
export const RETRY_MAX_MS = 60_000;

/** A typing peer re-announces this often; a receiver lets "typing" lapse after about twice this. */
export const TYPING_REFRESH_MS = 3000;

export interface DirectMessagingInit {
  identity: Identity;
  platform: Platform;
  store: EngineStore;
  /** The verified link to a peer, if one is open. */
  linkTo(peerId: PeerId): Link | undefined;
  /** Whether the peer is known at all; we refuse to queue for strangers. */
  knows(peerId: PeerId): boolean;
}

/**
 * One-to-one messaging over verified links: sealed, signed messages kept in
 * the store until acknowledged, read receipts and typing. The engine routes
 * frames here and calls `linked` when a link to a peer opens.
 */
export class DirectMessaging {
  /** Fires when a message is stored or its delivery or read state changes. */
  readonly onDidChangeMessage = new Emitter<Message>();
  /** A peer started or stopped typing to us. Ephemeral; the UI lets it lapse. */
  readonly onDidChangeTyping = new Emitter<Typing>();
  private readonly directKeys = new Map<PeerId, Uint8Array>();
  private readonly pendingReads = new Map<PeerId, { sentAt: number; id: string }>();
  private readonly typingSent = new Map<PeerId, { active: boolean; at: number }>();
  private readonly retries = new Map<string, ReturnType<typeof setTimeout>>();

  /** Stamps our messages after everything we have sent or seen, so replies sort after what they answer. */
  private readonly clock: HybridClock;

  constructor(private readonly init: DirectMessagingInit) {
    this.clock = new HybridClock(init.platform.clock, init.store.newestSentAt());
  }

  private get identity(): Identity {
    return this.init.identity;
  }

  private get platform(): Platform {
    return this.init.platform;
  }

  private get store(): EngineStore {
    return this.init.store;
  }

  private get log() {
    return this.init.platform.log;
  }

  private linkTo(peerId: PeerId): Link | undefined {
    const link = this.init.linkTo(peerId);
    return link?.state === 'ready' ? link : undefined;
  }

  private knows(peerId: PeerId): boolean {
    return this.init.knows(peerId);
  }

  receiveTyping(link: Link, frame: FrameOf<'typing'>): void {
    this.onDidChangeTyping.fire({ peerId: link.remote!.peerId, active: frame.active });
  }

  /**
   * Stores a signed message, then sends it if a link is open. A message to a
   * known peer who is away waits in the store and goes out on the next link.
   */
  send(to: PeerId, text: string, replyTo?: string): Message {
    if (to === this.identity.peerId) throw new LanlineError('invalid-input', 'You cannot send a message to yourself.');
    if (!this.knows(to)) throw new LanlineError('unknown-peer', `No peer ${to} is known to this node.`);
    if (text.trim().length === 0) throw new LanlineError('invalid-input', 'The message is empty.');
    if (text.length > MESSAGE_TEXT_MAX)
      throw new LanlineError('message-too-long', `A message has at most ${MESSAGE_TEXT_MAX} characters.`);
    if (replyTo !== undefined && this.store.getMessage(replyTo)?.conversation !== to)
      throw new LanlineError('invalid-input', 'You can only reply to a message in the same conversation.');
    const now = this.platform.clock.now();
    const fields = { id: newMessageId(this.platform.randomBytes), to, sentAt: this.clock.now() };
    let wire;
    try {
      wire = sealMessage(this.identity, this.keyFor(to), { ...fields, content: { text, replyTo } }, this.platform.randomBytes);
    } catch (error) {
      if (error instanceof RangeError) throw new LanlineError('message-too-long', 'The message is too long to send.');
      throw error;
    }
    const stored: StoredMessage = {
      ...fields,
      text,
      replyTo: replyTo ?? null,
      from: wire.from,
      sig: wire.sig,
      envelope: JSON.stringify(wire),
      readAt: null,
      conversation: to,
      storedAt: now,
      state: 'pending',
      outgoing: true,
    };
    this.store.insertMessage(stored);
    this.onDidChangeMessage.fire(toPublic(stored));
    this.transmit(stored);
    return toPublic(this.store.getMessage(stored.id) ?? stored);
  }

  listMessages(conversation: string, page?: Parameters<EngineStore['listMessages']>[1]): Message[] {
    return this.store.listMessages(conversation, page).map(toPublic);
  }

  /** Every conversation with its newest message and unread count, most recent first. */
  conversations(): ConversationSummary[] {
    return this.store.conversations().map((c) => ({ ...c, lastMessage: toPublic(c.lastMessage) }));
  }

  /**
   * Marks a conversation read here and tells the author. A receipt for a
   * peer who is away waits in memory for the next link (it is a courtesy,
   * not a message: a restart forgets it).
   */
  markRead(conversation: PeerId): void {
    const newest = this.store.markIncomingRead(conversation, this.platform.clock.now());
    if (!newest) return;
    this.pendingReads.set(conversation, { sentAt: newest.sentAt, id: newest.id });
    this.flushRead(conversation);
  }

  /** Tells a peer we are typing to them; repeated calls within a few seconds send nothing new. */
  setTyping(to: PeerId, active: boolean): void {
    const link = this.linkTo(to);
    if (!link || link.state !== 'ready') return;
    const now = this.platform.clock.now();
    const last = this.typingSent.get(to);
    if (last && last.active === active && (!active || now - last.at < TYPING_REFRESH_MS)) return;
    this.typingSent.set(to, { active, at: now });
    link.send({ t: 'typing', active });
  }

  private flushRead(peerId: PeerId): void {
    const upTo = this.pendingReads.get(peerId);
    const link = this.linkTo(peerId);
    if (upTo && link?.state === 'ready' && link.send({ t: 'read', upTo })) this.pendingReads.delete(peerId);
  }

  receiveRead(link: Link, frame: FrameOf<'read'>): void {
    const peerId = link.remote!.peerId;
    for (const message of this.store.markOutgoingRead(peerId, frame.upTo, this.platform.clock.now()))
      this.onDidChangeMessage.fire(toPublic(message));
  }

  searchMessages(query: string, options: { conversation?: string; limit?: number } = {}): SearchHit[] {
    return this.store
      .searchMessages(query, { conversation: options.conversation, limit: options.limit ?? 50 })
      .map((hit) => ({ message: toPublic(hit.message), snippet: hit.snippet }));
  }

  private transmit(message: StoredMessage, attempt = 0): void {
    const link = this.linkTo(message.to);
    if (!link || link.state !== 'ready') return;
    const wire = toWire(message);
    if (!wire) return this.log.warn('cannot resend a message stored before schema v3', { id: message.id });
    if (!link.send({ t: 'msg', message: wire })) return;
    if (message.state === 'pending') {
      this.store.setMessageState(message.id, 'sent');
      this.onDidChangeMessage.fire({ ...toPublic(message), state: 'sent' });
    }
    this.awaitAck(message, attempt);
  }

  /**
   * A frame can be lost without the link failing (a peer that dropped it, or a
   * later relayed path), so an unacknowledged message is sent again with
   * exponential backoff for as long as the link lasts; a new link resends
   * everything anyway. The receiver deduplicates by id.
   */
  private awaitAck(message: StoredMessage, attempt: number): void {
    clearTimeout(this.retries.get(message.id));
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt);
    const timer = setTimeout(() => {
      this.retries.delete(message.id);
      const current = this.store.getMessage(message.id);
      if (current && current.state !== 'delivered') this.transmit(current, attempt + 1);
    }, delay);
    (timer as { unref?: () => void }).unref?.();
    this.retries.set(message.id, timer);
  }

  /** Forgets pending retries, e.g. when the engine stops. */
  stop(): void {
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
  }

  /** Sends what the peer has not acknowledged, and any read receipt owed; called when a link opens. */
  linked(peerId: PeerId): void {
    for (const message of this.store.unacknowledgedTo(peerId)) this.transmit(message);
    this.flushRead(peerId);
  }

  receiveAck(link: Link, frame: FrameOf<'ack'>): void {
    const message = this.store.getMessage(frame.id);
    if (!message || !message.outgoing || message.to !== link.remote?.peerId)
      return link.drop('unexpected', 'ack for a message not sent to this peer');
    clearTimeout(this.retries.get(message.id));
    this.retries.delete(message.id);
    if (message.state === 'delivered') return;
    this.store.setMessageState(message.id, 'delivered');
    this.onDidChangeMessage.fire({ ...toPublic(message), state: 'delivered' });
  }

  receiveMessage(link: Link, frame: FrameOf<'msg'>): void {
    const { message } = frame;
    const self = this.identity.peerId;
    // Without forwarding (a later protocol version) the author is always the peer on the link.
    if (message.from !== link.remote?.peerId) return link.drop('impersonation', 'message author is not the linked peer');
    if (message.to !== self) return link.drop('unexpected', 'message addressed to another peer');
    const now = this.platform.clock.now();
    if (message.sentAt > now + MAX_CLOCK_SKEW_MS) return link.drop('clock-skew', 'message from the future');
    if (!verifyMessage(message)) return link.drop('bad-signature', `message ${message.id}`);
    let content: MessageContent;
    try {
      content = openMessage(this.keyFor(message.from), message);
    } catch (error) {
      return link.drop('undecryptable', `message ${message.id}: ${error instanceof Error ? error.message : String(error)}`);
    }

    const { body: _body, ...head } = message;
    const stored: StoredMessage = {
      ...head,
      text: content.text,
      replyTo: content.replyTo ?? null,
      envelope: JSON.stringify(message),
      readAt: null,
      conversation: conversationOf(message, self),
      storedAt: now,
      state: 'received',
      outgoing: false,
    };
    const existing = this.store.getMessage(message.id);
    if (existing && (existing.from !== message.from || existing.sig !== message.sig))
      return link.drop('unexpected', 'message id collides with a different message');
    this.clock.observe(message.sentAt);
    if (!existing) {
      this.store.insertMessage(stored);
      this.onDidChangeMessage.fire(toPublic(stored));
    }
    // Only now, after the store has committed, may the sender forget its copy.
    link.send({ t: 'ack', id: message.id });
  }

  /** The pair's direct-message key, derived once per peer (docs/E2E.md). */
  private keyFor(peerId: PeerId): Uint8Array {
    let key = this.directKeys.get(peerId);
    if (!key) {
      key = directMessageKey(this.identity, peerId);
      this.directKeys.set(peerId, key);
    }
    return key;
  }
}
