import { z } from 'zod';
import { GROUP_MEMBERS_MAX, GroupIdSchema, PeerIdSchema, RoleSchema } from '../model';
import { AvatarFrameSchemas } from '../avatar/avatar-frames';
import { ProfileCardSchema } from '../directory/profile-card';
import { FileFrameSchemas } from '../files/frames';
import { AddressStringSchema, MAX_RECORDS_PER_FRAME, PresenceRecordSchema } from '../presence';
import { PROTOCOL_VERSION } from './version';

/**
 * Every frame that crosses a data channel. docs/PROTOCOL.md describes each
 * field and limit; keep the two in step.
 */
export { PROTOCOL_VERSION };

/** A whole frame, after which nothing is parsed. Room for the longest sealed message, base64'd. */
export const MAX_FRAME_BYTES = 128 * 1024;
/** Base64 of the largest sealed content (64 KiB, see messaging/content.ts) plus 41 bytes of box. */
export const MAX_BODY_CHARS = Math.ceil(((64 * 1024 + 41) * 4) / 3) + 4;

/** Clocks on one LAN disagree by seconds, not minutes; anything further off is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const Signature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'not an Ed25519 signature');
export const MessageIdSchema = z.string().regex(/^[a-z2-7]{26}$/, 'not a message id');
const Timestamp = z.number().int().nonnegative();

const frame = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ v: z.literal(PROTOCOL_VERSION), t: z.literal(type), ...shape });

/** Proves the sender holds the key for `from`, addressed to `to` so it cannot be replayed to someone else. */
export const HelloFrame = frame('hello', {
  from: PeerIdSchema,
  to: PeerIdSchema,
  name: z.string().min(1).max(64),
  role: RoleSchema,
  ts: Timestamp,
  sig: Signature,
});

/** Dependencies a message names beyond its author's previous one: the heads its author had seen. */
export const MAX_DEPS = 16;
/** How far a message may be forwarded on behalf of its author (multi-hop). */
export const MAX_HOPS = 4;
export const SeqSchema = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31);
/** "I have everything by this author up to this sequence number" / "this message follows that one". */
const AuthorSeq = z.tuple([PeerIdSchema, SeqSchema]);
const Base64 = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');
/** An epoch key sealed for one member: 41 bytes of box around 32 bytes of key, base64. */
const SealedKey = Base64(100);

const envelopeHead = {
  id: MessageIdSchema,
  from: PeerIdSchema,
  /** The author's count of messages in this conversation: 1, 2, 3… with no gaps. */
  seq: SeqSchema,
  /** The author's hybrid clock (docs/MESSAGING.md); display order is (at, id). */
  at: Timestamp,
  /** Other authors' messages this one follows (the heads its author had seen), as (author, seq). */
  deps: z.array(AuthorSeq).max(MAX_DEPS),
  /** The sealed content (docs/E2E.md), base64. */
  body: Base64(MAX_BODY_CHARS),
  sig: Signature,
};

/** A one-to-one message: sealed under the pair's key. */
export const DirectEnvelopeSchema = z.strictObject({ ...envelopeHead, to: PeerIdSchema });
/**
 * A group message: sealed under the key of the epoch it names. A membership
 * change starts an epoch of its own (`epoch` is its own id) and carries the
 * new key sealed for each member.
 */
export const GroupEnvelopeSchema = z.strictObject({
  ...envelopeHead,
  group: GroupIdSchema,
  epoch: MessageIdSchema,
  keys: z
    .record(PeerIdSchema, SealedKey)
    .refine((keys) => Object.keys(keys).length <= GROUP_MEMBERS_MAX, `at most ${GROUP_MEMBERS_MAX} members`)
    .optional(),
});
/** Anything a member writes, signed by its author; whoever carries it can check who wrote it but not read it. */
export const EnvelopeSchema = z.union([DirectEnvelopeSchema, GroupEnvelopeSchema]);
export type DirectEnvelope = z.infer<typeof DirectEnvelopeSchema>;
export type GroupEnvelope = z.infer<typeof GroupEnvelopeSchema>;
export type Envelope = z.infer<typeof EnvelopeSchema>;

