import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../../../core/errors';
import type { SearchHit } from '../../../core/model';
import { useBackend } from '../app/backend-context';

/** Keystrokes closer together than this make one query, so typing a word asks the index once. */
const DEBOUNCE_MS = 150;
/** A single letter matches most of a history as a prefix; from two on, results start to mean something. */
export const MIN_QUERY_LENGTH = 2;
/** The contract's own cap on a query. */
export const MAX_QUERY_LENGTH = 200;
/** The newest matches only; a person refines the words rather than scrolling through hundreds. */
export const SEARCH_LIMIT = 50;

/** There is one search box; its id lets the shortcut and the results pane hand focus back to it. */
export const SEARCH_INPUT_ID = 'message-search';

export type SearchScope = 'everywhere' | 'conversation';

interface SearchAnswer {
  key: string;
  hits: SearchHit[];
  error: string | undefined;
}

export interface MessageSearch {
  /** The text in the box, as typed. */
  query: string;
  /** What is being searched for: the query trimmed. */
  term: string;
  /** Whether the results cover the main pane. */
  showing: boolean;
  scope: SearchScope;
  /** The person "In this conversation" means; undefined while nobody is selected. */
  scopePeerId: string | undefined;
  /** The latest answer; while `searching` it may still answer the previous query. */
  hits: SearchHit[] | undefined;
  /** A query is waiting for its pause or its answer. */
  searching: boolean;
  error: string | undefined;
  type(query: string): void;
  setScope(scope: SearchScope): void;
  /** Brings the results back for the text still in the box. */
  show(): void;
  /** Uncovers the main pane but keeps the text, e.g. after opening a hit. */
  hide(): void;
  /** Empties the box, which returns the main pane to what it showed before. */
  clear(): void;
  /** Ctrl/Cmd+F, or back from the results: puts the cursor in the box with its text selected. */
  focus(): void;
}

/**
 * Message search as the sidebar box and the results pane share it. Each
 * answer is filed under the query it answers, and only the answer to the
 * current query is taken, so a slow reply to an older query never lands.
 */
export function useMessageSearch(selectedId: string | undefined): MessageSearch {
  const { api, epoch } = useBackend();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<SearchScope>('everywhere');
  const [answer, setAnswer] = useState<SearchAnswer>();

  const term = query.trim();
  const active = Array.from(term).length >= MIN_QUERY_LENGTH;
  const scopePeerId = selectedId;
  const withPeer = scope === 'conversation' ? scopePeerId : undefined;
  // The epoch is part of the key: after a reconnect the same words are asked again.
  const key = active ? JSON.stringify([term, withPeer ?? null, epoch]) : undefined;

  useEffect(() => {
    if (key === undefined) return;
    let current = true;
    const timer = setTimeout(() => {
      api.call('messages.search', { query: term, with: withPeer, limit: SEARCH_LIMIT }).then(
        (hits) => current && setAnswer({ key, hits, error: undefined }),
        (caught: unknown) => current && setAnswer({ key, hits: [], error: describeError(caught) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key, term, withPeer]);

  const type = useCallback((text: string) => {
    setQuery(text);
    setOpen(true);
  }, []);
  const show = useCallback(() => setOpen(true), []);
  const hide = useCallback(() => setOpen(false), []);
  const clear = useCallback(() => {
    setQuery('');
    setOpen(false);
  }, []);
  const focus = useCallback(() => {
    const box = document.getElementById(SEARCH_INPUT_ID);
    if (!(box instanceof HTMLInputElement)) return;
    box.focus();
    box.select();
  }, []);

  const answered = answer !== undefined && answer.key === key;
  return {
    query,
    term,
    showing: open && active,
    scope,
    scopePeerId,
    hits: answer?.hits,
    searching: active && !answered,
    error: answered ? answer.error : undefined,
    type,
    setScope,
    show,
    hide,
    clear,
    focus,
  };
}
