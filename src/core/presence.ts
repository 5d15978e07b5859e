import { z } from 'zod';
import { AvatarHashSchema } from './avatar/avatar-image';
import { b64 } from './bytes';
import { verifySignature, type Identity, type PeerId } from './identity';
import { PeerIdSchema, RoleSchema, type Role } from './model';
import { RelayLoadSchema, type RelayLoad } from './super-peer';

/**
 * A signed statement "I am this peer, reachable at these addresses, until
 * then". Peers pass each other's records along (gossip), so one node that
 * sits on two subnets lets both see each other. Nobody can alter a record
 * they pass on, and every record expires.
 */
export const PRESENCE_TTL_MS = 10 * 60 * 1000;
/** Records are re-signed well before they expire. */
export const PRESENCE_REFRESH_MS = 3 * 60 * 1000;
export const MAX_PRESENCE_ADDRESSES = 8;
export const MAX_RECORDS_PER_FRAME = 32;

export const AddressStringSchema = z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):\d{1,5}$/, 'not an IP:port');

export const PresenceRecordSchema = z.strictObject({
  peerId: PeerIdSchema,
  name: z.string().min(1).max(64),
  role: RoleSchema,
  addresses: z.array(AddressStringSchema).max(MAX_PRESENCE_ADDRESSES),
  issuedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
  /** Present only on a super peer: it relays, and this is how loaded it was when it signed. */
  relay: RelayLoadSchema.optional(),
  /** The hash of the person's profile picture, if they publish one; the bytes are fetched by it (avatar-get). */
  avatar: AvatarHashSchema.optional(),
  sig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});
export type PresenceRecord = z.infer<typeof PresenceRecordSchema>;

const signed = (r: Omit<PresenceRecord, 'sig'>) => ({
  peerId: r.peerId,
  name: r.name,
  role: r.role,
  addresses: r.addresses,
  issuedAt: r.issuedAt,
  expiresAt: r.expiresAt,
  // Only when present, so a record without it signs exactly as before.
  ...(r.relay && { relay: r.relay }),
  ...(r.avatar && { avatar: r.avatar }),
});

export function signPresence(
  identity: Identity,
  fields: { name: string; role: Role; addresses: string[]; relay?: RelayLoad; avatar?: string | null },
  now: number,
): PresenceRecord {
  const unsigned = {
    peerId: identity.peerId,
    name: fields.name,
    role: fields.role,
    addresses: fields.addresses.slice(0, MAX_PRESENCE_ADDRESSES),
    issuedAt: now,
    expiresAt: now + PRESENCE_TTL_MS,
    ...(fields.relay && { relay: fields.relay }),
    ...(fields.avatar && { avatar: fields.avatar }),
  };
  return { ...unsigned, sig: b64.encode(identity.sign('presence', signed(unsigned))) };
}

/** Why a record is refused, or undefined when it is good. */
export function checkPresence(record: PresenceRecord, now: number, maxSkewMs: number): string | undefined {
  if (record.expiresAt <= now) return 'expired';
  if (record.issuedAt > now + maxSkewMs) return 'issued in the future';
  if (record.expiresAt - record.issuedAt > PRESENCE_TTL_MS) return 'lifetime too long';
  if (!verifySignature(record.peerId, 'presence', signed(record), b64.decode(record.sig))) return 'bad signature';
  return undefined;
}

/** Records a node keeps at most (a super peer's directory is this book); past it, the least recently renewed go. */
export const MAX_PRESENCE_RECORDS = 10_000;

/** The newest valid record per peer. */
export class PresenceBook {
  private readonly records = new Map<PeerId, PresenceRecord>();

  /** Returns true when the record is newer than what we held. */
  offer(record: PresenceRecord): boolean {
    const held = this.records.get(record.peerId);
    if (held && held.issuedAt >= record.issuedAt) return false;
    // Re-inserted, so the Map's order is least recently renewed first (live peers renew every 3 minutes).
    this.records.delete(record.peerId);
    this.records.set(record.peerId, record);
    // Anyone can make keys and sign records for them: the book is bounded, and evicting costs O(1).
    if (this.records.size > MAX_PRESENCE_RECORDS) this.records.delete(this.records.keys().next().value!);
    return true;
  }

  get(peerId: PeerId): PresenceRecord | undefined {
    return this.records.get(peerId);
  }

  /** Live records, dropping the expired ones on the way. */
  live(now: number): PresenceRecord[] {
    for (const [peerId, record] of this.records) if (record.expiresAt <= now) this.records.delete(peerId);
    return [...this.records.values()];
  }
}
