import { useId, type KeyboardEvent } from 'react';
import { isGroupId, type Message } from '../../../core/model';
import { PaneHeader } from '../app/PaneHeader';
import type { NameOf } from '../people/name-book';
import { SearchHitItem } from './SearchHitItem';
import { SEARCH_LIMIT, type MessageSearch } from './use-message-search';

function summaryOf(search: MessageSearch, count: number, scopeName: string | undefined): string {
  if (search.searching) return 'Searching…';
  if (search.error) return 'The search did not finish';
  const where = scopeName ? ` with ${scopeName}` : '';
  if (count === 0) return `No matches${where}`;
  const many = count >= SEARCH_LIMIT ? `The ${count} newest messages` : `${count} ${count === 1 ? 'message' : 'messages'}`;
  return `${many}${where} matching “${search.term}”`;
}

/** Up and Down walk the results; Up from the first one goes back to the search box. */
function moveFocus(event: KeyboardEvent<HTMLOListElement>, search: MessageSearch) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const hits = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-testid="search-hit"]')];
  const index = hits.indexOf(document.activeElement as HTMLElement);
  if (index < 0) return;
  event.preventDefault();
  const next = index + (event.key === 'ArrowDown' ? 1 : -1);
  if (next < 0) search.focus();
  else hits[Math.min(next, hits.length - 1)]?.focus();
}

/** Who a hit is with, as its line names them: "Bob", or in a group "Bob in Design". */
function otherNameOf(message: Message, nameOf: NameOf, titleOf: (conversation: string) => string): string {
  if (!isGroupId(message.conversation)) return nameOf(message.outgoing ? message.to : message.from);
  const group = titleOf(message.conversation);
  return message.outgoing ? group : `${nameOf(message.from)} in ${group}`;
}

/** The results pane: it covers the main pane while the search box holds a query. */
export function SearchResults(props: {
  search: MessageSearch;
  nameOf: NameOf;
  /** A conversation's name: the person's, or the group's. */
  titleOf: (conversation: string) => string;
  onOpen: (message: Message) => void;
}) {
  const { search, nameOf, titleOf } = props;
  const titleId = useId();
  const hits = search.hits ?? [];
  const scoped = search.scope === 'conversation' && search.scopePeerId !== undefined;
  const scopeName = search.scopePeerId === undefined ? undefined : titleOf(search.scopePeerId);
  const settledEmpty = !search.searching && !search.error && hits.length === 0;

  const close = () => {
    search.clear();
    search.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
  };

  return (
    <section
      className="pane-view search-results"
      data-testid="search-results"
      aria-labelledby={titleId}
      aria-busy={search.searching}
      onKeyDown={onKeyDown}
    >
      <PaneHeader
        titleId={titleId}
        title="Search results"
        subtitle={<span role="status">{summaryOf(search, hits.length, scoped ? scopeName : undefined)}</span>}
        subtitleTestId="search-summary"
        onClose={close}
        actions={
          <button
            type="button"
            className="chip"
            data-testid="search-scope"
            aria-pressed={scoped}
            disabled={search.scopePeerId === undefined}
            title={scopeName ? `Only messages with ${scopeName}` : 'Pick someone on the left first'}
            onClick={() => search.setScope(scoped ? 'everywhere' : 'conversation')}
          >
            In this conversation
          </button>
        }
      />
      <div className="search-progress" aria-hidden="true" data-active={search.searching} />
      <div className="pane-scroller">
        {search.error && (
          <p className="form-error" role="alert">
            {`The search could not run: ${search.error}`}
          </p>
        )}
        {settledEmpty ? (
          <div className="search-empty" data-testid="search-empty">
            <p className="empty-title">{`No messages match “${search.term}”`}</p>
            <p className="empty-text">
              Every word has to match the start of a word in a message.
              {scoped && ` Only your conversation with ${scopeName} was searched.`}
            </p>
            {scoped && (
              <button type="button" className="button secondary" onClick={() => search.setScope('everywhere')}>
                Search all conversations
              </button>
            )}
          </div>
        ) : (
          <ol
            className={search.searching ? 'search-hits stale' : 'search-hits'}
            aria-label="Matching messages"
            onKeyDown={(event) => moveFocus(event, search)}
          >
            {hits.map((hit) => (
              <SearchHitItem
                key={hit.message.id}
                hit={hit}
                otherName={otherNameOf(hit.message, nameOf, titleOf)}
                onOpen={props.onOpen}
              />
            ))}
          </ol>
        )}
        {!search.searching && hits.length >= SEARCH_LIMIT && (
          <p className="hint search-more">Only the newest {SEARCH_LIMIT} matches are shown; add a word to narrow them down.</p>
        )}
      </div>
    </section>
  );
}
