import { sha256 } from '@noble/hashes/sha2.js';
import { base32, utf8 } from '../bytes';
import { deferred } from '../deferred';
import { LanlineError } from '../errors';
import type { PeerId } from '../identity';
import type { Link } from '../link';
import { GROUP_MEMBERS_MAX, GroupNameSchema, type Group, type GroupId } from '../model';
import type { GroupRecord, StoredMessage } from '../store';
import type { FrameOf } from '../wire/frames';
import type { Content, GroupChange } from './content';
import type { MessagingContext, MessagingEvents } from './context';
import { newGroupId, newInviteToken } from './envelope';
import { foldGroup, type GroupFold } from './group-state';

export interface WriteOptions {
  /** Start a new epoch whose key is sealed for exactly these members. */
  epochFor?: PeerId[];
  /** Who should receive it, when that is not simply the other members. */
  recipients?: PeerId[];
}
export type Write = (conversation: string, content: Content, options?: WriteOptions) => StoredMessage;

/** How long a group invite can be used. */
export const GROUP_INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const JOIN_TIMEOUT_MS = 15_000;

const tokenHash = (token: string) => base32.encode(sha256(utf8.encode(token)));
const sameSet = (a: PeerId[], b: PeerId[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;

/**
 * Groups: their state (a fold over signed membership changes, see
 * group-state.ts), the epoch keys, and the changes a member can make.
 * Every change is an ordinary message in the group's conversation, so it is
 * delivered, ordered and synchronised exactly like text.
 */
export class Groups {
  private readonly folds = new Map<GroupId, GroupFold | undefined>();
  private readonly joins = new Map<GroupId, { resolve: (g: Group) => void; reject: (e: Error) => void }>();
  /** Set by Messaging, which owns composing; groups only decide what to write. */
  write!: Write;

  constructor(
    private readonly ctx: MessagingContext,
    private readonly events: MessagingEvents,
  ) {}

  private get self(): PeerId {
    return this.ctx.identity.peerId;
  }

  fold(id: GroupId): GroupFold | undefined {
    if (!this.folds.has(id)) this.folds.set(id, this.computeFold(id));
    return this.folds.get(id);
  }

  private computeFold(id: GroupId): GroupFold | undefined {
    const changes = this.ctx.store.groups.changes(id).map((m) => ({
      id: m.id,
      from: m.from,
      at: m.sentAt,
      change: JSON.parse(m.content!) as GroupChange,
    }));
    return foldGroup(changes, this.self);
  }

  /** Re-derives a group after one of its changes showed. */
  recompute(id: GroupId): void {
    this.folds.delete(id);
    const fold = this.fold(id);
    if (!fold) return;
    const { store, keys, platform } = this.ctx;
    const existing = store.groups.get(id);
    const changes = store.groups.changes(id);
    const first = changes[0] && (JSON.parse(changes[0].content!) as GroupChange);
    const joinedAt = existing?.joinedAt ?? (first && first.op !== 'create' ? changes[0]!.sentAt : null);
    const epoch = [...fold.epochs].reverse().find((e) => keys.epoch(id, e.id));
    // A later change that adds us again undoes being left out.
    const readded = changes.some((m) => {
      const change = JSON.parse(m.content!) as GroupChange;
      return change.op === 'add' && change.member === this.self && m.storedAt >= (existing?.leftOutAt ?? Infinity);
    });
    const leftOutAt = readded ? null : (existing?.leftOutAt ?? null);
    const record: GroupRecord = {
      id,
      name: fold.name,
      members: fold.members,
      admins: fold.admins,
      createdBy: fold.createdBy,
      createdAt: fold.createdAt,
      epoch: epoch?.id ?? null,
      keyHolders: epoch?.members ?? [],
      isMember: fold.members.includes(this.self) && leftOutAt === null,
      leftOutAt,
      joinedAt,
    };
    store.groups.save(record);
    const view = this.toPublic(record);
    this.events.onDidChangeGroup.fire(view);
    if (view.isMember) this.joins.get(id)?.resolve(view);
    platform.log.debug('group changed', { group: id, members: fold.members.length });
  }

  /** A new epoch was sealed for everyone but us: we were removed (we cannot read the change itself). */
  noteLeftOut(id: GroupId, by: PeerId): void {
    const record = this.ctx.store.groups.get(id);
    if (!record?.isMember || !record.members.includes(by)) return;
    const updated = { ...record, isMember: false, leftOutAt: this.ctx.platform.clock.now() };
    this.ctx.store.groups.save(updated);
    this.ctx.platform.log.info('left out of a new group epoch', { group: id, by });
    this.events.onDidChangeGroup.fire(this.toPublic(updated));
  }

  toPublic(record: GroupRecord): Group {
    return {
      id: record.id,
      name: record.name,
      members: record.members.map((peerId) => ({ peerId, name: this.ctx.nameOf(peerId), admin: record.admins.includes(peerId) })),
      isMember: record.isMember,
      isAdmin: record.isMember && record.admins.includes(this.self),
      createdBy: record.createdBy,
      createdAt: record.createdAt,
    };
  }

  list(): Group[] {
    return this.ctx.store.groups.list().map((r) => this.toPublic(r));
  }

  get(id: GroupId): Group {
    return this.toPublic(this.record(id));
  }

  private record(id: GroupId): GroupRecord {
    const record = this.ctx.store.groups.get(id);
    if (!record) throw new LanlineError('unknown-group', `No group ${id} is known to this node.`);
    return record;
  }

  private member(id: GroupId): GroupRecord {
    const record = this.record(id);
    if (!record.isMember) throw new LanlineError('not-a-member', `You are no longer a member of "${record.name}".`);
    return record;
  }

  create(name: string, members: PeerId[]): Group {
    const title = GroupNameSchema.parse(name);
    const others = [...new Set(members)].filter((m) => m !== this.self);
    if (others.length + 1 > GROUP_MEMBERS_MAX)
      throw new LanlineError('invalid-input', `A group has at most ${GROUP_MEMBERS_MAX} members.`);
    for (const peer of others)
      if (!this.ctx.knows(peer)) throw new LanlineError('unknown-peer', `No peer ${peer} is known to this node.`);
    const id = newGroupId(this.ctx.platform.randomBytes);
    const all = [this.self, ...others];
    this.write(id, { k: 'group', op: 'create', name: title, members: all }, { epochFor: all, recipients: others });
    return this.get(id);
  }

  add(id: GroupId, peer: PeerId): Group {
    const record = this.member(id);
    if (record.members.includes(peer)) throw new LanlineError('invalid-input', `${this.ctx.nameOf(peer)} is already a member.`);
    if (record.members.length >= GROUP_MEMBERS_MAX)
      throw new LanlineError('invalid-input', `A group has at most ${GROUP_MEMBERS_MAX} members.`);
    const members = [...record.members, peer];
    const floor = this.ctx.store.heads(id, GROUP_MEMBERS_MAX + 1).filter(([author]) => author !== this.self);
    this.write(
      id,
      {
        k: 'group',
        op: 'add',
        member: peer,
        members,
        name: record.name,
        admins: record.admins,
        createdBy: record.createdBy,
        createdAt: record.createdAt,
        floor,
      },
      { epochFor: members },
    );
    return this.get(id);
  }

  remove(id: GroupId, peer: PeerId): Group {
    const record = this.member(id);
    if (!record.admins.includes(this.self))
      throw new LanlineError('unauthorized', 'Only an admin of the group can remove members.');
    if (peer === this.self) throw new LanlineError('invalid-input', 'To leave a group, use leave.');
    if (!record.members.includes(peer)) throw new LanlineError('invalid-input', `${this.ctx.nameOf(peer)} is not a member.`);
    const members = record.members.filter((m) => m !== peer);
    // The removed member is told too: they cannot open it, but see that the new key left them out.
    this.write(
      id,
      { k: 'group', op: 'remove', member: peer, members },
      { epochFor: members, recipients: record.members.filter((m) => m !== this.self) },
    );
    return this.get(id);
  }

  leave(id: GroupId): Group {
    this.member(id);
    this.write(id, { k: 'group', op: 'leave' });
    return this.get(id);
  }

  rename(id: GroupId, name: string): Group {
    this.member(id);
    this.write(id, { k: 'group', op: 'rename', name: GroupNameSchema.parse(name) });
    return this.get(id);
  }

  /** Before writing in a group: after someone left, or when we hold no key for the current epoch, start a fresh one. */
  ensureKey(id: GroupId): void {
    const record = this.member(id);
    if (record.epoch !== null && sameSet(record.keyHolders, record.members)) return;
    this.write(id, { k: 'group', op: 'rekey', members: record.members }, { epochFor: record.members });
  }

  /** A secret that lets whoever holds it ask a member to add them, until it expires. */
  createInvite(id: GroupId): string {
    this.member(id);
    const token = newInviteToken(this.ctx.platform.randomBytes);
    this.ctx.store.groups.saveInvite(tokenHash(token), id, this.ctx.platform.clock.now() + GROUP_INVITE_TTL_MS);
    return token;
  }

  /** Someone linked to us presents an invite: add them, or say why not. */
  receiveJoin(link: Link, frame: FrameOf<'join'>): void {
    const peer = link.remote!.peerId;
    const refuse = (reason: string) => {
      this.ctx.platform.log.info('refused a group join', { peer, group: frame.group, reason });
      link.send({ t: 'join-refused', group: frame.group, reason });
    };
    const group = this.ctx.store.groups.findInvite(tokenHash(frame.token), this.ctx.platform.clock.now());
    if (group !== frame.group) return refuse('This invite is not valid (it may have expired).');
    const record = this.ctx.store.groups.get(group);
    if (!record?.isMember) return refuse('The person who invited you is no longer in this group.');
    if (record.members.includes(peer)) return; // already in: the sync on this link brings them up to date
    try {
      this.add(group, peer);
    } catch (error) {
      refuse(error instanceof Error ? error.message : String(error));
    }
  }

  /** Asks the inviter (linked) to add us, and waits until the change that does arrives. */
  requestJoin(link: Link, group: GroupId, token: string): Promise<Group> {
    const existing = this.ctx.store.groups.get(group);
    if (existing?.isMember) return Promise.resolve(this.toPublic(existing));
    const waiting = deferred<Group>();
    this.joins.set(group, waiting);
    const timer = setTimeout(
      () => waiting.reject(new LanlineError('timeout', 'The inviter did not add you in time. Try the invite again.')),
      JOIN_TIMEOUT_MS,
    );
    link.send({ t: 'join', group, token });
    return waiting.promise.finally(() => {
      clearTimeout(timer);
      this.joins.delete(group);
    });
  }

  receiveJoinRefused(frame: FrameOf<'join-refused'>): void {
    this.joins.get(frame.group)?.reject(new LanlineError('unauthorized', frame.reason));
  }
}
