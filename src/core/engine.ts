import { Emitter } from './events';
import { LanlineError, missingCase } from './errors';
import type { Identity, PeerId } from './identity';
import { Link } from './link';
import type { PresenceRecord } from './presence';
import { PresenceGossip } from './presence-gossip';
import { ReachabilityProbe, type ProbeAddress } from './reachability-probe';
import {
  conversationOf,
  newMessageId,
  directMessageKey,
  openMessage,
  sealMessage,
  toPublic,
  toWire,
  verifyMessage,
  type StoredMessage,
} from './messaging/message';
import {
  DisplayNameSchema,
  MESSAGE_TEXT_MAX,
  type Message,
  type Peer,
  type Role,
  type SearchHit,
  type ConversationSummary,
  type Typing,
} from './model';
import type { Pipe } from './pipe';
import type { Platform } from './platform';
import type { EngineStore, PeerRecord } from './store';
import { MAX_CLOCK_SKEW_MS, type Frame, type FrameOf } from './wire/frames';

/** A typing peer re-announces this often; a receiver lets "typing" lapse after about twice this. */
export const TYPING_REFRESH_MS = 3000;

export interface EngineInit {
  identity: Identity;
  platform: Platform;
  store: EngineStore;
  name: string;
  role: Role;
  /** How this host checks that an address answers, for peers who ask (see ReachabilityProbe). */
  probeAddress?: ProbeAddress;
}

/** A hint from discovery: someone claims to be this peer at these addresses. */
export interface PeerHint {
  peerId: PeerId;
  name: string;
  role: Role;
  addresses: string[];
  present: boolean;
}

/**
 * The protocol engine: it owns the verified links to peers, the peer
 * directory and one-to-one messaging. It knows nothing of how pipes are made
 * (see RtcHost) or where bytes rest (see EngineStore).
 */
export class Engine {
  readonly identity: Identity;
  private readonly platform: Platform;
  private readonly store: EngineStore;
  private profile: { name: string; role: Role };
  private readonly links = new Map<PeerId, Link>();
  private readonly peers = new Map<PeerId, PeerRecord>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private readonly directKeys = new Map<PeerId, Uint8Array>();
  private readonly pendingReads = new Map<PeerId, { sentAt: number; id: string }>();
  private readonly typingSent = new Map<PeerId, { active: boolean; at: number }>();
  private readonly gossip: PresenceGossip;
  private readonly probes: ReachabilityProbe;

  /** Fires with the whole list whenever presence, names or links change. */
  readonly onDidChangePeers = new Emitter<Peer[]>();
  /** A signed presence record learned from a peer: someone to dial, possibly on another subnet. */
  readonly onDidLearnPresence: Emitter<PresenceRecord>;
  /** A peer started or stopped typing to us. Ephemeral; the UI lets it lapse. */
  readonly onDidChangeTyping = new Emitter<Typing>();
  /** Fires with the peer's id when its verified link closes. */
  readonly onDidUnlink = new Emitter<PeerId>();
  /** Fires when a message is stored or its delivery state changes. */
  readonly onDidChangeMessage = new Emitter<Message>();

  constructor(init: EngineInit) {
    this.identity = init.identity;
    this.platform = init.platform;
    this.store = init.store;
    this.profile = { name: init.name, role: init.role };
    for (const record of this.store.listPeers()) this.peers.set(record.peerId, record);
    this.gossip = new PresenceGossip(
      this.identity,
      this.platform,
      () => this.profile,
      () => this.readyLinks(),
    );
    this.probes = new ReachabilityProbe(this.platform, this.gossip, init.probeAddress);
    this.onDidLearnPresence = this.gossip.onDidLearn;
    this.gossip.onDidLearn.on((record) => this.notePeerHint({ ...record, present: true }));
  }

  private readyLinks(): Link[] {
    return [...this.links.values()].filter((link) => link.state === 'ready');
  }

  get name(): string {
    return this.profile.name;
  }

  get role(): Role {
    return this.profile.role;
  }

  private get log() {
    return this.platform.log;
  }

  setName(name: string): void {
    this.profile.name = DisplayNameSchema.parse(name);
    this.gossip.refresh();
  }

  setRole(role: Role): void {
    if (role === this.profile.role) return;
    this.profile.role = role;
    this.gossip.refresh();
  }

  /** Our signalling addresses (host:port), as peers should dial them; signed into our presence record. */
  setSelfAddresses(addresses: string[]): void {
    this.gossip.setAddresses(addresses);
  }

  /** Asks a linked peer whether it can reach us at `address`. */
  requestProbe(peerId: PeerId, address: string): Promise<{ ok: boolean; detail: string }> {
    const link = this.links.get(peerId);
    if (!link || link.state !== 'ready') return Promise.reject(new LanlineError('not-connected', 'not linked to that peer'));
    return this.probes.ask(link, address);
  }

  listPeers(): Peer[] {
    return [...this.peers.values()]
      .map((p) => this.toPeer(p))
      .sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
  }

