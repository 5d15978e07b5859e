import { b64, base32, utf8 } from '../bytes';
import { derivePairwiseKey } from '../crypto/conversation-keys';
import { messageAad, open, seal } from '../crypto/sealed-box';
import { verifySignature, type Identity, type PeerId } from '../identity';
import { z } from 'zod';
import { MESSAGE_TEXT_MAX, type Message } from '../model';
import { MessageIdSchema, WireMessageSchema, type WireMessage } from '../wire/frames';

/**
 * A direct message on the wire: the text sealed for the recipient under the
 * pair's key, then the header and sealed body signed by the author
 * (docs/E2E.md). Anyone can check who wrote it; only the two can read it.
 */
const DIRECT_CONVERSATION = 'dm';

type Header = Pick<WireMessage, 'id' | 'from' | 'to' | 'sentAt'>;
const header = (m: Header) => ({ id: m.id, from: m.from, to: m.to, sentAt: m.sentAt });
const signedFields = (m: Omit<WireMessage, 'sig'>) => ({ ...header(m), body: m.body });

export function newMessageId(randomBytes: (n: number) => Uint8Array): string {
  return base32.encode(randomBytes(16));
}

/** The key both ends of a direct conversation derive on their own. */
export function directMessageKey(identity: Identity, them: PeerId): Uint8Array {
  return derivePairwiseKey(identity.agree, identity.peerId, them, DIRECT_CONVERSATION);
}

/**
 * What is sealed: the text and, for a reply, the id of the message it
 * answers. Relays and stores in between see neither.
 */
export const MessageContentSchema = z.strictObject({
  text: z.string().min(1).max(MESSAGE_TEXT_MAX),
  replyTo: MessageIdSchema.optional(),
});
export type MessageContent = z.infer<typeof MessageContentSchema>;

/** Sealed content above this many bytes is refused before it is sent. */
export const MAX_CONTENT_BYTES = 64 * 1024;

export function sealMessage(
  identity: Identity,
  key: Uint8Array,
  fields: { id: string; to: PeerId; sentAt: number; content: MessageContent },
  randomBytes: (n: number) => Uint8Array,
): WireMessage {
  const head = header({ ...fields, from: identity.peerId });
  const plaintext = utf8.encode(JSON.stringify(fields.content));
  if (plaintext.length > MAX_CONTENT_BYTES)
    throw new RangeError(`content of ${plaintext.length} bytes exceeds ${MAX_CONTENT_BYTES}`);
  const body = b64.encode(seal(key, plaintext, messageAad(head), randomBytes));
  return { ...head, body, sig: b64.encode(identity.sign('message', signedFields({ ...head, body }))) };
}

export function verifyMessage(message: WireMessage): boolean {
  return verifySignature(message.from, 'message', signedFields(message), b64.decode(message.sig));
}

/** The content, or throws: a DecryptionError for a body that is not ours to read, a RangeError for content that breaks the schema. */
export function openMessage(key: Uint8Array, message: WireMessage): MessageContent {
  const plaintext = utf8.decode(open(key, b64.decode(message.body), messageAad(header(message))));
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    throw new RangeError('content is not JSON');
  }
  const content = MessageContentSchema.safeParse(value);
  if (!content.success || content.data.text.trim().length === 0) throw new RangeError('content does not match its schema');
  return content.data;
}

/** The local view of a one-to-one message: its conversation is the other party. */
export function conversationOf(message: { from: PeerId; to: PeerId }, self: PeerId): string {
  return message.from === self ? message.to : message.from;
}

/** A message as this node keeps it: readable text for the UI, and the signed envelope to send again. */
export interface StoredMessage extends Message {
  sig: string;
  /** The WireMessage as JSON; empty for rows written before schema v3. */
  envelope: string;
}

export function toWire(message: StoredMessage): WireMessage | undefined {
  if (!message.envelope) return undefined;
  const parsed = WireMessageSchema.safeParse(JSON.parse(message.envelope));
  return parsed.success ? parsed.data : undefined;
}

export function toPublic(message: StoredMessage): Message {
  const { sig: _sig, envelope: _envelope, ...rest } = message;
  return rest;
}