export const MsgFrame = frame('msg', { message: EnvelopeSchema });
/** Sent only after the receiver has committed the message to disk. */
export const AckFrame = frame('ack', { id: MessageIdSchema });
/**
 * Anti-entropy: what the sender holds of one conversation they share, per
 * author. The receiver sends back what the sender lacks and, unless this is
 * already a reply, its own summary so the sender can do the same.
 * `group` absent means the direct conversation between the two.
 */
export const SyncFrame = frame('sync', {
  group: GroupIdSchema.optional(),
  have: z.array(AuthorSeq).max(GROUP_MEMBERS_MAX + 1),
  reply: z.boolean(),
});
/** A message on its way to someone the sender has no link to; each hop appends itself to `path`. */
export const ForwardFrame = frame('fwd', {
  to: PeerIdSchema,
  path: z.array(PeerIdSchema).min(1).max(MAX_HOPS),
  message: EnvelopeSchema,
});
/**
 * "I have stored this message", signed by its recipient, travelling back to
 * the author over the path a forwarded message took (reversed).
 */
export const ReceiptFrame = frame('receipt', {
  id: MessageIdSchema,
  from: PeerIdSchema,
  to: PeerIdSchema,
  path: z.array(PeerIdSchema).max(MAX_HOPS),
  sig: Signature,
});
/** Asks a member to add us to a group, with the secret from their invite. */
export const JoinFrame = frame('join', { group: GroupIdSchema, token: z.string().regex(/^[a-z2-7]{26}$/) });
export const JoinRefusedFrame = frame('join-refused', { group: GroupIdSchema, reason: z.string().max(200) });
export const PingFrame = frame('ping', { n: z.number().int().nonnegative() });
export const PongFrame = frame('pong', { n: z.number().int().nonnegative() });
export const ByeFrame = frame('bye', {});
/** Gossip: signed presence records of the sender and of peers it has verified links to. */
export const PeersFrame = frame('peers', { records: z.array(PresenceRecordSchema).max(MAX_RECORDS_PER_FRAME) });
/** "Can you reach me at this address?" — answers the doctor's question about the signalling port. */
export const ProbeFrame = frame('probe', { n: z.number().int().nonnegative(), address: AddressStringSchema });
export const ProbeResultFrame = frame('probe-result', {
  n: z.number().int().nonnegative(),
  ok: z.boolean(),
  detail: z.string().max(200),
});
/** "I have read everything you sent me up to and including this message." */
export const ReadFrame = frame('read', {
  group: GroupIdSchema.optional(),
  upTo: z.strictObject({ sentAt: Timestamp, id: MessageIdSchema }),
});
/** Ephemeral: the sender is (or stopped) typing to the receiver. Never stored. */
export const TypingFrame = frame('typing', { active: z.boolean(), group: GroupIdSchema.optional() });
export const ErrorFrame = frame('error', {
  code: z.string().max(40),
  reason: z.string().max(200),
});

// ── Super peers: mailbox and directory (docs/SUPER-PEERS.md) ─────────────────

/** Why a super peer refused a mailbox or directory request. */
export const MailRefusalCodes = [
  /** This node does not hold mail (not a super peer, or its mailbox is switched off). */
  'not-a-mailbox',
  /** The envelope's signature does not verify. */
  'bad-signature',
  /** Only a message's author may deposit it. */
  'not-author',
  /** `to` is not the message's recipient, or is the depositor or the super peer itself. */
  'bad-address',
  'clock-skew',
  /** The recipient's queue is at its count or byte limit. */
  'recipient-full',
  /** The depositor holds as much mail here as it may. */
  'depositor-full',
  /** The mailbox as a whole is full. */
  'full',
  /** Too many requests too fast; `retryAfterMs` says when to come back. */
  'throttled',
  /** Only the recipient, proven by its link, may fetch its mail. */
  'not-yours',
  /** Disconnected for repeated refusals; refused until `retryAfterMs`. */
  'misbehaving',
  'backed-off',
] as const;
export const MailRefusalCodeSchema = z.enum(MailRefusalCodes);
export type MailRefusalCode = z.infer<typeof MailRefusalCodeSchema>;

