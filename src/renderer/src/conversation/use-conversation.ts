import { useCallback, useEffect, useState } from 'react';
import type { Message } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { mergeMessages, upsertMessage } from './message-order';

export interface ConversationView {
  messages: Message[];
  loaded: boolean;
  /** Adds a message this window just sent, without waiting for its event. */
  upsert(message: Message): void;
}

/** One conversation: fetched on open and on every reconnect, then kept live by `message.changed`. */
export function useConversation(peerId: string): ConversationView {
  const { api, state, epoch } = useBackend();
  const [messages, setMessages] = useState<Message[]>([]);
  const [loaded, setLoaded] = useState(false);

  const upsert = useCallback((message: Message) => setMessages((list) => upsertMessage(list, message)), []);

  useEffect(
    () =>
      api.on('message.changed', (message) => {
        if (message.conversation === peerId) upsert(message);
      }),
    [api, peerId, upsert],
  );

  useEffect(() => {
    if (state !== 'open') return;
    let current = true;
    api.call('messages.list', { with: peerId }).then(
      (fetched) => {
        if (!current) return;
        setMessages((held) => mergeMessages(fetched, held));
        setLoaded(true);
      },
      () => {}, // the connection dropped; the next epoch refetches
    );
    return () => {
      current = false;
    };
  }, [api, state, epoch, peerId]);

  return { messages, loaded, upsert };
}
