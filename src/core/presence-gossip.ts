import { Emitter } from './events';
import type { Identity, PeerId } from './identity';
import type { Link } from './link';
import type { Role } from './model';
import type { Platform } from './platform';
import { PRESENCE_REFRESH_MS, PresenceBook, checkPresence, signPresence, type PresenceRecord } from './presence';
import type { RelayLoad } from './super-peer';
import { MAX_CLOCK_SKEW_MS, type FrameOf } from './wire/frames';

/**
 * Spreads signed presence records over verified links: our own, and those of
 * the peers we are linked to. A record newer than what we hold is passed on
 * to our other links, so news crosses a bridging node in one hop each way.
 */
export class PresenceGossip {
  private readonly book = new PresenceBook();
  /** For each peer, which of our links told us about them and when: the ways to forward to them. */
  private readonly heardVia = new Map<PeerId, Map<PeerId, number>>();
  private own: PresenceRecord | undefined;
  private addresses: string[] = [];

  /** A valid record from someone else, newer than what we had. */
  readonly onDidLearn = new Emitter<PresenceRecord>();

  constructor(
    private readonly identity: Identity,
    private readonly platform: Platform,
    private readonly profile: () => { name: string; role: Role; relay?: RelayLoad; avatar: string | null },
    private readonly links: () => Iterable<Link>,
  ) {}

  /** Where our signalling endpoint can be reached; re-signs and announces when it changes. */
  setAddresses(addresses: string[]): void {
    if (addresses.join() === this.addresses.join()) return;
    this.addresses = addresses;
    this.refresh();
  }

  /** Re-signs our record (name, role or addresses changed, or it is getting old) and tells everyone. */
  refresh(): void {
    this.own = signPresence(this.identity, { ...this.profile(), addresses: this.addresses }, this.platform.clock.now());
    for (const link of this.links()) link.send({ t: 'peers', records: [this.own] });
  }

  ownRecord(): PresenceRecord {
    const now = this.platform.clock.now();
    if (!this.own || now - this.own.issuedAt > PRESENCE_REFRESH_MS) this.refresh();
    return this.own!;
  }

  recordOf(peerId: PeerId): PresenceRecord | undefined {
    return this.book.get(peerId);
  }

  /** What a newly verified link gets: us, and everyone else we can vouch for being linked to. */
  greet(link: Link, linkedPeers: PeerId[]): void {
    const now = this.platform.clock.now();
    const others = linkedPeers
      .filter((id) => id !== link.remote?.peerId)
      .map((id) => this.book.get(id))
      .filter((r): r is PresenceRecord => r !== undefined && r.expiresAt > now);
    link.send({ t: 'peers', records: [this.ownRecord(), ...others].slice(0, 32) });
  }

  /** Linked peers that told us about `peer`, most recent first (the caller keeps only those still linked). */
  routesTo(peer: PeerId): PeerId[] {
    const via = this.heardVia.get(peer);
    return via ? [...via].sort((a, b) => b[1] - a[1]).map(([id]) => id) : [];
  }

  receive(link: Link, frame: FrameOf<'peers'>): void {
    this.accept(link, frame.records);
  }

  /**
   * Records a link brought (gossip, or a super peer's directory answer): the
   * valid ones are kept, and those that were news passed on. Returns the valid ones.
   */
  accept(link: Link, records: PresenceRecord[]): PresenceRecord[] {
    const now = this.platform.clock.now();
    const fresh: PresenceRecord[] = [];
    const valid: PresenceRecord[] = [];
    const from = link.remote!.peerId;
    for (const record of records) {
      if (record.peerId === this.identity.peerId) continue;
      const problem = checkPresence(record, now, MAX_CLOCK_SKEW_MS);
      if (problem) {
        link.drop('bad-signature', `presence record for ${record.peerId}: ${problem}`);
        continue;
      }
      valid.push(record);
      if (record.peerId !== from) {
        const via = this.heardVia.get(record.peerId) ?? new Map<PeerId, number>();
        via.set(from, now);
        this.heardVia.set(record.peerId, via);
      }
      if (this.book.offer(record)) fresh.push(record);
    }
    if (fresh.length === 0) return valid;
    for (const record of fresh) this.onDidLearn.fire(record);
    for (const other of this.links()) if (other !== link && other.remote) other.send({ t: 'peers', records: fresh });
    return valid;
  }

  /** Every live record we hold (not our own). */
  liveRecords(): PresenceRecord[] {
    return this.book.live(this.platform.clock.now());
  }

  /**
   * Re-signs and re-announces our record when it is getting old, so peers
   * (and super peers' directories) never hold an expired one of a node that
   * is still here. The engine's heartbeat calls this.
   */
  keepFresh(): void {
    if (this.own && this.platform.clock.now() - this.own.issuedAt > PRESENCE_REFRESH_MS) this.refresh();
  }
}
