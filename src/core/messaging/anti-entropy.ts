import type { PeerId } from '../identity';
import type { Link } from '../link';
import type { GroupId } from '../model';
import type { Envelope, FrameOf } from '../wire/frames';
import type { MessagingContext } from './context';

/** Messages sent per summary received; a longer gap is closed over further rounds. */
const SYNC_BUDGET = 500;

/**
 * Anti-entropy by clock summaries. When two members meet, each sends, for
 * every conversation they share, how far it holds each author's messages
 * (per-author sequence numbers have no gaps, so one number says it all). Each
 * side then sends exactly what the other lacks, whoever wrote it. So after a
 * partition nothing is resent wholesale, and a message reaches members the
 * author never met, through any member who has it. A summary also tells us
 * which of our own messages the peer holds: those count as delivered.
 */
export class AntiEntropy {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly ctx: MessagingContext,
    private readonly delivered: (ids: string[]) => void,
  ) {}

  private get self(): PeerId {
    return this.ctx.identity.peerId;
  }

  /** The conversations we share with a peer: our direct one, and every group we are both in. */
  private shared(peer: PeerId): Array<GroupId | undefined> {
    const groups = this.ctx.store.groups
      .list()
      .filter((g) => g.isMember && g.members.includes(peer))
      .map((g) => g.id);
    return [undefined, ...groups];
  }

  linked(link: Link): void {
    for (const group of this.shared(link.remote!.peerId)) this.summarise(link, group, false);
  }

  /** Live delivery can leave gaps (a forward lost on the way); a periodic comparison closes them. */
  start(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      for (const peer of this.ctx.linkedPeers()) {
        const link = this.ctx.readyLink(peer);
        if (link) this.linked(link);
      }
    }, this.ctx.timing.syncEveryMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** After a change to a group (someone added), its members compare notes on the next summary. */
  summarise(link: Link, group: GroupId | undefined, reply: boolean): void {
    const conversation = group ?? link.remote!.peerId;
    link.send({ t: 'sync', group, have: this.ctx.store.frontier(conversation), reply });
  }

  receive(link: Link, frame: FrameOf<'sync'>): void {
    const peer = link.remote!.peerId;
    const { store, platform } = this.ctx;
    if (frame.group) {
      const group = store.groups.get(frame.group);
      if (!group?.isMember || !group.members.includes(peer)) return link.drop('unexpected', 'summary of a group we do not share');
    }
    const conversation = frame.group ?? peer;
    const theirs = new Map(frame.have);
    const mine = theirs.get(this.self);
    if (mine) this.delivered(store.deliveries.markDeliveredUpTo(conversation, this.self, peer, mine, platform.clock.now()));

    const ours = new Map(store.frontier(conversation));
    let budget = SYNC_BUDGET;
    for (const [author, upTo] of ours) {
      const from = theirs.get(author) ?? 0;
      // The outbox already sends our own; a peer's own are theirs. Summaries fill in everyone else's.
      if (upTo <= from || author === peer || author === this.self || budget <= 0) continue;
      for (const message of store.messagesAfter(conversation, author, from, budget)) {
        if (!message.envelope) continue;
        link.send({ t: 'msg', message: JSON.parse(message.envelope) as Envelope });
        budget -= 1;
      }
    }
    const behind = [...theirs].some(([author, upTo]) => upTo > (ours.get(author) ?? 0));
    // Ran out of budget: ask for their summary again once these have landed, and carry on from there.
    if (budget <= 0) this.summarise(link, frame.group, false);
    else if (behind && !frame.reply) this.summarise(link, frame.group, true);
  }
}
