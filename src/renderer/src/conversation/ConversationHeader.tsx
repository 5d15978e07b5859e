import { shortPeerId } from '../../../core/identity';
import type { Peer } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import { Avatar } from '../people/Avatar';
import { displayNameOf } from '../people/peer-appearance';
import { RoleBadge } from '../people/RoleBadge';

function presenceText(peer: Peer): string {
  if (!peer.online) return 'offline — messages will wait until they are back';
  if (peer.link === 'relayed') return 'online · through a super peer (end-to-end encrypted)';
  return peer.link === 'direct' ? 'online · direct' : 'online · connecting…';
}

/** Who the conversation is with, and the ways to look closer: search in it, details. */
export function ConversationHeader(props: {
  peer: Peer;
  detailsOpen: boolean;
  /** Shown when the window is too narrow for the sidebar beside the conversation. */
  onBack?: () => void;
  onToggleDetails: () => void;
  onSearch: () => void;
}) {
  const { peer } = props;
  const name = displayNameOf(peer);
  return (
    <header className="conversation-header">
      {props.onBack && (
        <button
          type="button"
          className="icon-button back-button"
          data-testid="back"
          aria-label="Back to conversations"
          onClick={props.onBack}
        >
          <Icon path={ICONS.back} />
        </button>
      )}
      <span className="avatar-with-presence">
        <Avatar peerId={peer.peerId} name={name} size="large" />
        <span className={`presence-dot ${peer.online ? 'online' : 'offline'}`} aria-hidden="true" />
      </span>
      <div className="conversation-title">
        <h1 title={shortPeerId(peer.peerId)} data-testid="conversation-title">
          <span className="conversation-name">{name}</span>
          <RoleBadge role={peer.role} />
        </h1>
        <p className="conversation-presence" data-online={String(peer.online)}>
          {presenceText(peer)}
        </p>
      </div>
      <div className="pane-actions">
        <button
          type="button"
          className="icon-button"
          data-testid="search-conversation"
          aria-label={`Search messages with ${name}`}
          title="Search in this conversation"
          onClick={props.onSearch}
        >
          <Icon path={ICONS.search} />
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="details-toggle"
          aria-label="Conversation details"
          aria-pressed={props.detailsOpen}
          aria-keyshortcuts="Control+I Meta+I"
          title="Details (Ctrl+I)"
          onClick={props.onToggleDetails}
        >
          <Icon path={ICONS.info} />
        </button>
      </div>
    </header>
  );
}
