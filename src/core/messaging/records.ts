import type { PeerId } from '../identity';
import type { Envelope } from '../wire/frames';
import type { StoredMessage } from '../store';
import type { Content } from './content';
import { conversationOf, isGroupEnvelope } from './envelope';

type Opened = Pick<StoredMessage, 'kind' | 'text' | 'replyTo' | 'target' | 'content' | 'readAt'>;

/**
 * How opened content is kept. Only text is indexed for search; the other
 * kinds keep their details as JSON and count as read at once, since nothing
 * in them is a message a person has to read. Files are a text message (the
 * caption, perhaps empty) with the offer as its content: read like text.
 */
export function openedFields(content: Content | null | 'sealed', now: number, outgoing: boolean): Opened {
  const read = outgoing ? null : now;
  if (content === null) return { kind: 'text', text: '', replyTo: null, target: null, content: null, readAt: null };
  if (content === 'sealed') return { kind: 'sealed', text: '', replyTo: null, target: null, content: null, readAt: read };
  switch (content.k) {
    case 'text':
      return { kind: 'text', text: content.text, replyTo: content.replyTo ?? null, target: null, content: null, readAt: null };
    case 'file':
      return {
        kind: 'text',
        text: content.text ?? '',
        replyTo: null,
        target: null,
        content: JSON.stringify(content.offer),
        readAt: null,
      };
    case 'edit':
      return {
        kind: 'edit',
        text: '',
        replyTo: null,
        target: content.target,
        content: JSON.stringify({ text: content.text }),
        readAt: read,
      };
    case 'delete':
      return { kind: 'delete', text: '', replyTo: null, target: content.target, content: null, readAt: read };
    case 'react':
      return {
        kind: 'react',
        text: '',
        replyTo: null,
        target: content.target,
        content: JSON.stringify({ emoji: content.emoji, on: content.on }),
        readAt: read,
      };
    case 'group':
      return { kind: 'group', text: '', replyTo: null, target: null, content: JSON.stringify(content), readAt: read };
  }
}

/** A received or composed envelope as a row. `heldSince` is set while it waits in the ordering buffer. */
export function storedFromEnvelope(
  envelope: Envelope,
  self: PeerId,
  content: Content | null | 'sealed',
  now: number,
  heldSince: number | null,
): StoredMessage {
  const outgoing = envelope.from === self;
  return {
    id: envelope.id,
    conversation: conversationOf(envelope, self),
    from: envelope.from,
    to: isGroupEnvelope(envelope) ? envelope.group : envelope.to,
    seq: envelope.seq,
    sentAt: envelope.at,
    storedAt: now,
    state: outgoing ? 'pending' : 'received',
    outgoing,
    heldSince,
    editedAt: null,
    deleted: false,
    envelope: JSON.stringify(envelope),
    ...openedFields(content, now, outgoing),
  };
}
