import { useEffect, useRef } from 'react';
import type { Message } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { usePageVisible } from '../app/use-page-visible';

/** A burst of arriving messages is marked read once, after it settles. */
export const MARK_READ_DEBOUNCE_MS = 300;

/**
 * Marks the open conversation read while the person can see it: when it
 * opens with a badge, when unread messages come into view, and when a hidden
 * window becomes visible again. `onRead` zeroes the badge once the backend
 * has taken it (and sent the author a receipt).
 */
export function useMarkRead(
  conversation: string,
  messages: readonly Message[],
  badge: number,
  onRead: (conversation: string) => void,
): void {
  const { api, state } = useBackend();
  const visible = usePageVisible();
  const newestUnread = messages.findLast((m) => !m.outgoing && m.readAt === null)?.id;
  // The newest message a markRead was sent for; the backend does not echo incoming read state.
  const marked = useRef<string>(undefined);

  useEffect(() => {
    if (!visible || state !== 'open') return;
    if (badge === 0 && (newestUnread === undefined || newestUnread === marked.current)) return;
    const timer = setTimeout(() => {
      marked.current = newestUnread;
      api.call('messages.markRead', { with: conversation }).then(
        () => onRead(conversation),
        () => {
          marked.current = undefined; // asked again on the next change or reconnect
        },
      );
    }, MARK_READ_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, state, visible, conversation, newestUnread, badge, onRead]);
}
