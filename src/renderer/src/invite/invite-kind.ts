import { INVITE_URL_PREFIX } from '../../../core/invite';

/**
 * Whether a code (or its lanline://join link) invites to a group rather than
 * to a person: group invites are version 2, `LL2-…` (core/invite.ts). Read
 * the way the backend reads codes, ignoring spaces, dashes and case; the
 * backend still checks everything else when the person presses Join.
 */
export function isGroupInvite(code: string): boolean {
  let text = code.trim();
  if (text.toLowerCase().startsWith(INVITE_URL_PREFIX)) text = text.slice(INVITE_URL_PREFIX.length);
  return text.replace(/[\s-]/g, '').toUpperCase().startsWith('LL2');
}