/** Asks a super peer to hold one of the sender's messages for a recipient who cannot be reached now. */
export const DepositFrame = frame('deposit', { to: PeerIdSchema, message: EnvelopeSchema });
/** The super peer has committed the message to disk (or already held it) for `to`. */
export const DepositedFrame = frame('deposited', { id: MessageIdSchema, to: PeerIdSchema });
/** A mailbox or directory request was refused; `id` and `to` name the deposit it answers, `ref` the query. */
export const MailRefusedFrame = frame('mail-refused', {
  code: MailRefusalCodeSchema,
  reason: z.string().max(200),
  id: MessageIdSchema.optional(),
  to: PeerIdSchema.optional(),
  ref: z.number().int().nonnegative().optional(),
  retryAfterMs: z.number().int().nonnegative().optional(),
});
/** The recipient asks for its mail; the super peer sends it as `fwd` frames whose path is [author, super peer]. */
export const FetchFrame = frame('fetch', { for: PeerIdSchema });
/** How many messages the super peer holds for the fetcher now; they follow as `fwd` frames. */
export const FetchedFrame = frame('fetched', { held: z.number().int().nonnegative() });
/** A recipient's signed receipt, as it came back along a forward's path. */
export const SignedReceiptSchema = z.strictObject({ id: MessageIdSchema, from: PeerIdSchema, to: PeerIdSchema, sig: Signature });
/** Between super peers: these messages reached their recipients, so every holder may delete its copy. */
export const MailDoneFrame = frame('mail-done', { receipts: z.array(SignedReceiptSchema).min(1).max(64) });
/** Signed profile cards (team, interests) for a super peer's directory, or between super peers. */
export const CardsFrame = frame('cards', { cards: z.array(ProfileCardSchema).min(1).max(MAX_RECORDS_PER_FRAME) });
/** Asks a super peer's directory: every word must match a name, team or interest (empty: whoever it knows). */
export const DirectoryQueryFrame = frame('dir-query', {
  ref: z
    .number()
    .int()
    .nonnegative()
    .max(2 ** 32 - 1),
  query: z.string().max(200),
});
/** The answer: presence records of the matches, and the cards it holds for them. */
export const DirectoryResultFrame = frame('dir-result', {
  ref: z
    .number()
    .int()
    .nonnegative()
    .max(2 ** 32 - 1),
  records: z.array(PresenceRecordSchema).max(MAX_RECORDS_PER_FRAME),
  cards: z.array(ProfileCardSchema).max(MAX_RECORDS_PER_FRAME),
});

export const FrameSchemas = {
  hello: HelloFrame,
  msg: MsgFrame,
  ack: AckFrame,
  ping: PingFrame,
  pong: PongFrame,
  bye: ByeFrame,
  peers: PeersFrame,
  probe: ProbeFrame,
  'probe-result': ProbeResultFrame,
  read: ReadFrame,
  typing: TypingFrame,
  sync: SyncFrame,
  fwd: ForwardFrame,
  receipt: ReceiptFrame,
  join: JoinFrame,
  'join-refused': JoinRefusedFrame,
  error: ErrorFrame,
  deposit: DepositFrame,
  deposited: DepositedFrame,
  'mail-refused': MailRefusedFrame,
  fetch: FetchFrame,
  fetched: FetchedFrame,
  'mail-done': MailDoneFrame,
  cards: CardsFrame,
  'dir-query': DirectoryQueryFrame,
  'dir-result': DirectoryResultFrame,
  ...FileFrameSchemas,
  ...AvatarFrameSchemas,
} as const;

export type FrameType = keyof typeof FrameSchemas;
export type Frame = { [T in FrameType]: z.infer<(typeof FrameSchemas)[T]> }[FrameType];
export type FrameOf<T extends FrameType> = Extract<Frame, { t: T }>;

/** A frame as the sender writes it; the codec stamps the version. */
export type OutgoingFrame = { [T in FrameType]: Omit<FrameOf<T>, 'v'> }[FrameType];

export const FRAME_TYPES = Object.keys(FrameSchemas) as FrameType[];
