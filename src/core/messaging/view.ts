import { isGroupId, type GroupEvent, type Message } from '../model';
import type { StoredMessage } from '../store';
import { attachmentOf, offerOf } from './attachments';
import type { GroupChange } from './content';
import type { MessagingContext } from './context';
import type { Groups } from './groups';

/** Turns stored rows into what the UI and CLI see: with reactions, group receipts and membership lines. */
export class MessageView {
  constructor(
    private readonly ctx: MessagingContext,
    private readonly groups: Groups,
  ) {}

  one(message: StoredMessage): Message {
    return this.many([message])[0]!;
  }

  many(messages: StoredMessage[]): Message[] {
    const { store } = this.ctx;
    const reactions = store.reactions(messages.map((m) => m.id));
    const groupOutgoing = messages.filter((m) => m.outgoing && isGroupId(m.conversation)).map((m) => m.id);
    const counts = store.deliveries.counts(groupOutgoing);
    return messages.map((m) => this.decorate(m, reactions, counts));
  }

  private decorate(
    m: StoredMessage,
    reactions: Map<string, Message['reactions']>,
    counts: Map<string, { delivered: number; read: number; of: number }>,
  ): Message {
    const offer = offerOf(m);
    return {
      id: m.id,
      conversation: m.conversation,
      from: m.from,
      to: m.to,
      kind: m.kind === 'group' ? 'event' : 'text',
      text: m.text,
      sentAt: m.sentAt,
      storedAt: m.storedAt,
      state: m.state,
      outgoing: m.outgoing,
      readAt: m.readAt,
      replyTo: m.replyTo,
      editedAt: m.editedAt,
      deleted: m.deleted,
      reactions: reactions.get(m.id) ?? [],
      event: m.kind === 'group' ? this.event(m) : null,
      receipts: isGroupId(m.conversation) && m.outgoing ? (counts.get(m.id) ?? { delivered: 0, read: 0, of: 0 }) : null,
      file: offer ? attachmentOf(offer, this.ctx.files.progress(offer.id)) : null,
    };
  }

  private event(message: StoredMessage): GroupEvent {
    const change = JSON.parse(message.content!) as GroupChange;
    return {
      op: change.op,
      member: 'member' in change ? change.member : null,
      name: 'name' in change ? change.name : null,
      applied: this.groups.fold(message.conversation)?.applied.has(message.id) ?? false,
    };
  }
}
