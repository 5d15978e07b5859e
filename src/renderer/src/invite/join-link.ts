import { INVITE_URL_PREFIX } from '../../../core/invite';

/**
 * A `lanline://join/CODE` deep link reaches the window as `#join=CODE` in
 * its URL (the desktop shell forwards it; a browser tab can be opened so).
 * The code is taken out of the address once read, so a reload does not
 * offer it again.
 */
export function takeJoinCode(): string | undefined {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const raw = params.get('join');
  if (raw === null) return undefined;
  params.delete('join');
  const rest = params.toString();
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  const code = raw.trim();
  const bare = code.toLowerCase().startsWith(INVITE_URL_PREFIX) ? code.slice(INVITE_URL_PREFIX.length) : code;
  return bare || undefined;
}
