import { Directory, type DirectoryMatch } from './directory/directory';
import { DirectoryClient } from './directory/directory-client';
import type { DirectoryService } from './directory/directory-service';
import type { ProfileCard } from './directory/profile-card';
import type { PeerId } from './identity';
import type { Link } from './link';
import type { Mailbox } from './mailbox/mailbox';
import type { Messaging } from './messaging/messaging';
import type { Platform } from './platform';
import type { PresenceGossip } from './presence-gossip';
import { MAX_CLOCK_SKEW_MS, type FrameOf } from './wire/frames';

/** What a node runs while it acts as a super peer, besides the relay (docs/SUPER-PEERS.md). */
export interface SuperPeerServices {
  mailbox: Mailbox;
  directory: DirectoryService;
}

export interface SuperPeerLinksInit {
  platform: Platform;
  gossip: PresenceGossip;
  messaging: Messaging;
  readyLinks(): Link[];
  profileCard?: ProfileCard;
}

export type DirectoryHit = DirectoryMatch & { local: boolean };

/**
 * Everything about super peers that runs over verified links. Which peers
 * are super peers (their live signed presence carries a relay load); what a
 * node does on linking to one (fetch its mail, deposit, publish its card,
 * ask the directory); and, while this node serves as one, its mailbox and
 * directory, with their frames. A node that never meets a super peer never
 * runs any of it.
 */
export class SuperPeerLinks {
  /** Who is where and what they publish: answers local searches, and a super peer's directory. */
  readonly directory = new Directory();
  private readonly client: DirectoryClient;
  private ownCard: ProfileCard | undefined;
  private services: SuperPeerServices | undefined;
  /** Links already treated as links to a super peer (its record may arrive before or after the hello). */
  private readonly seen = new WeakSet<Link>();

  constructor(private readonly init: SuperPeerLinksInit) {
    this.ownCard = init.profileCard;
    if (this.ownCard) this.directory.offerCard(this.ownCard, this.now(), MAX_CLOCK_SKEW_MS);
    this.client = new DirectoryClient({
      platform: init.platform,
      directory: this.directory,
      learn: (link, records) => init.gossip.accept(link, records),
      ownCard: () => this.ownCard,
    });
    init.messaging.onDidPassReceipt.on(({ receipt, forwarded }) => this.services?.mailbox.notePassingReceipt(receipt, forwarded));
  }

  private now(): number {
    return this.init.platform.clock.now();
  }

  /** Whether a peer's live signed presence says it serves as a super peer. */
  isSuperPeer(peerId: PeerId): boolean {
    const record = this.init.gossip.recordOf(peerId);
    return record?.relay !== undefined && record.expiresAt > this.now();
  }

  /** Super peers we know of: where mail is deposited and the directory asked. */
  known(): PeerId[] {
    return this.init.gossip
      .liveRecords()
      .filter((r) => r.relay !== undefined)
      .map((r) => r.peerId);
  }

  linked(): Link[] {
    return this.init.readyLinks().filter((link) => this.isSuperPeer(link.remote!.peerId));
  }

  /** Starts (or, with undefined, stops) serving as a super peer's mailbox and directory. */
  serve(services: SuperPeerServices | undefined): void {
    this.services?.mailbox.stop();
    this.services = services;
    if (!services) return;
    services.mailbox.start();
    for (const link of this.linked()) services.directory.superPeerLinked(link);
  }

  get serving(): boolean {
    return this.services !== undefined;
  }

  /** While backed off for misbehaving, a peer gets no link at all. */
  admits(peer: PeerId): boolean {
    return this.services?.mailbox.admits(peer) ?? true;
  }

  /** Any verified link opened: held receipts go to their author; a link to a super peer is put to use. */
  peerLinked(link: Link): void {
    this.services?.mailbox.linked(link);
    if (this.isSuperPeer(link.remote!.peerId)) this.superPeerLinked(link);
  }

