import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConversationSummary, Message } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { compareMessages } from '../conversation/message-order';
import { mentionsSelf } from '../conversation/rich-text';

export interface UnreadView {
  /** Unread incoming messages per conversation; conversations with none are absent. */
  unread: ReadonlyMap<string, number>;
  /** Conversations with an unread message that mentions the reader. */
  mentioned: ReadonlySet<string>;
  /** The newest message of each conversation, for the sidebar's preview line. */
  last: ReadonlyMap<string, Message>;
  /** When each conversation last had a message (author clock, as the backend orders them). */
  lastMessageAt: ReadonlyMap<string, number>;
  /** Messages held back per conversation until the ones they follow arrive; conversations with none are absent. */
  waiting: ReadonlyMap<string, number>;
  /** Zeroes a badge, once the conversation has been marked read. */
  clear(conversation: string): void;
}

function fromSummaries(summaries: readonly ConversationSummary[]) {
  const unread = new Map<string, number>();
  const last = new Map<string, Message>();
  const waiting = new Map<string, number>();
  for (const { conversation, lastMessage, unread: count, waiting: held } of summaries) {
    if (count > 0) unread.set(conversation, count);
    if (held > 0) waiting.set(conversation, held);
    last.set(conversation, lastMessage);
  }
  return { unread, last, waiting };
}

function without<T>(map: ReadonlyMap<string, T>, key: string): ReadonlyMap<string, T> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}

/**
 * The unread badges, each conversation's newest message and how many of its
 * messages wait for earlier ones: the backend's persisted counts
 * (`conversations.list`, fetched on every connect), kept current by
 * `message.changed` and `waiting.changed`. A message that arrives in the conversation
 * the person is looking at is not counted; the conversation marks it read
 * instead. `selfName` lets an unread mention of the reader stand out.
 */
export function useUnread(openConversation: string | undefined, visible: boolean, selfName: string | undefined): UnreadView {
  const { api, state, epoch } = useBackend();
  const [unread, setUnread] = useState<ReadonlyMap<string, number>>(new Map());
  const [last, setLast] = useState<ReadonlyMap<string, Message>>(new Map());
  const [mentioned, setMentioned] = useState<ReadonlySet<string>>(new Set());
  const [waiting, setWaiting] = useState<ReadonlyMap<string, number>>(new Map());
  const watched = useRef<string | undefined>(undefined);
  const name = useRef(selfName);
  // `message.changed` repeats a message when its state changes; count each one once.
  const counted = useRef(new Set<string>());

  useEffect(() => {
    watched.current = visible ? openConversation : undefined;
    name.current = selfName;
  }, [openConversation, visible, selfName]);

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
        setLast(fresh.last);
        setWaiting(fresh.waiting);
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
        setLast((map) => {
          const known = map.get(message.conversation);
          if (known && known.id !== message.id && compareMessages(known, message) > 0) return map;
          return new Map(map).set(message.conversation, message);
        });
        if (message.outgoing || message.readAt !== null || counted.current.has(message.id)) return;
        counted.current.add(message.id);
        if (message.conversation === watched.current) return;
        setUnread((map) => new Map(map).set(message.conversation, (map.get(message.conversation) ?? 0) + 1));
        if (name.current && mentionsSelf(message.text, name.current)) {
          setMentioned((set) => (set.has(message.conversation) ? set : new Set(set).add(message.conversation)));
        }
      }),
    [api],
  );

  useEffect(
    () =>
      api.on('waiting.changed', ({ conversation, waiting: held }) =>
        setWaiting((map) => (held > 0 ? new Map(map).set(conversation, held) : without(map, conversation))),
      ),
    [api],
  );

  const clear = useCallback((conversation: string) => {
    setUnread((map) => without(map, conversation));
    setMentioned((set) => {
      if (!set.has(conversation)) return set;
      const next = new Set(set);
      next.delete(conversation);
      return next;
    });
  }, []);

  const lastMessageAt = useMemo(() => new Map([...last].map(([id, message]) => [id, message.sentAt])), [last]);
  return { unread, mentioned, last, lastMessageAt, waiting, clear };
}
