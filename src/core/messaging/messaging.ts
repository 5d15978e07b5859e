import { newGroupKey } from '../crypto/conversation-keys';
import { LanlineError } from '../errors';
import { Emitter } from '../events';
import { HybridClock } from '../hybrid-clock';
import type { PeerId } from '../identity';
import type { Link } from '../link';
import {
  isGroupId,
  MESSAGE_TEXT_MAX,
  type ConversationSummary,
  type Group,
  type GroupId,
  type Message,
  type SearchHit,
  type Typing,
} from '../model';
import type { Page, StoredMessage } from '../store';
import { MAX_DEPS, type FrameOf } from '../wire/frames';
import { AntiEntropy } from './anti-entropy';
import { NO_ATTACHMENTS, type FileAttachments } from './attachments';
import type { FileOffer } from '../files/manifest';
import { REACTION_MAX_CHARS, type Content } from './content';
import { DEFAULT_TIMING, type MessagingContext, type MessagingEvents, type MessagingInit } from './context';
import { Depositor } from './deposits';
import { Effects } from './effects';
import { newMessageId, sealEnvelope, sealEpochKeys, type EnvelopeHeader } from './envelope';
import { Forwarder } from './forwarding';
import { Groups, type WriteOptions } from './groups';
import { Intake } from './intake';
import { KeyRing } from './key-ring';
import { OrderingBuffer } from './ordering-buffer';
import { Outbox } from './outbox';
import { openedFields, storedFromEnvelope } from './records';
import { MessageView } from './view';

export type { MessagingInit } from './context';

/** A typing peer re-announces this often; a receiver lets "typing" lapse after about twice this. */
export const TYPING_REFRESH_MS = 3000;

/**
 * One-to-one and group messaging (docs/MESSAGING.md). Everything anyone
 * writes — text, edits, deletes, reactions, membership changes — is a signed,
 * sealed envelope with its author's sequence number, a hybrid-clock time and
 * the messages it follows. Envelopes are stored before they are acknowledged,
 * shown in causal order, delivered from a durable outbox (directly or
 * forwarded), and reconciled by anti-entropy when members meet.
 */
export class Messaging implements MessagingEvents {
  readonly onDidChangeMessage = new Emitter<Message>();
  readonly onDidChangeTyping = new Emitter<Typing>();
  readonly onDidChangeGroup = new Emitter<Group>();
  readonly onDidChangeWaiting = new Emitter<{ conversation: string; waiting: number }>();
  /** A verified receipt for someone else passed through us (a super peer's mailbox listens). */
  readonly onDidPassReceipt = new Emitter<{
    receipt: { id: string; from: PeerId; to: PeerId; sig: string };
    forwarded: boolean;
  }>();
  readonly groups: Groups;
  private readonly ctx: MessagingContext;
  private readonly view: MessageView;
  private readonly effects: Effects;
  private readonly buffer: OrderingBuffer;
  private readonly intake: Intake;
  private readonly outbox: Outbox;
  private readonly sync: AntiEntropy;
  private readonly forwarder: Forwarder;
  private readonly depositor: Depositor;
  /** What each super peer said it holds for us when we last fetched. */
  private readonly heldFor = new Map<PeerId, number>();
  private readonly pendingReads = new Map<string, { sentAt: number; id: string }>();
  private readonly typingSent = new Map<string, { active: boolean; at: number }>();

