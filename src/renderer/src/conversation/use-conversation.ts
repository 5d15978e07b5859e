import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../../../core/errors';
import type { Message } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { compareMessages, mergeMessages, upsertMessage } from './message-order';

/** Messages per request, for the latest page and for each earlier one. */
export const PAGE_SIZE = 100;

export interface ConversationView {
  messages: Message[];
  loaded: boolean;
  /** The first message of the conversation is loaded; there is nothing earlier to fetch. */
  complete: boolean;
  loadingEarlier: boolean;
  /** Why the last earlier page failed; cleared by the next attempt. */
  earlierError: string | undefined;
  /** Adds a message this window just sent, without waiting for its event. */
  upsert(message: Message): void;
  /**
   * Fetches the page before the oldest loaded one. Resolves to that page
   * (empty once nothing is left) or to undefined if it failed. A call while a
   * page is on its way shares that page instead of asking twice.
   */
  loadEarlier(): Promise<Message[] | undefined>;
}

function newer(known: Message | undefined, arriving: Message | undefined): Message | undefined {
  return !known || (arriving && compareMessages(arriving, known) > 0) ? arriving : known;
}

/**
 * One conversation: its latest page fetched on open and on every reconnect,
 * earlier pages on request, all kept live by `message.changed`.
 */
export function useConversation(conversation: string): ConversationView {
  const { api, state, epoch } = useBackend();
  const [messages, setMessages] = useState<Message[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [complete, setComplete] = useState(false);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const [earlierError, setEarlierError] = useState<string>();
  // Where the next earlier page starts: the oldest message a page brought. A
  // late event for an old message does not move it, since it says nothing
  // about the messages between it and the pages already loaded.
  const cursor = useRef<Message>(undefined);
  // The newest message this window has seen, to tell whether a reconnect left a gap.
  const newestSeen = useRef<Message>(undefined);
  const reachedStart = useRef(false);
  const pending = useRef<Promise<Message[] | undefined>>(undefined);

  const markStart = useCallback((reached: boolean) => {
    reachedStart.current = reached;
    setComplete(reached);
  }, []);

  const upsert = useCallback((message: Message) => setMessages((list) => upsertMessage(list, message)), []);

  useEffect(
    () =>
      api.on('message.changed', (message) => {
        if (message.conversation !== conversation) return;
        newestSeen.current = newer(newestSeen.current, message);
        upsert(message);
      }),
    [api, conversation, upsert],
  );

  useEffect(() => {
    if (state !== 'open') return;
    let current = true;
    api.call('messages.list', { with: conversation, limit: PAGE_SIZE }).then(
      (latest) => {
        if (!current) return;
        const oldest = latest[0];
        // A full page that starts after everything seen before the reconnect may
        // leave a hole in the middle; start over from this page rather than show one.
        const gap =
          latest.length === PAGE_SIZE && oldest && newestSeen.current && compareMessages(oldest, newestSeen.current) > 0;
        if (gap || !cursor.current || (oldest && compareMessages(oldest, cursor.current) < 0)) cursor.current = oldest;
        if (gap) markStart(false);
        if (latest.length < PAGE_SIZE) markStart(true);
        newestSeen.current = newer(newestSeen.current, latest[latest.length - 1]);
        setMessages((held) => (gap ? latest : mergeMessages(latest, held)));
        setLoaded(true);
      },
      () => {}, // the connection dropped; the next epoch refetches
    );
    return () => {
      current = false;
    };
  }, [api, state, epoch, conversation, markStart]);

  const loadEarlier = useCallback((): Promise<Message[] | undefined> => {
    if (pending.current) return pending.current;
    const from = cursor.current;
    if (reachedStart.current || !from) return Promise.resolve([]);
    setLoadingEarlier(true);
    setEarlierError(undefined);
    const request = api
      .call('messages.list', { with: conversation, limit: PAGE_SIZE, before: { sentAt: from.sentAt, id: from.id } })
      .then(
        (page) => {
          // A reconnect may have started over meanwhile; this page then belongs to nothing.
          if (cursor.current !== from) return [];
          if (page[0]) cursor.current = page[0];
          if (page.length < PAGE_SIZE) markStart(true);
          setMessages((held) => mergeMessages(page, held));
          return page;
        },
        (caught: unknown) => {
          setEarlierError(describeError(caught));
          return undefined;
        },
      )
      .finally(() => {
        pending.current = undefined;
        setLoadingEarlier(false);
      });
    pending.current = request;
    return request;
  }, [api, conversation, markStart]);

  return { messages, loaded, complete, loadingEarlier, earlierError, upsert, loadEarlier };
}
