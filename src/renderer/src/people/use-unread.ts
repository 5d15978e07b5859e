import { useCallback, useEffect, useRef, useState } from 'react';
import { useBackend } from '../app/backend-context';

export interface UnreadView {
  unread: ReadonlyMap<string, number>;
  /** Call when a conversation is opened. */
  markRead(peerId: string): void;
}

/**
 * Counts messages that arrive for conversations other than the open one.
 * The backend keeps no read markers yet, so the counts last as long as the page.
 */
export function useUnread(openPeerId: string | undefined): UnreadView {
  const { api } = useBackend();
  const [unread, setUnread] = useState<ReadonlyMap<string, number>>(new Map());
  const open = useRef(openPeerId);
  // `message.changed` repeats a message when its state changes; count each one once.
  const counted = useRef(new Set<string>());

  useEffect(() => {
    open.current = openPeerId;
  }, [openPeerId]);

  useEffect(
    () =>
      api.on('message.changed', (message) => {
        if (message.outgoing || message.conversation === open.current || counted.current.has(message.id)) return;
        counted.current.add(message.id);
        setUnread((map) => new Map(map).set(message.conversation, (map.get(message.conversation) ?? 0) + 1));
      }),
    [api],
  );

  const markRead = useCallback(
    (peerId: string) =>
      setUnread((map) => {
        if (!map.has(peerId)) return map;
        const next = new Map(map);
        next.delete(peerId);
        return next;
      }),
    [],
  );

  return { unread, markRead };
}
