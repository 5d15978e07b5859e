import { z } from 'zod';
import { b64 } from '../../core/bytes';
import type { Canonical } from '../../core/canonical';
import { verifySignature, type Identity, type PeerId } from '../../core/identity';
import { PeerIdSchema } from '../../core/model';
import { RelayLoadSchema } from '../../core/super-peer';
import { PROTOCOL_VERSION } from '../../core/wire/frames';

/**
 * The relay protocol on a super peer's signalling port, `ws://HOST:PORT/relay`
 * (docs/SUPER-PEERS.md has the full table). Control frames are WebSocket text
 * messages holding one strict JSON object each; data frames are binary:
 *
 *   0x01 | circuit id (uint32, big-endian) | payload (≤ 65,535 bytes: one Noise message)
 *
 * The relay rewrites the circuit id and forwards the payload untouched. It never
 * holds a key: every payload is a message of the two peers' own secure channel.
 */
export const RELAY_PATH = '/relay';
export const DATA_FRAME = 0x01;
export const DATA_HEADER_BYTES = 5;
export const MAX_RELAY_PAYLOAD = 65_535;
export const MAX_RELAY_FRAME = DATA_HEADER_BYTES + MAX_RELAY_PAYLOAD;
export const MAX_CONTROL_BYTES = 2048;
/** Sent in the HTTP answer when a connection is refused before it becomes a WebSocket. */
export const REFUSAL_HEADER = 'x-lanline-refusal';

export const RelayRefusalCodes = [
  'bad-frame',
  'unauthenticated',
  'bad-auth',
  'full',
  'backed-off',
  'too-many-circuits',
  'target-busy',
  'unknown-peer',
  'unknown-circuit',
  'over-quota',
  'throttled',
  'congested',
  'misbehaving',
  'replaced',
  'idle',
  'shutting-down',
] as const;
export type RelayRefusalCode = (typeof RelayRefusalCodes)[number];

const Sig = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'not an Ed25519 signature');
const Nonce = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'not 32 bytes of base64');
const Id = z.number().int().nonnegative().max(0xffff_ffff);
const Timestamp = z.number().int().nonnegative();
const Reason = z.string().max(200);

const frame = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ v: z.literal(PROTOCOL_VERSION), t: z.literal(type), ...shape });

/** Relay → client, first: who the relay is (signed), and what to sign back. */
export const ChallengeFrame = frame('challenge', { relay: PeerIdSchema, nonce: Nonce, ts: Timestamp, sig: Sig });
/** Client → relay: proof that the client holds the key for `from`, bound to this relay and this connection. */
export const AuthFrame = frame('auth', { from: PeerIdSchema, relay: PeerIdSchema, nonce: Nonce, ts: Timestamp, sig: Sig });
export const WelcomeFrame = frame('welcome', {
  limits: z.strictObject({
    maxPayload: Id,
    maxCircuits: Id,
    bytesPerSecond: z.number().int().positive(),
    burstBytes: z.number().int().positive(),
    bytesPerHour: z.number().int().positive(),
  }),
  load: RelayLoadSchema,
});
/** Client → relay: a circuit to `to`, who must be connected to this relay too. */
export const OpenFrame = frame('open', { ref: Id, to: PeerIdSchema });
export const OpenedFrame = frame('opened', { ref: Id, circuit: Id });
/** Relay → client: someone opened a circuit to you. */
export const IncomingFrame = frame('incoming', { circuit: Id, from: PeerIdSchema });
export const CloseFrame = frame('close', { circuit: Id });
export const ClosedFrame = frame('closed', { circuit: Id, reason: Reason });
/** Relay → client: a request or frame was refused, or a limit was reached. `ref` names the `open` it answers. */
export const RefuseFrame = frame('refuse', {
  code: z.enum(RelayRefusalCodes),
  reason: Reason,
  ref: Id.optional(),
  circuit: Id.optional(),
  retryAfterMs: z.number().int().nonnegative().optional(),
});

export const ClientFrameSchema = z.discriminatedUnion('t', [AuthFrame, OpenFrame, CloseFrame]);
export const RelayFrameSchema = z.discriminatedUnion('t', [
  ChallengeFrame,
  WelcomeFrame,
  OpenedFrame,
  IncomingFrame,
  ClosedFrame,
  RefuseFrame,
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;
export type RelayFrame = z.infer<typeof RelayFrameSchema>;
export type RefuseFrameOf = z.infer<typeof RefuseFrame>;
export type Welcome = z.infer<typeof WelcomeFrame>;

type Outgoing<F> = F extends unknown ? Omit<F, 'v'> : never;
export type OutgoingClientFrame = Outgoing<ClientFrame>;
export type OutgoingRelayFrame = Outgoing<RelayFrame>;

export function encodeControl(frame: OutgoingClientFrame | OutgoingRelayFrame): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...frame });
}

/** Parses a text frame no longer than MAX_CONTROL_BYTES; returns why not on failure. */
export function decodeControl<T>(schema: z.ZodType<T>, text: string): { ok: true; frame: T } | { ok: false; reason: string } {
  if (text.length > MAX_CONTROL_BYTES) return { ok: false, reason: `control frame longer than ${MAX_CONTROL_BYTES} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'control frame is not JSON' };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `control frame: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.slice(0, 200) };
}

/** `0x01 | circuit | payload`, in one buffer so it goes out as one WebSocket message. */
export function encodeData(circuit: number, payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(DATA_HEADER_BYTES + payload.length);
  frame[0] = DATA_FRAME;
  frame.writeUInt32BE(circuit, 1);
  frame.set(payload, DATA_HEADER_BYTES);
  return frame;
}

const challengeBody = (f: { relay: PeerId; nonce: string; ts: number }) => ({
  t: 'challenge',
  relay: f.relay,
  nonce: f.nonce,
  ts: f.ts,
});
const authBody = (f: { from: PeerId; relay: PeerId; nonce: string; ts: number }) => ({
  t: 'auth',
  from: f.from,
  relay: f.relay,
  nonce: f.nonce,
  ts: f.ts,
});

export function signChallenge(identity: Identity, nonce: string, ts: number): Outgoing<z.infer<typeof ChallengeFrame>> {
  const body = { relay: identity.peerId, nonce, ts };
  return { t: 'challenge', ...body, sig: b64.encode(identity.sign('relay', challengeBody(body) as Canonical)) };
}

export function signAuth(identity: Identity, relay: PeerId, nonce: string, ts: number): Outgoing<z.infer<typeof AuthFrame>> {
  const body = { from: identity.peerId, relay, nonce, ts };
  return { t: 'auth', ...body, sig: b64.encode(identity.sign('relay', authBody(body) as Canonical)) };
}

export function challengeIsSigned(frame: z.infer<typeof ChallengeFrame>): boolean {
  return verifySignature(frame.relay, 'relay', challengeBody(frame), b64.decode(frame.sig));
}

export function authIsSigned(frame: z.infer<typeof AuthFrame>): boolean {
  return verifySignature(frame.from, 'relay', authBody(frame), b64.decode(frame.sig));
}
