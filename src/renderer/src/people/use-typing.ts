import { useEffect, useRef, useState } from 'react';
import { useBackend } from '../app/backend-context';

/** The contract's rule: "typing" lapses after this long without a fresh `active: true`. */
export const TYPING_LAPSE_MS = 8000;

/**
 * Who is typing to us right now. Each `typing.changed` with `active: true`
 * restarts that person's lapse timer; a message from them ends it, and so
 * does losing the backend, which would also lose the `active: false`.
 */
export function useTyping(): ReadonlySet<string> {
  const { api, state } = useBackend();
  const [typing, setTyping] = useState<ReadonlySet<string>>(new Set());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const pending = timers.current;
    const stop = (peerId: string) => {
      clearTimeout(pending.get(peerId));
      pending.delete(peerId);
      setTyping((set) => {
        if (!set.has(peerId)) return set;
        const next = new Set(set);
        next.delete(peerId);
        return next;
      });
    };
    const start = (peerId: string) => {
      clearTimeout(pending.get(peerId));
      pending.set(
        peerId,
        setTimeout(() => stop(peerId), TYPING_LAPSE_MS),
      );
      setTyping((set) => (set.has(peerId) ? set : new Set(set).add(peerId)));
    };
    const offTyping = api.on('typing.changed', ({ peerId, active }) => (active ? start(peerId) : stop(peerId)));
    const offMessage = api.on('message.changed', (message) => {
      if (!message.outgoing) stop(message.from);
    });
    return () => {
      offTyping();
      offMessage();
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  }, [api]);

  // Rendered as empty while the backend is away rather than cleared, so no state is set from this effect's body.
  return state === 'open' ? typing : EMPTY;
}

const EMPTY: ReadonlySet<string> = new Set();
