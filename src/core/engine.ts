import { AvatarExchange } from './avatar/avatar-exchange';
import type { AvatarHash } from './avatar/avatar-image';
import type { ProfileCard } from './directory/profile-card';
import { Emitter } from './events';
import type { FileCrypto } from './files/crypto';
import { FileExchange } from './files/exchange';
import { LanlineError, missingCase } from './errors';
import { shortPeerId, type Identity, type PeerId } from './identity';
import { Link } from './link';
import type { MessagingTiming } from './messaging/context';
import { FORWARDS_PER_WINDOW, SUPER_PEER_FORWARDS_PER_WINDOW } from './messaging/forwarding';
import { Messaging } from './messaging/messaging';
import type { PresenceRecord } from './presence';
import { PresenceGossip } from './presence-gossip';
import { ReachabilityProbe, type ProbeAddress } from './reachability-probe';
import { DisplayNameSchema, type Peer, type Role } from './model';
import type { Pipe } from './pipe';
import type { Platform } from './platform';
import type { EngineStore, PeerRecord } from './store';
import type { RelayLoad } from './super-peer';
import { SuperPeerLinks } from './super-peer-links';
import type { Frame } from './wire/frames';

export interface EngineInit {
  identity: Identity;
  platform: Platform;
  store: EngineStore;
  name: string;
  role: Role;
  /** How this host checks that an address answers, for peers who ask (see ReachabilityProbe). */
  probeAddress?: ProbeAddress;
  /** Messaging timers; tests shorten them. */
  messagingTiming?: Partial<MessagingTiming>;
  /** Our signed profile card (team, interests), if we publish one. */
  profileCard?: ProfileCard;
  /** A faster SHA-256 and ChaCha20-Poly1305 for file chunks, where the host has one (files/crypto.ts). */
  fileCrypto?: FileCrypto;
  /** Our profile picture, already checked (avatar/avatar-image.ts); its hash is signed into our presence. */
  avatar?: Uint8Array;
}

/** A hint from discovery: someone claims to be this peer at these addresses. */
/** "Last seen" is kept to the minute; finer would mean a disk write per advert. */
const LAST_SEEN_GRANULARITY_MS = 60_000;
/** Two links opened this close together, both alive, came from both sides dialling at once. */
const LINK_RACE_MS = 10_000;
const LINK_ALIVE_MS = 3_000;

export interface PeerHint {
  peerId: PeerId;
  name: string;
  role: Role;
  addresses: string[];
  present: boolean;
  /** The avatar hash a signed presence record names (null: none); absent when the hint cannot say (mDNS). */
  avatar?: AvatarHash | null;
  /**
   * The peer appeared or came back (a first advert, an answer after a silence,
   * a newer presence record), as opposed to a routine re-confirmation. Only
   * news lets a dial skip a circuit breaker's cool-down.
   */
  news?: boolean;
}

/**
 * The protocol engine: it owns the verified links to peers, the peer
 * directory and messaging. It knows nothing of how pipes are made
 * (see RtcHost) or where bytes rest (see EngineStore).
 */
export class Engine {
  readonly identity: Identity;
  private readonly platform: Platform;
  private readonly store: EngineStore;
  private profile: { name: string; role: Role; relay?: RelayLoad; avatar: AvatarHash | null };
  private readonly links = new Map<PeerId, Link>();
  private readonly peers = new Map<PeerId, PeerRecord>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  /** One-to-one and group messages, receipts and typing. */
  readonly messaging: Messaging;
  /** File chunks: serving published files and fetching from sources (docs/FILES.md). */
  readonly files: FileExchange;
  /** Profile pictures: serving ours, fetching others' by the hash they signed. */
  readonly avatars: AvatarExchange;
  private readonly gossip: PresenceGossip;
  private readonly probes: ReachabilityProbe;
  /** Super peers over verified links: using them (mail, directory), and serving as one. */
  readonly superPeers: SuperPeerLinks;

  /** Fires with the whole list whenever presence, names or links change. */
  readonly onDidChangePeers = new Emitter<Peer[]>();
  /** A signed presence record learned from a peer: someone to dial, possibly on another subnet. */
  readonly onDidLearnPresence: Emitter<PresenceRecord>;
  /** Fires with the peer's id when its verified link closes. */
  readonly onDidUnlink = new Emitter<PeerId>();