  getPeer(peerId: PeerId): Peer | undefined {
    const record = this.peers.get(peerId);
    return record && this.toPeer(record);
  }

  isLinked(peerId: PeerId): boolean {
    return this.links.get(peerId)?.state === 'ready';
  }

  /** Online means a verified link is open now; an advert alone proves nothing. */
  private toPeer(record: PeerRecord): Peer {
    const link = this.links.get(record.peerId);
    const linked = link?.state === 'ready';
    return {
      peerId: record.peerId,
      name: record.name,
      role: record.role,
      online: linked,
      addresses: record.addresses,
      lastSeenAt: record.lastSeenAt,
      link: linked ? 'direct' : null,
      quality: linked ? link.quality.snapshot(this.platform.clock.now()) : null,
    };
  }

  /** Discovery is only a hint: it may name and locate a peer, but never proves one. */
  notePeerHint(hint: PeerHint): void {
    if (hint.peerId === this.identity.peerId) return;
    const known = this.peers.get(hint.peerId);
    const addresses = [...new Set([...hint.addresses, ...(known?.addresses ?? [])])].slice(0, 8);
    const record = {
      peerId: hint.peerId,
      // A name proven over a link outranks one read from an advert.
      name: known && this.isLinked(hint.peerId) ? known.name : hint.name,
      role: hint.role,
      addresses,
      lastSeenAt: hint.present ? this.platform.clock.now() : (known?.lastSeenAt ?? null),
    };
    this.peers.set(hint.peerId, record);
    this.store.upsertPeer(record);
    this.firePeers();
  }

  /**
   * Runs the hello handshake on a freshly opened pipe. On success the link
   * replaces any older one to the same peer (the newest connection wins, which
   * is what a reconnect after a network blip needs) and queued messages flow.
   */
  async attach(pipe: Pipe, expectedPeer: PeerId): Promise<Link> {
    const link = new Link(pipe, {
      identity: this.identity,
      platform: this.platform,
      localName: this.profile.name,
      localRole: this.profile.role,
      expectedPeer,
    });
    const remote = await link.open();
    const previous = this.links.get(remote.peerId);
    this.links.set(remote.peerId, link);
    if (previous && previous !== link) previous.close('replaced by a newer link');

    const known = this.peers.get(remote.peerId);
    const record = {
      peerId: remote.peerId,
      name: remote.name,
      role: remote.role,
      addresses: known?.addresses ?? [],
      lastSeenAt: this.platform.clock.now(),
    };
    this.peers.set(remote.peerId, record);
    this.store.upsertPeer(record);

    link.onDidReceiveFrame.on((frame) => this.handleFrame(link, frame));
    link.onDidClose.on(() => {
      if (this.links.get(remote.peerId) !== link) return; // replaced by a newer link
      this.links.delete(remote.peerId);
      const peer = this.peers.get(remote.peerId);
      if (peer) peer.lastSeenAt = this.platform.clock.now();
      this.firePeers();
      this.onDidUnlink.fire(remote.peerId);
    });
    this.log.info('linked', { peer: remote.peerId, name: remote.name, pipe: pipe.label });
    this.gossip.greet(link, [...this.links.keys()]);
    this.firePeers();
    this.flushTo(remote.peerId);
    this.flushRead(remote.peerId);
    return link;
  }

