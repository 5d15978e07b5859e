import { b64, base32 } from '../bytes';
import { verifySignature, type Identity, type PeerId } from '../identity';
import type { Message } from '../model';
import type { WireMessage } from '../wire/frames';

/** Fields the author signs; everything a receiver shows comes from these. */
function signedFields(m: Omit<WireMessage, 'sig'>) {
  return { id: m.id, from: m.from, to: m.to, sentAt: m.sentAt, text: m.text };
}

export function newMessageId(randomBytes: (n: number) => Uint8Array): string {
  return base32.encode(randomBytes(16));
}

export function signMessage(identity: Identity, fields: Omit<WireMessage, 'sig' | 'from'>): WireMessage {
  const unsigned = { ...fields, from: identity.peerId };
  const sig = b64.encode(identity.sign('message', signedFields(unsigned)));
  return { ...unsigned, sig };
}

export function verifyMessage(message: WireMessage): boolean {
  return verifySignature(message.from, 'message', signedFields(message), b64.decode(message.sig));
}

/** The local view of a one-to-one message: its conversation is the other party. */
export function conversationOf(message: { from: PeerId; to: PeerId }, self: PeerId): string {
  return message.from === self ? message.to : message.from;
}

export interface StoredMessage extends Message {
  sig: string;
}

export function toWire(message: StoredMessage): WireMessage {
  return { id: message.id, from: message.from, to: message.to, sentAt: message.sentAt, text: message.text, sig: message.sig };
}

export function toPublic(message: StoredMessage): Message {
  const { sig: _sig, ...rest } = message;
  return rest;
}
