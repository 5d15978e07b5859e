import { z } from 'zod';
import { PeerIdSchema, RoleSchema } from '../model';
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
/** Base64 of the largest sealed content (64 KiB, see messaging/message.ts) plus 41 bytes of box. */
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

export const WireMessageSchema = z.strictObject({
  id: MessageIdSchema,
  from: PeerIdSchema,
  to: PeerIdSchema,
  sentAt: Timestamp,
  /** The sealed text (docs/E2E.md), base64. */
  body: z
    .string()
    .min(1)
    .max(MAX_BODY_CHARS)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64'),
  sig: Signature,
});
export type WireMessage = z.infer<typeof WireMessageSchema>;

export const MsgFrame = frame('msg', { message: WireMessageSchema });
/** Sent only after the receiver has committed the message to disk. */
export const AckFrame = frame('ack', { id: MessageIdSchema });
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
export const ReadFrame = frame('read', { upTo: z.strictObject({ sentAt: Timestamp, id: MessageIdSchema }) });
/** Ephemeral: the sender is (or stopped) typing to the receiver. Never stored. */
export const TypingFrame = frame('typing', { active: z.boolean() });
export const ErrorFrame = frame('error', {
  code: z.string().max(40),
  reason: z.string().max(200),
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
  error: ErrorFrame,
  ...FileFrameSchemas,
} as const;

export type FrameType = keyof typeof FrameSchemas;
export type Frame = { [T in FrameType]: z.infer<(typeof FrameSchemas)[T]> }[FrameType];
export type FrameOf<T extends FrameType> = Extract<Frame, { t: T }>;

/** A frame as the sender writes it; the codec stamps the version. */
export type OutgoingFrame = { [T in FrameType]: Omit<FrameOf<T>, 'v'> }[FrameType];

export const FRAME_TYPES = Object.keys(FrameSchemas) as FrameType[];
