import { INVITE_URL_PREFIX } from '../../core/invite';

/** Long enough for any real code (4 addresses), short enough that a crafted link cannot flood the window. */
const MAX_CODE_LENGTH = 400;

/**
 * The invite code in a `lanline://join/CODE` link, or undefined for anything
 * else. The code is only checked for shape here; the backend decodes it and
 * says what is wrong with a bad one when the person presses Join.
 */
export function inviteCodeFromUrl(url: string): string | undefined {
  const text = url.trim();
  if (!text.toLowerCase().startsWith(INVITE_URL_PREFIX)) return undefined;
  let code: string;
  try {
    code = decodeURIComponent(text.slice(INVITE_URL_PREFIX.length)).replace(/\/+$/, '').trim();
  } catch {
    return undefined; // a broken %-escape
  }
  if (code.length < 8 || code.length > MAX_CODE_LENGTH || !/^[A-Za-z0-9-]+$/.test(code)) return undefined;
  return code;
}

/**
 * A second launch (Windows, Linux) or the first one brings the link among
 * its arguments; the operating system adds it last, but flags may follow.
 */
export function inviteCodeFromArgv(argv: readonly string[]): string | undefined {
  for (let i = argv.length - 1; i >= 0; i--) {
    const code = inviteCodeFromUrl(argv[i]!);
    if (code) return code;
  }
  return undefined;
}