  constructor(init: MessagingInit) {
    const ctx: MessagingContext = {
      ...init,
      timing: { ...DEFAULT_TIMING, ...init.timing },
      keys: new KeyRing(init.identity, init.store),
      clock: new HybridClock(init.platform.clock, init.store.newestSentAt()),
      // Only what a conversation shows: an edit, delete or reaction changes its target, which is announced itself.
      changed: (message) => {
        if (message.kind === 'text' || message.kind === 'group') this.onDidChangeMessage.fire(this.view.one(message));
      },
      readyLink: (peer) => {
        const link = init.linkTo(peer);
        return link?.state === 'ready' ? link : undefined;
      },
      files: NO_ATTACHMENTS,
    };
    this.ctx = ctx;
    this.groups = new Groups(ctx, this);
    this.groups.write = (conversation, content, options) => this.write(conversation, content, options);
    this.view = new MessageView(ctx, this.groups);
    this.effects = new Effects(ctx, this.groups);
    this.buffer = new OrderingBuffer(ctx, this, {
      open: (message) => this.intake.openHeld(message),
      seal: (message) => this.store.setContent(message.id, openedFields('sealed', this.ctx.platform.clock.now(), false)),
      show: (message) => this.effects.apply(message),
    });
    this.intake = new Intake(ctx, this.groups, this.buffer, (message) => this.effects.apply(message));
    this.forwarder = new Forwarder(ctx, {
      accept: (envelope, carrier) => this.intake.accept(envelope, carrier),
      delivered: (id, by) => this.delivered(id, by),
      passed: (receipt, forwarded) => this.onDidPassReceipt.fire({ receipt, forwarded }),
    });
    this.depositor = new Depositor(ctx, (message) => this.outbox.markSent(message));
    this.outbox = new Outbox(ctx, this.forwarder, this.depositor);
    this.sync = new AntiEntropy(ctx, (ids) => this.announce(ids));
    this.buffer.start();
    this.sync.start();
    this.outbox.retryAll();
  }

  private get self(): PeerId {
    return this.ctx.identity.peerId;
  }

  private get store() {
    return this.ctx.store;
  }

  private get log() {
    return this.ctx.platform.log;
  }

  // ── Writing ────────────────────────────────────────────────────────────

  send(conversation: string, text: string, replyTo?: string): Message {
    this.checkConversation(conversation);
    if (text.trim().length === 0) throw new LanlineError('invalid-input', 'The message is empty.');
    if (text.length > MESSAGE_TEXT_MAX)
      throw new LanlineError('message-too-long', `A message has at most ${MESSAGE_TEXT_MAX} characters.`);
    if (replyTo !== undefined && this.store.getMessage(replyTo)?.conversation !== conversation)
      throw new LanlineError('invalid-input', 'You can only reply to a message in the same conversation.');
    return this.view.one(this.write(conversation, { k: 'text', text, replyTo }));
  }

  /**
   * Shares files: the offer (made by the file service, keys included) goes
   * sealed inside an ordinary message, so it is delivered, ordered, synced and
   * deleted like text. `text` is an optional caption.
   */
  sendFile(conversation: string, offer: FileOffer, text?: string): Message {
    this.checkConversation(conversation);
    if (text !== undefined && text.length > MESSAGE_TEXT_MAX)
      throw new LanlineError('message-too-long', `A caption has at most ${MESSAGE_TEXT_MAX} characters.`);
    const caption = text?.trim() ? text : undefined;
    return this.view.one(this.write(conversation, { k: 'file', offer, ...(caption !== undefined && { text: caption }) }));
  }

  /** The backend's file service: offers in incoming messages go to it, and messages show its progress. */
  attachFiles(files: FileAttachments): void {
    this.ctx.files = files;
  }

  /** The message as the UI sees it, e.g. after its files' progress changed. */
  message(id: string): Message | undefined {
    const stored = this.store.getMessage(id);
    return stored && stored.heldSince === null ? this.view.one(stored) : undefined;
  }

  edit(id: string, text: string): Message {
    const target = this.ownText(id, 'edit');
    if (text.trim().length === 0) throw new LanlineError('invalid-input', 'The message is empty; delete it instead.');
    if (text.length > MESSAGE_TEXT_MAX)
      throw new LanlineError('message-too-long', `A message has at most ${MESSAGE_TEXT_MAX} characters.`);
    this.write(target.conversation, { k: 'edit', target: id, text });
    return this.view.one(this.store.getMessage(id)!);
  }

  delete(id: string): Message {
    const target = this.ownText(id, 'delete');
    this.write(target.conversation, { k: 'delete', target: id });
    return this.view.one(this.store.getMessage(id)!);
  }

