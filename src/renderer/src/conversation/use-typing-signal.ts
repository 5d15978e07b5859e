import { useCallback, useEffect, useRef } from 'react';
import { useBackend } from '../app/backend-context';

/** While typing goes on, `active: true` is repeated at most this often. */
export const TYPING_REPEAT_MS = 2000;
/** This long without a keystroke counts as having stopped. */
export const TYPING_IDLE_MS = 4000;

export interface TypingSignal {
  /** Call on each edit of the draft. */
  typed(): void;
  /** Call when the draft is sent or emptied. */
  stopped(): void;
}

/**
 * Tells a conversation (a person, or everyone in a group) whether we are typing. Typing is a courtesy: a
 * failed call is not retried or shown, the other side lets it lapse.
 * Unmounting (switching conversation) counts as stopping.
 */
export function useTypingSignal(conversation: string): TypingSignal {
  const { api, state } = useBackend();
  const open = state === 'open';
  const lastActive = useRef<number>(undefined);
  const idle = useRef<ReturnType<typeof setTimeout>>(undefined);

  const tell = useCallback(
    (active: boolean) => api.call('typing.set', { to: conversation, active }).catch(() => {}), // see above: best effort
    [api, conversation],
  );

  const stopped = useCallback(() => {
    clearTimeout(idle.current);
    idle.current = undefined;
    if (lastActive.current === undefined) return;
    lastActive.current = undefined;
    void tell(false);
  }, [tell]);

  const typed = useCallback(() => {
    if (!open) return;
    const now = Date.now();
    if (lastActive.current === undefined || now - lastActive.current >= TYPING_REPEAT_MS) {
      lastActive.current = now;
      void tell(true);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stopped, TYPING_IDLE_MS);
  }, [open, tell, stopped]);

  useEffect(() => stopped, [stopped]);

  return { typed, stopped };
}
