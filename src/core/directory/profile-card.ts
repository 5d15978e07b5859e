import { z } from 'zod';
import { b64 } from '../bytes';
import { verifySignature, type Identity } from '../identity';
import { PeerIdSchema } from '../model';

/**
 * What a person chooses to publish about themselves beyond their name: a team
 * and a few interests, signed so nobody can put words in their mouth. It is a
 * record of its own rather than part of the presence record because presence
 * schemas are strict everywhere: a new field there would make every older
 * node drop the record, and with it the gossip frame. Cards go only to super
 * peers (the directory) and to whoever asks one.
 */
export const TEAM_MAX = 64;
export const INTEREST_MAX = 32;
export const INTERESTS_MAX = 8;

const Word = (max: number) => z.string().trim().min(1).max(max);
export const TeamSchema = Word(TEAM_MAX);
export const InterestsSchema = z.array(Word(INTEREST_MAX)).max(INTERESTS_MAX);

export const ProfileCardSchema = z.strictObject({
  peerId: PeerIdSchema,
  /** Absent: the person publishes no team. */
  team: TeamSchema.optional(),
  interests: InterestsSchema,
  /** The newest card per person wins; publishing nothing is a card too. */
  issuedAt: z.number().int().nonnegative(),
  sig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});
export type ProfileCard = z.infer<typeof ProfileCardSchema>;

export interface Profile {
  team: string | null;
  interests: string[];
}

const signed = (card: Omit<ProfileCard, 'sig'>) => ({
  peerId: card.peerId,
  interests: card.interests,
  issuedAt: card.issuedAt,
  ...(card.team !== undefined && { team: card.team }),
});

export function signProfileCard(identity: Identity, profile: Profile, now: number): ProfileCard {
  const unsigned = {
    peerId: identity.peerId,
    interests: profile.interests,
    issuedAt: now,
    ...(profile.team !== null && { team: profile.team }),
  };
  return { ...unsigned, sig: b64.encode(identity.sign('profile', signed(unsigned))) };
}

/** Why a card is refused, or undefined when it is good. */
export function checkProfileCard(card: ProfileCard, now: number, maxSkewMs: number): string | undefined {
  if (card.issuedAt > now + maxSkewMs) return 'issued in the future';
  if (!verifySignature(card.peerId, 'profile', signed(card), b64.decode(card.sig))) return 'bad signature';
  return undefined;
}

export function profileOf(card: ProfileCard | undefined): Profile {
  return { team: card?.team ?? null, interests: card?.interests ?? [] };
}