  constructor(init: EngineInit) {
    this.identity = init.identity;
    this.platform = init.platform;
    this.store = init.store;
    this.avatars = new AvatarExchange(this.platform, this.store, (peerId) => this.linkTo(peerId));
    this.profile = { name: init.name, role: init.role, avatar: this.avatars.setOwn(init.avatar ?? null) };
    for (const record of this.store.listPeers()) this.peers.set(record.peerId, record);
    this.files = new FileExchange({
      platform: this.platform,
      crypto: init.fileCrypto,
      linkTo: (peerId) => this.links.get(peerId),
    });
    this.gossip = new PresenceGossip(
      this.identity,
      this.platform,
      () => this.profile,
      () => this.readyLinks(),
    );
    this.messaging = new Messaging({
      identity: this.identity,
      platform: this.platform,
      store: this.store,
      linkTo: (peerId) => this.links.get(peerId),
      knows: (peerId) => this.peers.has(peerId),
      nameOf: (peerId) =>
        peerId === this.identity.peerId ? this.profile.name : (this.peers.get(peerId)?.name ?? shortPeerId(peerId)),
      routesTo: (peerId) => this.gossip.routesTo(peerId).filter((via) => this.isLinked(via)),
      linkedPeers: () => this.readyLinks().map((link) => link.remote!.peerId),
      // Messaging starts its outbox while this constructor runs, before superPeers exists: none are known yet.
      mailboxes: () => (this.superPeers as SuperPeerLinks | undefined)?.known() ?? [],
      forwardsPerWindow: () => (this.superPeers?.serving ? SUPER_PEER_FORWARDS_PER_WINDOW : FORWARDS_PER_WINDOW),
      timing: init.messagingTiming,
    });
    this.probes = new ReachabilityProbe(this.platform, this.gossip, init.probeAddress);
    this.superPeers = new SuperPeerLinks({
      platform: this.platform,
      gossip: this.gossip,
      messaging: this.messaging,
      readyLinks: () => this.readyLinks(),
      profileCard: init.profileCard,
    });
    this.onDidLearnPresence = this.gossip.onDidLearn;
    this.gossip.onDidLearn.on((record) => {
      this.notePeerHint({ ...record, present: true, avatar: record.avatar ?? null });
      // Fetched ahead, so the picture is there by the time a window asks; the cache makes this a no-op after the first time.
      if (record.avatar) void this.fetchAvatar(record.avatar);
      this.messaging.routesChanged();
      if (record.relay) this.superPeers.learned(this.linkTo(record.peerId));
    });
  }

