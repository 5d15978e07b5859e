import { useEffect, useRef, useState } from 'react';
import { useBackend } from '../app/backend-context';

/** The contract's rule: "typing" lapses after this long without a fresh `active: true`. */
export const TYPING_LAPSE_MS = 8000;

/** Who is typing where: per conversation (a peer id, or a group id), the typists in the order they started. */
export type TypingView = ReadonlyMap<string, readonly string[]>;

const keyOf = (conversation: string, peerId: string) => `${conversation} ${peerId}`;

function without(view: TypingView, conversation: string, peerId: string): TypingView {
  const typists = view.get(conversation);
  if (!typists?.includes(peerId)) return view;
  const next = new Map(view);
  const rest = typists.filter((id) => id !== peerId);
  if (rest.length) next.set(conversation, rest);
  else next.delete(conversation);
  return next;
}

/**
 * Who is typing to us, or in our groups, right now. Each `typing.changed`
 * with `active: true` restarts that person's lapse timer in that
 * conversation; a message from them there ends it, and so does losing the
 * backend, which would also lose the `active: false`.
 */
export function useTyping(): TypingView {
  const { api, state } = useBackend();
  const [typing, setTyping] = useState<TypingView>(new Map());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const pending = timers.current;
    const stop = (conversation: string, peerId: string) => {
      const key = keyOf(conversation, peerId);
      clearTimeout(pending.get(key));
      pending.delete(key);
      setTyping((view) => without(view, conversation, peerId));
    };
    const start = (conversation: string, peerId: string) => {
      const key = keyOf(conversation, peerId);
      clearTimeout(pending.get(key));
      pending.set(
        key,
        setTimeout(() => stop(conversation, peerId), TYPING_LAPSE_MS),
      );
      setTyping((view) => {
        const typists = view.get(conversation) ?? [];
        return typists.includes(peerId) ? view : new Map(view).set(conversation, [...typists, peerId]);
      });
    };
    const offTyping = api.on('typing.changed', ({ peerId, conversation, active }) =>
      active ? start(conversation, peerId) : stop(conversation, peerId),
    );
    const offMessage = api.on('message.changed', (message) => {
      if (!message.outgoing) stop(message.conversation, message.from);
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

const EMPTY: TypingView = new Map();
