import type { PeerId } from '../identity';
import type { Link } from '../link';
import type { Platform } from '../platform';
import type { PresenceRecord } from '../presence';
import { MAX_CLOCK_SKEW_MS, type FrameOf } from '../wire/frames';
import type { Directory, DirectoryMatch } from './directory';
import type { ProfileCard } from './profile-card';

export interface DirectoryClientInit {
  platform: Platform;
  directory: Directory;
  /** Records from a super peer are taken as gossip from it: checked, kept, and a reason to dial. Returns the valid ones. */
  learn(link: Link, records: PresenceRecord[]): PresenceRecord[];
  /** Our own signed card, if we publish one. */
  ownCard(): ProfileCard | undefined;
}

/** How long a search waits for the super peers' answers. */
export const SEARCH_TIMEOUT_MS = 2000;

interface Pending {
  waiting: Set<PeerId>;
  found: DirectoryMatch[];
  done(): void;
}

/**
 * A client's side of the directory: it publishes its card to the super
 * peers it links to, asks them for the records it lacks, and searches them.
 */
export class DirectoryClient {
  private nextRef = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly init: DirectoryClientInit) {}

  /** A super peer linked: give it our card, and ask it who else is around. */
  superPeerLinked(link: Link): void {
    const card = this.init.ownCard();
    if (card) link.send({ t: 'cards', cards: [card] });
    void this.ask([link], '');
  }

  /** Our card changed: the super peers hear at once. */
  publish(card: ProfileCard, superPeers: Link[]): void {
    for (const link of superPeers) link.send({ t: 'cards', cards: [card] });
  }

  /** Asks each super peer; resolves with every answer that came within the timeout. */
  ask(links: Link[], query: string, timeoutMs = SEARCH_TIMEOUT_MS): Promise<DirectoryMatch[]> {
    if (links.length === 0) return Promise.resolve([]);
    const ref = this.nextRef++ % 2 ** 32;
    return new Promise((resolve) => {
      const entry: Pending = {
        waiting: new Set(links.map((l) => l.remote!.peerId)),
        found: [],
        done: () => {
          clearTimeout(timer);
          this.pending.delete(ref);
          resolve(entry.found);
        },
      };
      const timer = setTimeout(entry.done, timeoutMs);
      this.pending.set(ref, entry);
      for (const link of links) if (!link.send({ t: 'dir-query', ref, query })) entry.waiting.delete(link.remote!.peerId);
      if (entry.waiting.size === 0) entry.done();
    });
  }

  receiveResult(link: Link, frame: FrameOf<'dir-result'>): void {
    const from = link.remote!.peerId;
    const entry = this.pending.get(frame.ref);
    if (!entry?.waiting.has(from)) return link.drop('unexpected', 'directory answer to no question');
    const now = this.init.platform.clock.now();
    for (const card of frame.cards) {
      const { problem } = this.init.directory.offerCard(card, now, MAX_CLOCK_SKEW_MS);
      if (problem) link.drop('bad-signature', `profile card of ${card.peerId}: ${problem}`);
    }
    for (const record of this.init.learn(link, frame.records))
      entry.found.push({ record, card: this.init.directory.card(record.peerId) });
    entry.waiting.delete(from);
    if (entry.waiting.size === 0) entry.done();
  }

  /** A super peer would not answer (throttled, or it is not one). */
  receiveRefused(link: Link, frame: FrameOf<'mail-refused'>): void {
    const entry = frame.ref !== undefined ? this.pending.get(frame.ref) : undefined;
    this.init.platform.log.info('directory search refused', { superPeer: link.remote!.peerId, code: frame.code });
    if (!entry?.waiting.delete(link.remote!.peerId)) return;
    if (entry.waiting.size === 0) entry.done();
  }
}
