import { b64, base32, utf8 } from '../bytes';
import type { Canonical } from '../canonical';
import { derivePairwiseKey } from '../crypto/conversation-keys';
import { messageAad, open, openKey, seal, sealKeyFor } from '../crypto/sealed-box';
import { verifySignature, type Identity, type PeerId } from '../identity';
import type { GroupId } from '../model';
import type { DirectEnvelope, Envelope, GroupEnvelope } from '../wire/frames';
import { ContentSchema, MAX_CONTENT_BYTES, type Content } from './content';

/**
 * Envelopes (docs/E2E.md): the content is sealed under the conversation's key
 * with the whole header as associated data, then header and sealed body are
 * signed by the author. Anyone can check who wrote it; only members can read it.
 */

/** The direct conversation's label in its pairwise key derivation. */
const DIRECT_CONVERSATION = 'dm';

export type EnvelopeHeader = Omit<DirectEnvelope, 'body' | 'sig' | 'from'> | Omit<GroupEnvelope, 'body' | 'sig' | 'from'>;

export const isGroupEnvelope = (envelope: Envelope): envelope is GroupEnvelope => 'group' in envelope;

export function newMessageId(randomBytes: (n: number) => Uint8Array): string {
  return base32.encode(randomBytes(16));
}

export function newGroupId(randomBytes: (n: number) => Uint8Array): GroupId {
  return `g${base32.encode(randomBytes(16))}`;
}

/** The invite secret a group member hands out; 128 bits, the same alphabet as ids. */
export const newInviteToken = newMessageId;

/** The key both ends of a direct conversation derive on their own. */
export function directKey(identity: Identity, them: PeerId): Uint8Array {
  return derivePairwiseKey(identity.agree, identity.peerId, them, DIRECT_CONVERSATION);
}

type Unsealed = Omit<Envelope, 'body' | 'sig'> & { body?: string; sig?: string };

/** Everything but the body and signature: what the body is sealed to, as AAD. */
function header(envelope: Unsealed): Canonical {
  const { body: _body, sig: _sig, ...rest } = envelope;
  return rest as unknown as Canonical;
}

const signedFields = (envelope: Unsealed & { body: string }): Canonical => ({
  ...(header(envelope) as object),
  body: envelope.body,
});

export function sealEnvelope(
  identity: Identity,
  key: Uint8Array,
  head: EnvelopeHeader,
  content: Content,
  randomBytes: (n: number) => Uint8Array,
): Envelope {
  const fields = { ...head, from: identity.peerId } as Unsealed;
  const plaintext = utf8.encode(JSON.stringify(content));
  if (plaintext.length > MAX_CONTENT_BYTES)
    throw new RangeError(`content of ${plaintext.length} bytes exceeds ${MAX_CONTENT_BYTES}`);
  const body = b64.encode(seal(key, plaintext, messageAad(header(fields)), randomBytes));
  const sig = b64.encode(identity.sign('message', signedFields({ ...fields, body })));
  return { ...fields, body, sig } as Envelope;
}

export function verifyEnvelope(envelope: Envelope): boolean {
  return verifySignature(envelope.from, 'message', signedFields(envelope), b64.decode(envelope.sig));
}

/** The content, or throws: a DecryptionError for a body that is not ours to read, a RangeError for content that breaks the schema. */
export function openEnvelope(key: Uint8Array, envelope: Envelope): Content {
  const plaintext = utf8.decode(open(key, b64.decode(envelope.body), messageAad(header(envelope))));
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    throw new RangeError('content is not JSON');
  }
  const content = ContentSchema.safeParse(value);
  if (!content.success) throw new RangeError('content does not match its schema');
  if ((content.data.k === 'text' || content.data.k === 'edit') && content.data.text.trim().length === 0)
    throw new RangeError('empty text');
  return content.data;
}

/** The local name of a message's conversation: the other person, or the group. */
export function conversationOf(envelope: Envelope, self: PeerId): string {
  if (isGroupEnvelope(envelope)) return envelope.group;
  return envelope.from === self ? envelope.to : envelope.from;
}

const epochKeyAad = (group: GroupId, epoch: string, from: PeerId, to: PeerId): Uint8Array =>
  utf8.encode(JSON.stringify([group, epoch, from, to]));

/**
 * Seals a group epoch's key for each member, under the pairwise key derived
 * for this group (not the pair's direct-message key), naming the group, the
 * epoch and both peers in the AAD.
 */
export function sealEpochKeys(
  identity: Identity,
  group: GroupId,
  epoch: string,
  key: Uint8Array,
  members: PeerId[],
  randomBytes: (n: number) => Uint8Array,
): Record<PeerId, string> {
  const sealed: Record<PeerId, string> = {};
  for (const member of members) {
    const pairwise = derivePairwiseKey(identity.agree, identity.peerId, member, group);
    sealed[member] = b64.encode(sealKeyFor(pairwise, key, epochKeyAad(group, epoch, identity.peerId, member), randomBytes));
  }
  return sealed;
}

/** Our copy of an epoch key from its envelope, or undefined when none was sealed for us. Throws DecryptionError on a bad box. */
export function openEpochKey(identity: Identity, envelope: GroupEnvelope): Uint8Array | undefined {
  const sealed = envelope.keys?.[identity.peerId];
  if (!sealed) return undefined;
  const pairwise = derivePairwiseKey(identity.agree, identity.peerId, envelope.from, envelope.group);
  return openKey(pairwise, b64.decode(sealed), epochKeyAad(envelope.group, envelope.id, envelope.from, identity.peerId));
}
