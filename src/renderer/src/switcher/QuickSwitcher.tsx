import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Group, Message, Peer } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import { Avatar } from '../people/Avatar';
import { matchParts, rankByFuzzy } from './fuzzy';
import { switcherItems, type SwitcherItem } from './switcher-items';

const MAX_RESULTS = 12;

/**
 * Ctrl/Cmd+K: type a few letters of a name, Enter goes there. A modal
 * <dialog>, so focus stays inside and Esc closes it; the input is a combobox
 * whose listbox follows the arrow keys.
 */
export function QuickSwitcher(props: {
  peers: readonly Peer[];
  groups: readonly Group[];
  last: ReadonlyMap<string, Message>;
  unread: ReadonlyMap<string, number>;
  onChoose: (item: SwitcherItem) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const titleId = useId();
  const listId = useId();
  const items = useMemo(() => switcherItems(props.peers, props.last, props.groups), [props.peers, props.last, props.groups]);
  const results = useMemo(() => rankByFuzzy(query, items, (item) => item.label).slice(0, MAX_RESULTS), [query, items]);
  const current = Math.min(active, Math.max(0, results.length - 1));

  // As in Modal.tsx: no close() on cleanup, an unmounted dialog leaves the top layer by itself.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  useEffect(() => {
    document.getElementById(`${listId}-${current}`)?.scrollIntoView({ block: 'nearest' });
  }, [current, listId]);

  const choose = (item: SwitcherItem | undefined) => {
    if (!item) return;
    props.onChoose(item);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (results.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + results.length) % results.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(results[current]?.item);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="switcher"
      aria-labelledby={titleId}
      data-testid="switcher"
      onClose={props.onClose}
      // A click on the backdrop (the dialog element itself, outside its box) closes it.
      onClick={(event) => event.target === dialog.current && dialog.current.close()}
    >
      <h2 id={titleId} className="visually-hidden">
        Jump to a conversation
      </h2>
      <div className="switcher-input-row">
        <Icon path={ICONS.search} size={18} />
        <input
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={results.length ? `${listId}-${current}` : undefined}
          aria-autocomplete="list"
          aria-label="Name of a person, group, conversation or place"
          placeholder="Jump to a person, group or conversation…"
          data-testid="switcher-input"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <kbd className="switcher-esc">Esc</kbd>
      </div>
      <ul id={listId} className="switcher-results" role="listbox" aria-label="Matches" data-testid="switcher-results">
        {results.map(({ item, match }, index) => {
          const unread = item.kind === 'place' ? 0 : (props.unread.get(item.id) ?? 0);
          return (
            <li
              key={`${item.kind}:${item.id}`}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === current}
              className="switcher-option"
              data-testid="switcher-option"
              data-kind={item.kind}
              onMouseMove={() => index !== current && setActive(index)}
              onClick={() => choose(item)}
            >
              {item.kind === 'place' ? (
                <span className="switcher-place-icon" aria-hidden="true">
                  <Icon path={ICONS.menu} size={16} />
                </span>
              ) : item.kind === 'group' ? (
                <Avatar peerId={item.id} name={item.label} group />
              ) : (
                <span className="avatar-with-presence">
                  <Avatar peerId={item.peer.peerId} name={item.label} />
                  <span className={`presence-dot ${item.peer.online ? 'online' : 'offline'}`} />
                </span>
              )}
              <span className="switcher-option-text">
                <span className="switcher-option-label">
                  {matchParts(item.label, match.indices).map((part, i) =>
                    part.matched ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                  )}
                </span>
                <span className="switcher-option-detail">{item.detail}</span>
              </span>
              {unread > 0 && <span className="unread-badge">{unread}</span>}
            </li>
          );
        })}
      </ul>
      {results.length === 0 && (
        <p className="switcher-empty" role="status">
          Nobody and nothing called “{query}”.
        </p>
      )}
    </dialog>
  );
}
