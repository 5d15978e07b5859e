import type { Group } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import { Avatar } from '../people/Avatar';

/** One member in the group's details: who, whether an admin, how they are reached, and (for admins) a way to remove them. */
export function GroupMemberItem(props: {
  member: Group['members'][number];
  self: boolean;
  name: string;
  path: string | undefined;
  canRemove: boolean;
  onRemove: () => void;
}) {
  const { member, name } = props;
  return (
    <li className="member-item" data-testid="group-member" data-peer-id={member.peerId} data-admin={String(member.admin)}>
      <Avatar peerId={member.peerId} name={name} />
      <span className="member-text">
        <span className="member-name">
          {props.self ? `${name} (you)` : name}
          {member.admin && (
            <span className="role-badge admin-badge" data-testid="admin-badge">
              Admin
            </span>
          )}
        </span>
        {props.path && <span className="member-path">{props.path}</span>}
      </span>
      {props.canRemove && (
        <button
          type="button"
          className="icon-button small"
          data-testid="group-remove"
          aria-label={`Remove ${name} from the group`}
          title={`Remove ${name}`}
          onClick={props.onRemove}
        >
          <Icon path={ICONS.personRemove} size={16} />
        </button>
      )}
    </li>
  );
}
