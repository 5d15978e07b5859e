import type { KeyboardEvent } from 'react';
import { useFindShortcut } from './use-find-shortcut';
import { MAX_QUERY_LENGTH, SEARCH_INPUT_ID, type MessageSearch } from './use-message-search';
import { ICONS, Icon } from '../app/Icon';

/** The search field at the top of the sidebar; the results appear in the main pane. */
export function SearchBox(props: { search: MessageSearch }) {
  const { search } = props;
  useFindShortcut(search.focus);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (search.query) search.clear();
      else event.currentTarget.blur();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      search.show();
    } else if (event.key === 'ArrowDown' && search.showing) {
      // Straight from the box to the first result, as in a combobox.
      const first = document.querySelector<HTMLElement>('[data-testid="search-hit"]');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <div className="search-box" role="search">
      <span className="search-box-icon" aria-hidden="true">
        {search.searching ? (
          <span className="spinner" data-testid="search-progress" />
        ) : (
          <svg viewBox="0 0 24 24" width="16" height="16" focusable="false">
            <path
              fill="currentColor"
              d="M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10z"
            />
          </svg>
        )}
      </span>
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        data-testid="search-input"
        aria-label="Search messages"
        aria-keyshortcuts="Control+F Meta+F"
        placeholder="Search messages"
        title="Search messages (Ctrl+F)"
        autoComplete="off"
        spellCheck={false}
        maxLength={MAX_QUERY_LENGTH}
        value={search.query}
        onChange={(event) => search.type(event.target.value)}
        onFocus={search.show}
        onKeyDown={onKeyDown}
      />
      {search.query && (
        <button
          type="button"
          className="icon-button search-clear"
          data-testid="search-clear"
          aria-label="Clear search"
          title="Clear search (Esc)"
          onClick={() => {
            search.clear();
            search.focus();
          }}
        >
          <Icon path={ICONS.close} size={14} />
        </button>
      )}
    </div>
  );
}