  peerUnlinked(peer: PeerId): void {
    this.init.messaging.superPeerUnlinked(peer);
    this.services?.mailbox.unlinked(peer);
  }

  /** A record arrived: a linked peer may have turned out to be (or become) a super peer. */
  learned(link: Link | undefined): void {
    if (link && this.isSuperPeer(link.remote!.peerId)) this.superPeerLinked(link);
  }

  private superPeerLinked(link: Link): void {
    if (this.seen.has(link) || link.state !== 'ready') return;
    this.seen.add(link);
    this.init.messaging.superPeerLinked(link);
    this.client.superPeerLinked(link);
    this.services?.directory.superPeerLinked(link);
  }

  /** Publishes our team and interests: kept, and sent to the super peers we are linked to. */
  setProfileCard(card: ProfileCard): void {
    this.ownCard = card;
    this.directory.offerCard(card, this.now(), MAX_CLOCK_SKEW_MS);
    this.client.publish(card, this.linked());
  }

  get profileCard(): ProfileCard | undefined {
    return this.ownCard;
  }

  /** Searches what we know and what the super peers we are linked to know; the newest record of each person wins. */
  async search(query: string): Promise<DirectoryHit[]> {
    const remote = await this.client.ask(this.linked(), query);
    const local = this.directory.search(query, this.init.gossip.liveRecords());
    const best = new Map<PeerId, DirectoryHit>();
    for (const match of [...local.map((m) => ({ ...m, local: true })), ...remote.map((m) => ({ ...m, local: false }))]) {
      const held = best.get(match.record.peerId);
      if (!held || held.record.issuedAt < match.record.issuedAt)
        best.set(match.record.peerId, { ...match, card: this.directory.card(match.record.peerId) ?? match.card });
    }
    return [...best.values()].sort((a, b) => a.record.name.localeCompare(b.record.name));
  }

  private receiveCards(link: Link, frame: FrameOf<'cards'>): void {
    const news: ProfileCard[] = [];
    for (const card of frame.cards) {
      const { news: isNew, problem } = this.directory.offerCard(card, this.now(), MAX_CLOCK_SKEW_MS);
      if (problem) link.drop('bad-signature', `profile card of ${card.peerId}: ${problem}`);
      else if (isNew) news.push(card);
    }
    if (news.length > 0) this.services?.directory.shareCards(news, link);
  }

  private refuse(link: Link, ref?: number): void {
    link.send({ t: 'mail-refused', code: 'not-a-mailbox', reason: 'this node is not serving as a super peer', ref });
  }

  /** The mailbox and directory frames; the engine hands each here. */
  handle(
    link: Link,
    frame: FrameOf<
      'deposit' | 'deposited' | 'mail-refused' | 'fetch' | 'fetched' | 'mail-done' | 'cards' | 'dir-query' | 'dir-result'
    >,
  ): void {
    const { messaging } = this.init;
    const services = this.services;
    switch (frame.t) {
      case 'deposit':
        return services ? services.mailbox.receiveDeposit(link, frame) : this.refuse(link);
      case 'deposited':
        return messaging.receiveDeposited(link, frame);
      case 'mail-refused':
        return frame.ref !== undefined ? this.client.receiveRefused(link, frame) : messaging.receiveMailRefused(link, frame);
      case 'fetch':
        return services ? services.mailbox.receiveFetch(link, frame) : this.refuse(link);
      case 'fetched':
        return messaging.receiveFetched(link, frame);
      case 'mail-done':
        return services?.mailbox.receiveMailDone(link, frame);
      case 'cards':
        return this.receiveCards(link, frame);
      case 'dir-query':
        return services ? services.directory.receiveQuery(link, frame) : this.refuse(link, frame.ref);
      case 'dir-result':
        return this.client.receiveResult(link, frame);
    }
  }

  stop(): void {
    this.services?.mailbox.stop();
  }
}
