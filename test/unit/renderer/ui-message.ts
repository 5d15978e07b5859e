import type { Message } from '../../../src/core/model';

/** A message as the UI receives it, for renderer tests: a delivered text from 'a…' to 'b…' unless told otherwise. */
export function uiMessage(fields: Partial<Message> & Pick<Message, 'id'>): Message {
  return {
    conversation: 'b'.repeat(52),
    from: 'a'.repeat(52),
    to: 'b'.repeat(52),
    kind: 'text',
    text: fields.id,
    sentAt: 1,
    storedAt: fields.sentAt ?? 1,
    state: 'delivered',
    outgoing: true,
    readAt: null,
    replyTo: null,
    editedAt: null,
    deleted: false,
    reactions: [],
    event: null,
    receipts: null,
    ...fields,
  };
}
