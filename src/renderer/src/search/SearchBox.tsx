import type { KeyboardEvent } from 'react';
import { MAX_QUERY_LENGTH, SEARCH_INPUT_ID, type MessageSearch } from './use-message-search';
import { ICONS, Icon } from '../app/Icon';

/** The search field at the top of the sidebar; the results appear in the main pane. */
export function SearchBox(props: { search: MessageSearch }) {
  const { search } = props;
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
        {search.searching ? <span className="spinner" data-testid="search-progress" /> : <Icon path={ICONS.search} size={16} />}
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