  /** Every live presence record we hold (not our own): who is where. */
  liveRecords(): PresenceRecord[] {
    return this.gossip.liveRecords();
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

  /** Our profile picture (checked by the caller), or null for none; its hash is signed into our presence at once. */
  setAvatar(bytes: Uint8Array | null): AvatarHash | null {
    this.profile.avatar = this.avatars.setOwn(bytes);
    this.gossip.refresh();
    return this.profile.avatar;
  }

  get avatar(): AvatarHash | null {
    return this.profile.avatar;
  }

  /**
   * The image for an avatar hash: ours, cached, or fetched from whoever
   * signed it (or the links that told us about them). Any source will do,
   * since the bytes must hash to the signed value to be accepted.
   */
  fetchAvatar(hash: AvatarHash): Promise<Uint8Array | undefined> {
    const owners = [...this.peers.values()].filter((p) => p.avatar === hash).map((p) => p.peerId);
    return this.avatars.fetch(hash, [...owners, ...owners.flatMap((owner) => this.gossip.routesTo(owner))]);
  }

  /** On a super peer: its relay's load, signed into its presence record so clients can choose (docs/SUPER-PEERS.md). */
  setRelayLoad(load: RelayLoad | undefined): void {
    this.profile.relay = load;
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

  /** The verified link to a peer, if one is open. */
  linkTo(peerId: PeerId): Link | undefined {
    const link = this.links.get(peerId);
    return link?.state === 'ready' ? link : undefined;
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
      avatar: record.avatar,
      link: linked ? (link.pipe.route ?? 'direct') : null,
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
      avatar: hint.avatar !== undefined ? hint.avatar : (known?.avatar ?? null),
    };
    // Adverts repeat every few seconds; only news is worth a disk write and a UI event.
    const unchanged =
      known &&
      known.name === record.name &&
      known.role === record.role &&
      known.avatar === record.avatar &&
      known.addresses.join() === record.addresses.join() &&
      (record.lastSeenAt ?? 0) - (known.lastSeenAt ?? 0) < LAST_SEEN_GRANULARITY_MS;
    if (unchanged) return;
    this.peers.set(hint.peerId, record);
    this.store.upsertPeer(record);
    this.firePeers();
  }

  /**
   * Runs the hello handshake on a freshly opened pipe. On success the link
   * replaces any older one to the same peer (the newest connection wins, which
   * is what a reconnect after a network blip needs) and queued messages flow;
   * see `keepsPrevious` for two links made at once. Resolves with the link in
   * use for that peer. `dialled`: whether this side made the offer.
   */
  async attach(pipe: Pipe, expectedPeer: PeerId, options: { dialled?: boolean } = {}): Promise<Link> {
    const link = new Link(pipe, {
      identity: this.identity,
      platform: this.platform,
      localName: this.profile.name,
      localRole: this.profile.role,
      expectedPeer,
      dialled: options.dialled,
    });
    const remote = await link.open();
    // A bye in the same breath as the hello (the other side chose its other link to us): nothing to keep.
    if (link.state !== 'ready') throw new LanlineError('closed', 'the link closed as it opened');
    if (!this.superPeers.admits(remote.peerId)) {
      link.close('backed off for misbehaving');
      throw new LanlineError('unauthorized', 'that peer is backed off for misbehaving');
    }
    const previous = this.links.get(remote.peerId);
    if (previous && previous !== link && this.keepsPrevious(previous, link, remote.peerId)) {
      link.close('both sides connected at once; the other link stays');
      return previous;
    }
    this.links.set(remote.peerId, link);
    if (previous && previous !== link) previous.close('replaced by a newer link');

    const known = this.peers.get(remote.peerId);
    const record = {
      peerId: remote.peerId,
      name: remote.name,
      role: remote.role,
      addresses: known?.addresses ?? [],
      lastSeenAt: this.platform.clock.now(),
      avatar: known?.avatar ?? null,
    };
    this.peers.set(remote.peerId, record);
    this.store.upsertPeer(record);

    link.onDidReceiveFrame.on((frame) => this.handleFrame(link, frame));
    link.onDidReceiveBinary.on((frame) => this.files.receiveBinary(link, frame));
    link.onDidClose.on(() => {
      if (this.links.get(remote.peerId) !== link) return; // replaced by a newer link
      this.links.delete(remote.peerId);
      const peer = this.peers.get(remote.peerId);
      if (peer) peer.lastSeenAt = this.platform.clock.now();
      this.firePeers();
      this.superPeers.peerUnlinked(remote.peerId);
      this.onDidUnlink.fire(remote.peerId);
    });
    this.log.info('linked', { peer: remote.peerId, name: remote.name, pipe: pipe.label });
    this.gossip.greet(link, [...this.links.keys()]);
    this.firePeers();
    this.messaging.linked(link);
    this.superPeers.peerLinked(link);
    this.files.linked(remote.peerId);
    return link;
  }

  /**
   * Two links to one peer, one dialled by each side, opened moments apart:
   * both sides dialled at once (addresses given by flag have no glare check,
   * since who answers is not known until they do). "Newest wins" would have
   * each side close the link the other keeps, and both links end; so here
   * both keep the link dialled by the smaller peer id. A previous link that
   * is old or has gone quiet is the blip case, where the newest wins.
   */
  private keepsPrevious(previous: Link, link: Link, remote: PeerId): boolean {
    if (previous.dialled === undefined || link.dialled === undefined || previous.dialled === link.dialled) return false;
    const now = this.platform.clock.now();
    const simultaneous = now - previous.openedAt < LINK_RACE_MS && now - previous.lastHeardAt < LINK_ALIVE_MS;
    const weAreSmaller = this.identity.peerId < remote;
    return simultaneous && previous.dialled === weAreSmaller;
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
      this.gossip.keepFresh();
      // Quality figures changed; the people list shows them.
      if (this.links.size > 0) this.firePeers();
    }, intervalMs);
  }

  /** Says goodbye on every link so peers see us leave at once rather than by timeout. */
  stop(): void {
    clearInterval(this.heartbeat);
    this.superPeers.stop();
    this.messaging.stop();
    this.files.stop();
    for (const link of [...this.links.values()]) link.close('engine stopping');
    this.links.clear();
  }

  /** One case per frame type; a new frame type that is not handled here fails to compile. */
  private handleFrame(link: Link, frame: Frame): void {
    switch (frame.t) {
      case 'msg':
        return this.messaging.receiveMessage(link, frame);
      case 'ack':
        return this.messaging.receiveAck(link, frame);
      case 'sync':
        return this.messaging.receiveSync(link, frame);
      case 'fwd':
        return this.messaging.receiveForward(link, frame);
      case 'receipt':
        return this.messaging.receiveReceipt(link, frame);
      case 'join':
        return this.messaging.receiveJoin(link, frame);
      case 'join-refused':
        return this.messaging.receiveJoinRefused(frame);
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
        return this.messaging.receiveRead(link, frame);
      case 'typing':
        return this.messaging.receiveTyping(link, frame);
      case 'deposit':
      case 'deposited':
      case 'mail-refused':
      case 'fetch':
      case 'fetched':
      case 'mail-done':
      case 'cards':
      case 'dir-query':
      case 'dir-result':
        return this.superPeers.handle(link, frame);
      case 'file-open':
      case 'file-have':
      case 'file-more':
      case 'file-none':
      case 'file-get':
      case 'file-cancel':
      case 'file-close':
      case 'file-keep':
      case 'file-kept':
      case 'file-unkeep':
      case 'file-decline':
        return this.files.receive(link, frame);
      case 'avatar-get':
      case 'avatar':
      case 'avatar-none':
        return this.avatars.receive(link, frame);
      case 'hello':
      case 'bye':
        return; // consumed by the link itself
      default:
        return missingCase(frame);
    }
  }

  private firePeers(): void {
    this.onDidChangePeers.fire(this.listPeers());
  }
}
