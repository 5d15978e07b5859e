import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationSummary, Message } from '../../../core/model';
import { useBackend } from '../app/backend-context';

export interface UnreadView {
  /** Unread incoming messages per conversation; conversations with none are absent. */
  unread: ReadonlyMap<string, number>;
  /** When each conversation last had a message (author clock, as the backend orders them). */
  lastMessageAt: ReadonlyMap<string, number>;
  /** Zeroes a badge, once the conversation has been marked read. */
  clear(peerId: string): void;
}

function fromSummaries(summaries: readonly ConversationSummary[]) {
  const unread = new Map<string, number>();
  const lastMessageAt = new Map<string, number>();
  for (const { conversation, lastMessage, unread: count } of summaries) {
    if (count > 0) unread.set(conversation, count);
    lastMessageAt.set(conversation, lastMessage.sentAt);
  }
  return { unread, lastMessageAt };
}

/**
 * The unread badges: the backend's persisted counts (`conversations.list`,
 * fetched on every connect), kept current by `message.changed`. A message
 * that arrives in the conversation the person is looking at is not counted;
 * the conversation marks it read instead.
 */
export function useUnread(openPeerId: string | undefined, visible: boolean): UnreadView {
  const { api, state, epoch } = useBackend();
  const [unread, setUnread] = useState<ReadonlyMap<string, number>>(new Map());
  const [lastMessageAt, setLastMessageAt] = useState<ReadonlyMap<string, number>>(new Map());
  const watched = useRef<string | undefined>(undefined);
  // `message.changed` repeats a message when its state changes; count each one once.
  const counted = useRef(new Set<string>());

  useEffect(() => {
    watched.current = visible ? openPeerId : undefined;
  }, [openPeerId, visible]);

  useEffect(() => {
    if (state !== 'open') return;
    let current = true;
    api.call('conversations.list', {}).then(
      (summaries) => {
        if (!current) return;
        const fresh = fromSummaries(summaries);
        // The backend's count includes every message seen so far; events after this add to it.
        for (const { lastMessage } of summaries) counted.current.add(lastMessage.id);
        setUnread(fresh.unread);
        setLastMessageAt(fresh.lastMessageAt);
      },
      () => {}, // the connection dropped; the next epoch refetches
    );
    return () => {
      current = false;
    };
  }, [api, state, epoch]);

  useEffect(
    () =>
      api.on('message.changed', (message: Message) => {
        setLastMessageAt((map) =>
          (map.get(message.conversation) ?? -Infinity) >= message.sentAt
            ? map
            : new Map(map).set(message.conversation, message.sentAt),
        );
        if (message.outgoing || message.readAt !== null || counted.current.has(message.id)) return;
        counted.current.add(message.id);
        if (message.conversation === watched.current) return;
        setUnread((map) => new Map(map).set(message.conversation, (map.get(message.conversation) ?? 0) + 1));
      }),
    [api],
  );

  const clear = useCallback(
    (peerId: string) =>
      setUnread((map) => {
        if (!map.has(peerId)) return map;
        const next = new Map(map);
        next.delete(peerId);
        return next;
      }),
    [],
  );

  return { unread, lastMessageAt, clear };
}