  react(id: string, emoji: string, on: boolean): Message {
    const target = this.store.getMessage(id);
    if (!target || target.heldSince !== null || target.kind !== 'text')
      throw new LanlineError('unknown-message', `No message ${id} to react to.`);
    if (emoji.trim().length === 0 || emoji.length > REACTION_MAX_CHARS)
      throw new LanlineError('invalid-input', 'A reaction is one emoji (or a few characters).');
    this.write(target.conversation, { k: 'react', target: id, emoji, on });
    return this.view.one(this.store.getMessage(id)!);
  }

  private ownText(id: string, what: string): StoredMessage {
    const target = this.store.getMessage(id);
    if (!target || target.kind !== 'text' || target.heldSince !== null)
      throw new LanlineError('unknown-message', `No message ${id} is stored here.`);
    if (!target.outgoing) throw new LanlineError('unauthorized', `You can only ${what} your own messages.`);
    if (target.deleted) throw new LanlineError('invalid-input', 'That message was deleted.');
    return target;
  }

  private checkConversation(conversation: string): void {
    if (isGroupId(conversation)) {
      this.groups.ensureKey(conversation);
      return;
    }
    if (conversation === this.self) throw new LanlineError('invalid-input', 'You cannot send a message to yourself.');
    if (!this.ctx.knows(conversation)) throw new LanlineError('unknown-peer', `No peer ${conversation} is known to this node.`);
  }

  /**
   * Composes, seals, signs and stores one of our envelopes, then hands it to
   * the outbox. Committed before anything goes on the wire, so its sequence
   * number is never reused, even across a crash.
   */
  private write(conversation: string, content: Content, options: WriteOptions = {}): StoredMessage {
    const { store, identity, platform, keys } = this.ctx;
    const id = newMessageId(platform.randomBytes);
    const base = {
      id,
      seq: store.lastSeq(conversation, this.self) + 1,
      at: this.ctx.clock.now(),
      deps: store
        .heads(conversation, MAX_DEPS + 1)
        .filter(([author]) => author !== this.self)
        .slice(0, MAX_DEPS),
    };
    let head: EnvelopeHeader;
    let key: Uint8Array;
    let recipients: PeerId[];
    if (isGroupId(conversation)) {
      const group = conversation as GroupId;
      if (options.epochFor) {
        key = newGroupKey(platform.randomBytes);
        keys.remember(group, id, key);
        head = {
          ...base,
          group,
          epoch: id,
          keys: sealEpochKeys(identity, group, id, key, options.epochFor, platform.randomBytes),
        };
      } else {
        const record = store.groups.get(group)!;
        key = keys.epoch(group, record.epoch!)!;
        head = { ...base, group, epoch: record.epoch! };
      }
      // A new epoch goes to those it was sealed for (an added member among them); anything else to the members.
      recipients = options.recipients ?? (options.epochFor ?? store.groups.get(group)!.members).filter((m) => m !== this.self);
    } else {
      key = keys.directWith(conversation);
      head = { ...base, to: conversation };
      recipients = [conversation];
    }
    let envelope;
    try {
      envelope = sealEnvelope(identity, key, head, content, platform.randomBytes);
    } catch (error) {
      if (error instanceof RangeError) throw new LanlineError('message-too-long', 'The message is too long to send.');
      throw error;
    }
    const stored = storedFromEnvelope(envelope, this.self, content, platform.clock.now(), null);
    // The message and its outbox rows land together: a crash leaves both or neither.
    store.atomically(() => {
      store.insertMessage(stored);
      store.deliveries.add(id, recipients);
    });
    this.effects.apply(stored);
    // Someone's reply to this may have arrived first.
    this.buffer.releaseReady(stored.conversation);
    this.outbox.send(stored, recipients);
    return store.getMessage(id) ?? stored;
  }

  // ── Reading ────────────────────────────────────────────────────────────

  listMessages(conversation: string, page?: Page): Message[] {
    return this.view.many(this.store.listMessages(conversation, page));
  }

