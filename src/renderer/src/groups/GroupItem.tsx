import type { Group, Message } from '../../../core/model';
import { momentLabel } from '../conversation/message-time';
import { Avatar } from '../people/Avatar';
import { ConversationBadges } from '../people/ConversationBadges';

/**
 * One group in the sidebar: its name, the newest message with its author (or
 * who is typing), the time, an unread badge, and how many messages wait for
 * earlier ones. A group we are no longer in stays listed, quieter.
 */
export function GroupItem(props: {
  group: Group;
  selected: boolean;
  unread: number;
  mentioned: boolean;
  /** "Bob is typing…", shown in place of the preview. */
  typing: string;
  waiting: number;
  last: Message | undefined;
  preview: string | undefined;
  onSelect: (groupId: string) => void;
}) {
  const { group, unread, waiting, last, typing, preview } = props;
  const label = [
    `${group.name}, group of ${group.members.length}`,
    group.isMember ? '' : 'you are no longer a member',
    unread ? `${unread} unread` : '',
    props.mentioned ? 'mentions you' : '',
    waiting ? `${waiting} waiting for earlier messages` : '',
    typing,
    preview && !typing ? `last message: ${preview}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <li>
      <button
        type="button"
        className={`peer-item group-item has-conversation${unread ? ' has-unread' : ''}`}
        data-testid="group"
        data-group-id={group.id}
        data-member={String(group.isMember)}
        aria-current={props.selected ? 'true' : undefined}
        aria-label={label}
        title={group.name}
        onClick={() => props.onSelect(group.id)}
      >
        <Avatar peerId={group.id} name={group.name} group />
        <span className="peer-text">
          <span className="peer-line">
            <span className="peer-name">{group.name}</span>
            {last && (
              <time className="peer-time" dateTime={new Date(last.sentAt).toISOString()}>
                {momentLabel(last.sentAt)}
              </time>
            )}
          </span>
          <span className="peer-line">
            {typing ? (
              <span className="peer-meta peer-typing" data-testid="peer-typing">
                {typing}
              </span>
            ) : (
              <span className="peer-meta peer-preview" data-testid="peer-preview">
                {group.isMember ? (preview ?? `${group.members.length} members`) : 'You are no longer a member'}
              </span>
            )}
            <ConversationBadges waiting={waiting} mentioned={props.mentioned} unread={unread} />
          </span>
        </span>
      </button>
    </li>
  );
}
