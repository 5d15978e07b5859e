import { b64 } from '../../core/bytes';
import { verifySignature, type Identity } from '../../core/identity';
import { PeerIdSchema, RoleSchema, type Role } from '../../core/model';
import { PROTOCOL_VERSION } from '../../core/wire/frames';
import { z } from 'zod';

/**
 * The DNS-SD TXT record of `_lanline._tcp`: short keys because each string
 * is limited to 255 bytes (RFC 6763 §6.1). The signature only tells us the
 * advert was made by the key it names; it does not prove the sender holds
 * that key now (adverts can be replayed), so the handshake still decides.
 */
export const SERVICE_TYPE = 'lanline';

const TxtSchema = z.object({
  v: z.string().regex(/^\d+$/),
  id: PeerIdSchema,
  n: z.string().min(1).max(64),
  r: RoleSchema,
  s: z.string().max(100),
  /** `1` on a super peer. Outside the signature: it only says where to look, and the relay proves its key itself. */
  sp: z.literal('1').optional(),
});

export interface Advert {
  peerId: string;
  name: string;
  role: Role;
  port: number;
  superPeer?: boolean;
}

const signedPart = (a: Advert) => ({ v: PROTOCOL_VERSION, id: a.peerId, n: a.name, r: a.role, port: a.port });

export function makeTxt(identity: Identity, advert: Omit<Advert, 'peerId'>): Record<string, string> {
  const full = { ...advert, peerId: identity.peerId };
  return {
    v: String(PROTOCOL_VERSION),
    id: full.peerId,
    n: full.name,
    r: full.role,
    s: b64.encode(identity.sign('advert', signedPart(full))),
    ...(advert.superPeer && { sp: '1' }),
  };
}

export type AdvertResult = { ok: true; advert: Advert } | { ok: false; reason: string };

export function readTxt(txt: unknown, port: number): AdvertResult {
  const parsed = TxtSchema.safeParse(txt);
  if (!parsed.success) return { ok: false, reason: `malformed TXT: ${parsed.error.issues[0]?.path.join('.')}` };
  const { v, id, n, r, s, sp } = parsed.data;
  if (Number(v) !== PROTOCOL_VERSION) return { ok: false, reason: `protocol version ${v}` };
  const advert = { peerId: id, name: n, role: r, port };
  let signature: Uint8Array;
  try {
    signature = b64.decode(s);
  } catch {
    return { ok: false, reason: 'signature is not base64' };
  }
  if (!verifySignature(id, 'advert', signedPart(advert), signature)) return { ok: false, reason: 'bad signature' };
  return { ok: true, advert: { ...advert, superPeer: sp === '1' } };
}