  conversations(): ConversationSummary[] {
    const summaries = this.store.conversations();
    const last = this.view.many(summaries.map((s) => s.lastMessage));
    return summaries.map((s, i) => {
      const group = isGroupId(s.conversation) ? this.store.groups.get(s.conversation) : undefined;
      return {
        conversation: s.conversation,
        kind: group ? 'group' : 'direct',
        title: group?.name ?? null,
        lastMessage: last[i]!,
        unread: s.unread,
        waiting: s.waiting,
      };
    });
  }

  searchMessages(query: string, options: { conversation?: string; limit?: number } = {}): SearchHit[] {
    const hits = this.store.searchMessages(query, { conversation: options.conversation, limit: options.limit ?? 50 });
    const messages = this.view.many(hits.map((h) => h.message));
    return hits.map((hit, i) => ({ message: messages[i]!, snippet: hit.snippet }));
  }

  /** Marks a conversation read and tells its author(s); a receipt owed to someone away waits for their next link. */
  markRead(conversation: string): void {
    const newest = this.store.markIncomingRead(conversation, this.ctx.platform.clock.now());
    if (!newest) return;
    const upTo = { sentAt: newest.sentAt, id: newest.id };
    for (const peer of this.audience(conversation)) {
      this.pendingReads.set(`${conversation}|${peer}`, upTo);
      this.flushRead(conversation, peer);
    }
  }

  /** Tells the other person, or the group's members, that we are typing; repeats within a few seconds send nothing. */
  setTyping(conversation: string, active: boolean): void {
    const now = this.ctx.platform.clock.now();
    const last = this.typingSent.get(conversation);
    if (last && last.active === active && (!active || now - last.at < TYPING_REFRESH_MS)) return;
    this.typingSent.set(conversation, { active, at: now });
    const group = isGroupId(conversation) ? conversation : undefined;
    for (const peer of this.audience(conversation)) this.ctx.readyLink(peer)?.send({ t: 'typing', active, group });
  }

  /** The other party, or the group's other members. */
  private audience(conversation: string): PeerId[] {
    if (!isGroupId(conversation)) return [conversation];
    const group = this.store.groups.get(conversation);
    return group?.isMember ? group.members.filter((m) => m !== this.self) : [];
  }

  private flushRead(conversation: string, peer: PeerId): void {
    const key = `${conversation}|${peer}`;
    const upTo = this.pendingReads.get(key);
    const link = this.ctx.readyLink(peer);
    const group = isGroupId(conversation) ? conversation : undefined;
    if (upTo && link?.send({ t: 'read', upTo, group })) this.pendingReads.delete(key);
  }

  // ── Links and frames ─────────────────────────────────────────────────────

  /** A verified link opened: send what waits for the peer, owed receipts, and our summaries. */
  linked(link: Link): void {
    const peer = link.remote!.peerId;
    this.outbox.linked(peer);
    for (const key of this.pendingReads.keys()) {
      const [conversation, to] = key.split('|') as [string, string];
      if (to === peer) this.flushRead(conversation, peer);
    }
    this.sync.linked(link);
  }

  /** Gossip told us new ways to reach people: try the outbox again. */
  routesChanged(): void {
    this.outbox.retryAll();
  }

  /**
   * A verified link to a super peer opened (or we just learned it is one):
   * fetch the mail it holds for us, and deposit with it what waits for people
   * we cannot reach.
   */
  superPeerLinked(link: Link): void {
    link.send({ t: 'fetch', for: this.self });
    this.outbox.retryAll();
  }

  superPeerUnlinked(peer: PeerId): void {
    this.heldFor.delete(peer);
  }

  /** How many messages each linked super peer said it held for us at our last fetch. */
  mailHeldFor(peer: PeerId): number | null {
    return this.heldFor.get(peer) ?? null;
  }

  receiveDeposited(link: Link, frame: FrameOf<'deposited'>): void {
    this.depositor.receiveDeposited(link, frame);
  }

  receiveMailRefused(link: Link, frame: FrameOf<'mail-refused'>): void {
    this.depositor.receiveRefused(link, frame);
  }

  receiveFetched(link: Link, frame: FrameOf<'fetched'>): void {
    this.heldFor.set(link.remote!.peerId, frame.held);
    if (frame.held > 0) this.log.info('fetching mail', { superPeer: link.remote!.peerId, held: frame.held });
  }

