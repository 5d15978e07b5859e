import type { StoredMessage } from '../../src/core/store';

/** A received text message as a store row, for tests and benchmarks that fill a store directly. */
export function textRow(
  fields: Pick<StoredMessage, 'id' | 'conversation' | 'text' | 'sentAt'> & Partial<StoredMessage>,
): StoredMessage {
  return {
    from: 'a'.repeat(52),
    to: 'b'.repeat(52),
    seq: 0,
    kind: 'text',
    storedAt: fields.sentAt,
    state: 'received',
    outgoing: false,
    readAt: null,
    replyTo: null,
    target: null,
    content: null,
    heldSince: null,
    editedAt: null,
    deleted: false,
    envelope: '',
    ...fields,
  };
}
