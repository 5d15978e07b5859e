import { shortPeerId } from '../../../core/identity';
import { Icon, ICONS } from '../app/Icon';
import { Avatar } from '../people/Avatar';
import { RoleBadge } from '../people/RoleBadge';
import type { ConversationSubject } from './conversation-subject';

/**
 * Who the conversation is with, the line under it (how messages to them
 * travel, or who is in the group), and the ways to look closer: search in
 * it, details.
 */
export function ConversationHeader(props: {
  subject: ConversationSubject;
  subtitle: string;
  /** The way to them, for tests and styling: direct, relayed, offline… */
  path?: string;
  detailsOpen: boolean;
  /** Shown when the window is too narrow for the sidebar beside the conversation. */
  onBack?: () => void;
  onToggleDetails: () => void;
  onSearch: () => void;
}) {
  const { subject } = props;
  const online = subject.kind === 'direct' ? subject.peer.online : subject.group.isMember;
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
      {subject.kind === 'direct' ? (
        <span className="avatar-with-presence">
          <Avatar peerId={subject.id} name={subject.title} size="large" />
          <span className={`presence-dot ${online ? 'online' : 'offline'}`} aria-hidden="true" />
        </span>
      ) : (
        <Avatar peerId={subject.id} name={subject.title} size="large" group />
      )}
      <div className="conversation-title">
        <h1 title={subject.kind === 'direct' ? shortPeerId(subject.id) : undefined} data-testid="conversation-title">
          <span className="conversation-name">{subject.title}</span>
          {subject.kind === 'direct' && <RoleBadge role={subject.peer.role} />}
        </h1>
        <p
          className="conversation-presence"
          data-online={String(online)}
          data-path={props.path}
          data-testid="conversation-subtitle"
        >
          {props.path === 'relayed' && <Icon path={ICONS.relay} size={13} />}
          {props.subtitle}
        </p>
      </div>
      <div className="pane-actions">
        <button
          type="button"
          className="icon-button"
          data-testid="search-conversation"
          aria-label={subject.kind === 'direct' ? `Search messages with ${subject.title}` : `Search messages in ${subject.title}`}
          title="Search in this conversation"
          onClick={props.onSearch}
        >
          <Icon path={ICONS.search} />
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="details-toggle"
          aria-label={subject.kind === 'direct' ? 'Conversation details' : 'Group details and members'}
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
