import { b64 } from '../core/bytes';
import { checkAvatarImage } from '../core/avatar/avatar-image';
import { LanlineError } from '../core/errors';
import type { SqliteStore } from './store/sqlite-store';

/** Our published picture, base64, in the settings table (a peer's are in `avatars`, by hash). */
const SETTING = 'profile.avatar';

/**
 * Checks a picture someone wants to publish. The backend never decodes it:
 * size, magic bytes and the header's dimensions are all it reads, and a
 * picture that is merely too large is for the window to crop and shrink.
 */
export function acceptAvatar(data: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = b64.decode(data);
  } catch {
    throw new LanlineError('invalid-input', 'The picture is not valid base64.');
  }
  const check = checkAvatarImage(bytes);
  if (!check.ok)
    throw new LanlineError(
      'invalid-input',
      `Cannot use that picture: ${check.reason}. Choose it in the app (Settings → Profile), which crops and shrinks it to fit.`,
    );
  return bytes;
}

/** The picture we publish, as last saved; a setting that no longer passes the check is ignored. */
export function storedAvatar(store: SqliteStore): Uint8Array | undefined {
  const data = store.getSetting(SETTING);
  if (!data) return undefined;
  try {
    return acceptAvatar(data);
  } catch {
    return undefined;
  }
}

export function saveAvatar(store: SqliteStore, bytes: Uint8Array | null): void {
  if (bytes) store.setSetting(SETTING, b64.encode(bytes));
  else store.deleteSetting(SETTING);
}