  /**
   * Stores a signed message, then sends it if a link is open. A message to a
   * known peer who is away waits in the store and goes out on the next link.
   */
  send(to: PeerId, text: string): Message {
    if (to === this.identity.peerId) throw new LanlineError('invalid-input', 'You cannot send a message to yourself.');
    if (!this.peers.has(to)) throw new LanlineError('unknown-peer', `No peer ${to} is known to this node.`);
    if (text.trim().length === 0) throw new LanlineError('invalid-input', 'The message is empty.');
    if (text.length > MESSAGE_TEXT_MAX)
      throw new LanlineError('message-too-long', `A message has at most ${MESSAGE_TEXT_MAX} characters.`);
    const now = this.platform.clock.now();
    const fields = { id: newMessageId(this.platform.randomBytes), to, sentAt: now, text };
    const wire = sealMessage(this.identity, this.keyFor(to), fields, this.platform.randomBytes);
    const stored: StoredMessage = {
      ...fields,
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
    const link = this.links.get(to);
    if (!link || link.state !== 'ready') return;
    const now = this.platform.clock.now();
    const last = this.typingSent.get(to);
    if (last && last.active === active && (!active || now - last.at < TYPING_REFRESH_MS)) return;
    this.typingSent.set(to, { active, at: now });
    link.send({ t: 'typing', active });
  }

  private flushRead(peerId: PeerId): void {
    const upTo = this.pendingReads.get(peerId);
    const link = this.links.get(peerId);
    if (upTo && link?.state === 'ready' && link.send({ t: 'read', upTo })) this.pendingReads.delete(peerId);
  }

  private receiveRead(link: Link, frame: FrameOf<'read'>): void {
    const peerId = link.remote!.peerId;
    for (const message of this.store.markOutgoingRead(peerId, frame.upTo, this.platform.clock.now()))
      this.onDidChangeMessage.fire(toPublic(message));
  }

  searchMessages(query: string, options: { conversation?: string; limit?: number } = {}): SearchHit[] {
    return this.store
      .searchMessages(query, { conversation: options.conversation, limit: options.limit ?? 50 })
      .map((hit) => ({ message: toPublic(hit.message), snippet: hit.snippet }));
  }

  /**
   * Pings every link and closes those that stayed silent too long. A data
   * channel to a crashed peer can look open for 30 s or more (ICE consent
   * expiry), far longer than a person should see a dead peer as online.
   */
  startHeartbeat(options: { intervalMs?: number; silenceMs?: number } = {}): void {
    const intervalMs = options.intervalMs ?? 2000;
    const silenceMs = options.silenceMs ?? 3 * intervalMs;
    let n = 0;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      const now = this.platform.clock.now();
      for (const link of [...this.links.values()]) {
        if (now - link.lastHeardAt > silenceMs) {
          link.close('peer went silent');
          continue;
        }
        link.sampleTraffic(now);
        link.quality.pingSent(n, now);
        link.send({ t: 'ping', n: n++ });
      }
      // Quality figures changed; the people list shows them.
      if (this.links.size > 0) this.firePeers();
    }, intervalMs);
  }

  /** Says goodbye on every link so peers see us leave at once rather than by timeout. */
  stop(): void {
    clearInterval(this.heartbeat);
    for (const link of [...this.links.values()]) link.close('engine stopping');
    this.links.clear();
  }

  private transmit(message: StoredMessage): void {
    const link = this.links.get(message.to);
    if (!link || link.state !== 'ready') return;
    const wire = toWire(message);
    if (!wire) return this.log.warn('cannot resend a message stored before schema v3', { id: message.id });
    if (link.send({ t: 'msg', message: wire }) && message.state === 'pending') {
      this.store.setMessageState(message.id, 'sent');
      this.onDidChangeMessage.fire({ ...toPublic(message), state: 'sent' });
    }
  }

  private flushTo(peerId: PeerId): void {
    for (const message of this.store.unacknowledgedTo(peerId)) this.transmit(message);
  }

  /** One case per frame type; a new frame type that is not handled here fails to compile. */
  private handleFrame(link: Link, frame: Frame): void {
    switch (frame.t) {
      case 'msg':
        return this.receiveMessage(link, frame);
      case 'ack':
        return this.receiveAck(link, frame);
      case 'ping':
        return void link.send({ t: 'pong', n: frame.n });
      case 'pong':
        return link.quality.pongReceived(frame.n, this.platform.clock.now());
      case 'peers':
        return this.gossip.receive(link, frame);
      case 'probe':
        return void this.probes.serve(link, frame);
      case 'probe-result':
        return this.probes.settle(frame);
      case 'error':
        return this.log.warn('peer reported an error', { peer: link.remote?.peerId, code: frame.code, reason: frame.reason });
      case 'read':
        return this.receiveRead(link, frame);
      case 'typing':
        return this.onDidChangeTyping.fire({ peerId: link.remote!.peerId, active: frame.active });
      case 'hello':
      case 'bye':
        return; // consumed by the link itself
      default:
        return missingCase(frame);
    }
  }

  private receiveAck(link: Link, frame: FrameOf<'ack'>): void {
    const message = this.store.getMessage(frame.id);
    if (!message || !message.outgoing || message.to !== link.remote?.peerId)
      return link.drop('unexpected', 'ack for a message not sent to this peer');
    if (message.state === 'delivered') return;
    this.store.setMessageState(message.id, 'delivered');
    this.onDidChangeMessage.fire({ ...toPublic(message), state: 'delivered' });
  }

  private receiveMessage(link: Link, frame: FrameOf<'msg'>): void {
    const { message } = frame;
    const self = this.identity.peerId;
    // Without forwarding (a later protocol version) the author is always the peer on the link.
    if (message.from !== link.remote?.peerId) return link.drop('impersonation', 'message author is not the linked peer');
    if (message.to !== self) return link.drop('unexpected', 'message addressed to another peer');
    const now = this.platform.clock.now();
    if (message.sentAt > now + MAX_CLOCK_SKEW_MS) return link.drop('clock-skew', 'message from the future');
    if (!verifyMessage(message)) return link.drop('bad-signature', `message ${message.id}`);
    let text: string;
    try {
      text = openMessage(this.keyFor(message.from), message);
    } catch (error) {
      return link.drop('undecryptable', `message ${message.id}: ${error instanceof Error ? error.message : String(error)}`);
    }

    const { body: _body, ...head } = message;
    const stored: StoredMessage = {
      ...head,
      text,
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

  private firePeers(): void {
    this.onDidChangePeers.fire(this.listPeers());
  }
}
