import { z } from 'zod';
import { b64 } from '../../core/bytes';
import type { Canonical } from '../../core/canonical';
import { verifySignature, type Identity, type PeerId } from '../../core/identity';
import { PeerIdSchema } from '../../core/model';
import { MAX_CLOCK_SKEW_MS, PROTOCOL_VERSION } from '../../core/wire/frames';

/**
 * Node-to-node signalling over a WebSocket at /signal on the port each node
 * advertises. One exchange per socket: the dialler sends a signed offer, the
 * listener a signed answer or a refusal. The SDP carries the DTLS
 * fingerprint, and the SDP is signed, so a relay or a spoofed advert that
 * swapped in its own fingerprint would break the signature: the data channel
 * that opens can only be with the holder of the signing key.
 */
export const SIGNAL_PATH = '/signal';
/** Plain HTTP GET: `{ service: 'lanline', peerId }`, so a probe can tell it reached the right node. */
export const IDENTITY_PATH = '/lanline';
export const MAX_SIGNAL_BYTES = 64 * 1024;
export const SIGNAL_TIMEOUT_MS = 10_000;

const Sdp = z
  .string()
  .min(1)
  .max(60 * 1024);
const Sig = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);

export const OfferSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  t: z.literal('offer'),
  from: PeerIdSchema,
  /** Unknown when dialling by address; the answer then tells us who is there. */
  to: PeerIdSchema.nullable(),
  sdp: Sdp,
  ts: z.number().int(),
  sig: Sig,
});
export const AnswerSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  t: z.literal('answer'),
  from: PeerIdSchema,
  to: PeerIdSchema,
  sdp: Sdp,
  ts: z.number().int(),
  sig: Sig,
});
export const RefusalCodes = ['glare', 'busy', 'bad-request', 'unsupported-version', 'not-me', 'unavailable'] as const;
export const RefusalSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  t: z.literal('refuse'),
  code: z.enum(RefusalCodes),
  reason: z.string().max(200),
});
export type Offer = z.infer<typeof OfferSchema>;
export type Answer = z.infer<typeof AnswerSchema>;
export type Refusal = z.infer<typeof RefusalSchema>;
export type RefusalCode = Refusal['code'];

export function refusal(code: RefusalCode, reason: string): Refusal {
  return { v: PROTOCOL_VERSION, t: 'refuse', code, reason };
}

type Unsigned<T> = Omit<T, 'sig' | 'v'>;

export function signSignal<T extends Offer | Answer>(identity: Identity, body: Unsigned<T>): T {
  const sig = b64.encode(identity.sign('signal', body as unknown as Canonical));
  return { v: PROTOCOL_VERSION, ...body, sig } as T;
}

/** Checks the signature, the addressee and freshness. Returns why not, or undefined when good. */
export function checkSignal(message: Offer | Answer, self: PeerId, now: number): string | undefined {
  const { sig, v: _v, ...body } = message;
  if (message.from === self) return 'signal from ourselves';
  if (message.to !== null && message.to !== self) return 'addressed to another peer';
  if (Math.abs(now - message.ts) > MAX_CLOCK_SKEW_MS) return 'timestamp too far from our clock';
  if (!verifySignature(message.from, 'signal', body, b64.decode(sig))) return 'bad signature';
  return undefined;
}

export function parseJson(raw: unknown): unknown {
  try {
    return JSON.parse(String(raw));
  } catch {
    return undefined;
  }
}
