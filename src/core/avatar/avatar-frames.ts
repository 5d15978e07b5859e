import { z } from 'zod';
import { PROTOCOL_VERSION } from '../wire/version';
import { AVATAR_MAX_BYTES, AvatarHashSchema } from './avatar-image';

/**
 * Fetching a profile picture by the hash its owner signed into their
 * presence record (docs/PROTOCOL.md, _Avatars_). The bytes travel only when
 * someone asks, over one verified link, so presence gossip and mDNS stay small.
 */
const frame = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ v: z.literal(PROTOCOL_VERSION), t: z.literal(type), ...shape });

/** The image, base64: 12 KiB of bytes is 16 KiB of text. */
const AvatarData = z
  .string()
  .min(4)
  .max(Math.ceil(AVATAR_MAX_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');

export const AvatarFrameSchemas = {
  /** "Send me the image with this hash", if you hold it (your own, or one you cached). */
  'avatar-get': frame('avatar-get', { hash: AvatarHashSchema }),
  /** The image; the asker checks that it hashes to `hash` before keeping it. */
  avatar: frame('avatar', { hash: AvatarHashSchema, data: AvatarData }),
  /** "I do not hold it", so the asker tries elsewhere at once rather than waiting out its timeout. */
  'avatar-none': frame('avatar-none', { hash: AvatarHashSchema }),
} as const;
