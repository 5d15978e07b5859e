import { useId, useState } from 'react';
import type { Peer } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import { Avatar } from '../people/Avatar';
import { displayNameOf } from '../people/peer-appearance';
import { rankByFuzzy } from '../switcher/fuzzy';

/**
 * Choosing people for a group: a search over everyone known (the switcher's
 * fuzzy match, so initials work) and a checkbox per person. The chosen stay
 * chosen while the search hides them, and the line above says who they are.
 */
export function PeoplePicker(props: {
  peers: readonly Peer[];
  chosen: ReadonlySet<string>;
  onToggle: (peerId: string) => void;
  /** "Members", "People to add": what the list is for. */
  label: string;
  disabled?: boolean;
}) {
  const { peers, chosen } = props;
  const [query, setQuery] = useState('');
  const listId = useId();
  const shown = rankByFuzzy(query, peers, displayNameOf).map((ranked) => ranked.item);
  const chosenNames = peers.filter((peer) => chosen.has(peer.peerId)).map(displayNameOf);
  return (
    <div className="people-picker">
      <div className="people-picker-search">
        <Icon path={ICONS.search} size={16} />
        <input
          type="search"
          data-testid="people-search"
          placeholder="Search people"
          aria-label={`Search people for ${props.label.toLowerCase()}`}
          aria-controls={listId}
          autoComplete="off"
          spellCheck={false}
          value={query}
          disabled={props.disabled}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      <p className="hint people-picker-summary" role="status" data-testid="people-chosen">
        {chosenNames.length === 0 ? 'Nobody chosen yet.' : `${chosenNames.length} chosen: ${chosenNames.join(', ')}`}
      </p>
      {peers.length === 0 ? (
        <p className="sidebar-empty">Nobody to add yet. People appear here once Lanline has found them.</p>
      ) : (
        <ul id={listId} className="people-picker-list" aria-label={props.label}>
          {shown.map((peer) => {
            const name = displayNameOf(peer);
            return (
              <li key={peer.peerId}>
                <label className="people-picker-item" data-testid="people-option" data-peer-id={peer.peerId}>
                  <input
                    type="checkbox"
                    checked={chosen.has(peer.peerId)}
                    disabled={props.disabled}
                    onChange={() => props.onToggle(peer.peerId)}
                  />
                  <span className="avatar-with-presence">
                    <Avatar peerId={peer.peerId} name={name} />
                    <span className={`presence-dot ${peer.online ? 'online' : 'offline'}`} />
                  </span>
                  <span className="people-picker-name">{name}</span>
                  <span className="people-picker-state">{peer.online ? 'online' : 'offline'}</span>
                </label>
              </li>
            );
          })}
          {shown.length === 0 && <li className="sidebar-empty">Nobody called “{query}”.</li>}
        </ul>
      )}
    </div>
  );
}
