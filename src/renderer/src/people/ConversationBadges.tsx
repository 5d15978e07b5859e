import { Icon, ICONS } from '../app/Icon';

/** The badges at the end of a sidebar row: messages held for earlier ones, a mention, and the unread count. */
export function ConversationBadges(props: { waiting: number; mentioned: boolean; unread: number }) {
  const { waiting, mentioned, unread } = props;
  return (
    <>
      {waiting > 0 && (
        <span
          className="waiting-badge"
          data-testid="waiting-badge"
          aria-hidden="true"
          title={`${waiting} waiting for earlier messages`}
        >
          <Icon path={ICONS.hourglass} size={11} />
          {waiting}
        </span>
      )}
      {mentioned && (
        <span className="mention-badge" data-testid="mention-badge" aria-hidden="true">
          <Icon path={ICONS.at} size={12} />
        </span>
      )}
      {unread > 0 && (
        <span className="unread-badge" data-testid="unread-badge" data-count={unread}>
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </>
  );
}