  /**
   * How a one-to-one conversation's messages travel now (for the UI): over a
   * link, forwarded by peers, or held by super peers; with what is still
   * unacknowledged and how much of that super peers hold.
   */
  pathTo(peer: PeerId): { path: 'direct' | 'relayed' | 'forwarded' | 'mailbox' | 'waiting'; via: PeerId[] } & {
    pending: number;
    deposited: number;
  } {
    const counts = this.store.deliveries.pendingCount(peer);
    const link = this.ctx.readyLink(peer);
    if (link) return { path: link.pipe.route ?? 'direct', via: [], ...counts };
    const routes = this.ctx.routesTo(peer);
    // Held by super peers beats a route: a route is only someone who once told us about them.
    if (counts.deposited > 0 || (routes.length === 0 && this.depositor.canDeposit(peer)))
      return { path: 'mailbox', via: this.depositor.holdersFor(peer), ...counts };
    if (routes.length > 0) return { path: 'forwarded', via: routes, ...counts };
    return { path: 'waiting', via: [], ...counts };
  }

  receiveMessage(link: Link, frame: FrameOf<'msg'>): void {
    const { message } = frame;
    const peer = link.remote!.peerId;
    // One-to-one messages come from their author; anyone else would be speaking for them.
    if (!('group' in message) && message.from !== peer)
      return link.drop('impersonation', 'message author is not the linked peer');
    const result = this.intake.accept(message, peer);
    if (!result.ok) return link.drop(result.reason, result.detail);
    // Only now, after the store has committed, may the sender forget its copy.
    link.send({ t: 'ack', id: message.id });
  }

  receiveAck(link: Link, frame: FrameOf<'ack'>): void {
    const message = this.store.getMessage(frame.id);
    if (!message) return link.drop('unexpected', 'ack for a message not stored here');
    // Acks for messages we only carried (summaries) need no bookkeeping.
    if (message.outgoing) this.delivered(message.id, link.remote!.peerId);
  }

  private delivered(id: string, by: PeerId): void {
    this.outbox.acked(by);
    if (this.store.deliveries.markDelivered(id, by, this.ctx.platform.clock.now()).changed) this.announce([id]);
  }

  private announce(ids: string[]): void {
    for (const id of ids) {
      const message = this.store.getMessage(id);
      if (message) this.ctx.changed(message);
    }
  }

  receiveSync(link: Link, frame: FrameOf<'sync'>): void {
    this.sync.receive(link, frame);
  }

  receiveForward(link: Link, frame: FrameOf<'fwd'>): void {
    this.forwarder.receiveForward(link, frame);
  }

  receiveReceipt(link: Link, frame: FrameOf<'receipt'>): void {
    this.forwarder.receiveReceipt(link, frame);
  }

  receiveRead(link: Link, frame: FrameOf<'read'>): void {
    const peer = link.remote!.peerId;
    const conversation = frame.group ?? peer;
    if (frame.group && !this.store.groups.get(frame.group)?.members.includes(peer))
      return link.drop('unexpected', 'read receipt for a group the peer is not in');
    this.announce(this.store.deliveries.markReadUpTo(conversation, peer, frame.upTo, this.ctx.platform.clock.now()));
  }

  receiveTyping(link: Link, frame: FrameOf<'typing'>): void {
    const peerId = link.remote!.peerId;
    if (frame.group && !this.store.groups.get(frame.group)?.members.includes(peerId)) return;
    this.onDidChangeTyping.fire({ peerId, conversation: frame.group ?? peerId, active: frame.active });
  }

  receiveJoin(link: Link, frame: FrameOf<'join'>): void {
    this.groups.receiveJoin(link, frame);
  }

  receiveJoinRefused(frame: FrameOf<'join-refused'>): void {
    this.groups.receiveJoinRefused(frame);
  }

  /** Forgets pending retries and timers, e.g. when the engine stops. */
  stop(): void {
    this.outbox.stop();
    this.buffer.stop();
    this.sync.stop();
  }
}
