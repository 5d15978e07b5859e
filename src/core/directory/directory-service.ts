import type { Link } from '../link';
import type { Platform } from '../platform';
import type { PresenceRecord } from '../presence';
import { MAX_RECORDS_PER_FRAME } from '../presence';
import type { FrameOf } from '../wire/frames';
import type { Directory } from './directory';
import type { ProfileCard } from './profile-card';

export interface DirectoryServiceInit {
  platform: Platform;
  directory: Directory;
  /** The live presence records this node holds (its gossip book). */
  records(): PresenceRecord[];
  /** Links to the other super peers: the overlay the directory is shared over. */
  superPeerLinks(): Link[];
}

/** Queries one link may make per window; more are refused. */
const QUERIES_PER_WINDOW = 20;
const WINDOW_MS = 10_000;
/** What a super peer sends another when they link: at most this many frames of records and of cards. */
const MAX_SYNC_FRAMES = 64;

const chunks = <T>(items: T[], size: number, max: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length && out.length < max; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * The directory a super peer serves (docs/SUPER-PEERS.md, "Directory"): it
 * answers searches from the records it holds (gossip brings them) and the
 * profile cards peers publish to it, and shares both with the other super
 * peers, so someone on a subnet mDNS cannot cross is found through any of
 * them.
 */
export class DirectoryService {
  private readonly budgets = new WeakMap<Link, { count: number; since: number }>();

  constructor(private readonly init: DirectoryServiceInit) {}

  private withinBudget(link: Link): boolean {
    const now = this.init.platform.clock.now();
    const budget = this.budgets.get(link);
    if (!budget || now - budget.since > WINDOW_MS) {
      this.budgets.set(link, { count: 1, since: now });
      return true;
    }
    budget.count += 1;
    return budget.count <= QUERIES_PER_WINDOW;
  }

  receiveQuery(link: Link, frame: FrameOf<'dir-query'>): void {
    if (!this.withinBudget(link))
      return void link.send({
        t: 'mail-refused',
        code: 'throttled',
        reason: `at most ${QUERIES_PER_WINDOW} directory searches per ${WINDOW_MS / 1000} s`,
        ref: frame.ref,
        retryAfterMs: WINDOW_MS,
      });
    const asker = link.remote!.peerId;
    const matches = this.init.directory
      .search(
        frame.query,
        this.init.records().filter((r) => r.peerId !== asker),
      )
      .slice(0, MAX_RECORDS_PER_FRAME);
    link.send({
      t: 'dir-result',
      ref: frame.ref,
      records: matches.map((m) => m.record),
      cards: matches.map((m) => m.card).filter((c): c is ProfileCard => c !== undefined),
    });
  }

  /** Another super peer linked: it gets everything we know, and we get what it knows the same way. */
  superPeerLinked(link: Link): void {
    for (const records of chunks(this.init.records(), MAX_RECORDS_PER_FRAME, MAX_SYNC_FRAMES)) link.send({ t: 'peers', records });
    this.sendCards(link, this.init.directory.allCards());
  }

  /** New cards go on to the other super peers (not to clients: they ask). */
  shareCards(cards: ProfileCard[], except: Link | undefined): void {
    for (const link of this.init.superPeerLinks()) if (link !== except) this.sendCards(link, cards);
  }

  private sendCards(link: Link, cards: ProfileCard[]): void {
    for (const chunk of chunks(cards, MAX_RECORDS_PER_FRAME, MAX_SYNC_FRAMES)) link.send({ t: 'cards', cards: chunk });
  }
}
