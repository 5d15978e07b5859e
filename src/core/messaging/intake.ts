import { DecryptionError } from '../crypto/sealed-box';
import type { PeerId } from '../identity';
import type { StoredMessage } from '../store';
import type { DropReason } from '../wire/codec';
import { MAX_CLOCK_SKEW_MS, type Envelope, type GroupEnvelope } from '../wire/frames';
import { startsEpoch, type Content } from './content';
import type { MessagingContext } from './context';
import { conversationOf, isGroupEnvelope, openEnvelope, openEpochKey, verifyEnvelope } from './envelope';
import { mayWrite } from './group-state';
import type { Groups } from './groups';
import type { OrderingBuffer } from './ordering-buffer';
import { openedFields, storedFromEnvelope } from './records';

export type IntakeResult = { ok: true } | { ok: false; reason: DropReason; detail: string };
/** What opening a body gave: readable content, `null` while its epoch key has not arrived, or `sealed` when it never will. */
type Opened = { ok: true; content: Content | null | 'sealed' } | { ok: false; reason: DropReason; detail: string };

const drop = (reason: DropReason, detail: string): { ok: false; reason: DropReason; detail: string } => ({
  ok: false,
  reason,
  detail,
});
const sameSet = (a: string[], b: string[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;
const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Every envelope that reaches us, whoever carried it, passes here: clock,
 * addressing, signature, key, body and membership checks, then the ordering
 * buffer, then the store. Nothing that fails a check is stored; everything
 * stored may be acknowledged.
 */
export class Intake {
  constructor(
    private readonly ctx: MessagingContext,
    private readonly groups: Groups,
    private readonly buffer: OrderingBuffer,
    private readonly show: (message: StoredMessage) => void,
  ) {}

  private get self(): PeerId {
    return this.ctx.identity.peerId;
  }

  /** `carrier` is the peer it came from; for a group message it must be a member (or its author). */
  accept(envelope: Envelope, carrier: PeerId): IntakeResult {
    const { store, platform, clock } = this.ctx;
    if (envelope.from === this.self) return { ok: true }; // our own, coming back in a peer's summary
    const now = platform.clock.now();
    if (envelope.at > now + MAX_CLOCK_SKEW_MS) return drop('clock-skew', 'message from the future');
    if (!isGroupEnvelope(envelope) && envelope.to !== this.self) return drop('unexpected', 'message addressed to another peer');
    if (!verifyEnvelope(envelope)) return drop('bad-signature', `message ${envelope.id}`);
    const existing = store.getMessage(envelope.id);
    if (existing) {
      const same =
        existing.from === envelope.from &&
        existing.envelope !== '' &&
        (JSON.parse(existing.envelope) as Envelope).sig === envelope.sig;
      return same ? { ok: true } : drop('unexpected', 'message id collides with a different message');
    }
    if (isGroupEnvelope(envelope) && carrier !== envelope.from) {
      const group = store.groups.get(envelope.group);
      if (group && !group.members.includes(carrier) && !this.groups.fold(envelope.group)?.departedAt.has(carrier))
        return drop('unexpected', 'group message carried by someone who is not a member');
    }
    const opened = this.open(envelope);
    if (!opened.ok) return opened;
    const { content } = opened;
    const conversation = conversationOf(envelope, this.self);
    if (content !== null && content !== 'sealed' && content.k === 'group' && content.op === 'add' && content.member === this.self)
      // Where our history starts: everything the adder had, and the adder's own messages before this one.
      store.setFloor(conversation, [...content.floor, [envelope.from, envelope.seq - 1]]);
    const ready = content === 'sealed' || (content !== null && this.buffer.isReady(conversation, envelope));
    if (!ready && !this.buffer.canHold(envelope.from))
      return drop('buffer-full', `too many messages from ${envelope.from} wait for earlier ones`);
    const stored = storedFromEnvelope(envelope, this.self, content, now, ready ? null : now);
    store.insertMessage(stored);
    clock.observe(envelope.at);
    if (ready) {
      this.show(stored);
      this.buffer.releaseReady(conversation);
    } else this.buffer.reportWaiting(conversation);
    return { ok: true };
  }

  /** For a held message whose key may have arrived. False while it is still sealed; a body that fails to open is forgotten. */
  openHeld(message: StoredMessage): boolean {
    const opened = this.open(JSON.parse(message.envelope) as Envelope);
    if (!opened.ok) {
      this.ctx.platform.log.warn('dropped held message', { id: message.id, reason: opened.reason, detail: opened.detail });
      this.ctx.store.deleteMessage(message.id);
      return false;
    }
    if (opened.content === null) return false;
    this.ctx.store.setContent(message.id, openedFields(opened.content, this.ctx.platform.clock.now(), false));
    return true;
  }

  private open(envelope: Envelope): Opened {
    const { keys } = this.ctx;
    if (!isGroupEnvelope(envelope)) {
      const content = this.openBody(keys.directWith(envelope.from), envelope);
      if (content.ok && content.content?.k === 'group') return drop('unexpected', 'membership change in a one-to-one chat');
      return content;
    }
    return envelope.epoch === envelope.id ? this.openEpochStart(envelope) : this.openInEpoch(envelope);
  }

  private openBody(key: Uint8Array, envelope: Envelope): { ok: true; content: Content } | ReturnType<typeof drop> {
    try {
      return { ok: true, content: openEnvelope(key, envelope) };
    } catch (error) {
      return drop('undecryptable', `message ${envelope.id}: ${why(error)}`);
    }
  }

  /** A membership change that brings a new key: the key must open, and must have gone to exactly the members it names. */
  private openEpochStart(envelope: GroupEnvelope): Opened {
    const { identity, store, keys } = this.ctx;
    if (!envelope.keys) return drop('schema', 'a new epoch without its keys');
    const record = store.groups.get(envelope.group);
    let key: Uint8Array | undefined;
    try {
      key = openEpochKey(identity, envelope);
    } catch (error) {
      return drop(
        'undecryptable',
        `epoch key in ${envelope.id}: ${error instanceof DecryptionError ? error.reason : why(error)}`,
      );
    }
    if (!key) {
      if (!record) return drop('unexpected', 'a group this node is not in');
      // Sealed for the others only: we left or were removed.
      this.groups.noteLeftOut(envelope.group, envelope.from);
      return { ok: true, content: 'sealed' };
    }
    const opened = this.openBody(key, envelope);
    if (!opened.ok) return opened;
    const { content } = opened;
    if (content.k !== 'group' || !startsEpoch(content)) return drop('unexpected', 'an epoch must start with a membership change');
    if (!sameSet(Object.keys(envelope.keys), content.members))
      return drop('unexpected', 'the new key was not sealed for exactly the members');
    const joining = content.op === 'create' || (content.op === 'add' && content.member === identity.peerId);
    if (!record && !joining) return drop('unexpected', 'a group this node is not in');
    if (record && !joining) {
      const membership = this.checkAuthor(envelope);
      if (membership) return membership;
    }
    keys.remember(envelope.group, envelope.id, key);
    return opened;
  }

  private openInEpoch(envelope: GroupEnvelope): Opened {
    const { store, keys } = this.ctx;
    const record = store.groups.get(envelope.group);
    if (!record) return drop('unexpected', 'a group this node is not in');
    const key = keys.epoch(envelope.group, envelope.epoch);
    if (!key) {
      // From before we joined: never ours to read, but kept so the author's sequence has no gap.
      if (record.joinedAt !== null && envelope.at < record.joinedAt) return { ok: true, content: 'sealed' };
      return { ok: true, content: null };
    }
    const membership = this.checkAuthor(envelope);
    if (membership) return membership;
    return this.openBody(key, envelope);
  }

  private checkAuthor(envelope: GroupEnvelope): ReturnType<typeof drop> | undefined {
    const fold = this.groups.fold(envelope.group);
    if (fold && !mayWrite(fold, envelope.from, envelope.at)) return drop('not-a-member', `${envelope.from} is not a member`);
    return undefined;
  }
}
