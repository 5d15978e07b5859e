import { useState } from 'react';
import type { Group, Peer } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { ConfirmDialog } from '../app/ConfirmDialog';
import { Icon, ICONS } from '../app/Icon';
import { DetailsFrame, DetailsSection } from '../details/DetailsFrame';
import { SharedFiles } from '../files/SharedFiles';
import { Avatar } from '../people/Avatar';
import type { NameOf } from '../people/name-book';
import { AddMembersDialog } from './AddMembersDialog';
import { GroupInviteDialog } from './GroupInviteDialog';
import { GroupMemberItem } from './GroupMemberItem';
import { RenameGroupForm } from './RenameGroupForm';

type Asking = { kind: 'leave' } | { kind: 'remove'; peerId: string } | { kind: 'add' } | { kind: 'invite' };

/**
 * A group's details: its name (any member renames it), its members with
 * their admin badges and how each is reached, adding people or inviting them
 * by code, removing someone (admins), and leaving, each irreversible step
 * after a confirmation. Once we are out, it says so and offers nothing.
 */
export function GroupDetailsPane(props: {
  group: Group;
  peers: readonly Peer[];
  selfId: string;
  nameOf: NameOf;
  /** "relayed via Hub", "offline": how each member is reached. */
  pathOf: (peerId: string) => string | undefined;
  onChanged: (group: Group) => void;
  onClose: () => void;
  onSearch: () => void;
}) {
  const { group, selfId, nameOf } = props;
  const { api } = useBackend();
  const [asking, setAsking] = useState<Asking>();
  const [renaming, setRenaming] = useState(false);
  const close = () => setAsking(undefined);
  const admins = group.members.filter((member) => member.admin).length;
  // You first, then admins, then everyone by name.
  const members = [...group.members].sort(
    (a, b) =>
      Number(b.peerId === selfId) - Number(a.peerId === selfId) ||
      Number(b.admin) - Number(a.admin) ||
      nameOf(a.peerId).localeCompare(nameOf(b.peerId)),
  );

  return (
    <DetailsFrame onClose={props.onClose}>
      <div className="details-profile">
        <Avatar peerId={group.id} name={group.name} size="huge" group />
        {renaming ? (
          <RenameGroupForm
            group={group}
            onRenamed={(renamed) => {
              props.onChanged(renamed);
              setRenaming(false);
            }}
            onCancel={() => setRenaming(false)}
          />
        ) : (
          <p className="details-name" data-testid="group-details-name">
            {group.name}
            {group.isMember && (
              <button
                type="button"
                className="icon-button small"
                data-testid="group-rename"
                aria-label="Rename the group"
                title="Rename the group"
                onClick={() => setRenaming(true)}
              >
                <Icon path={ICONS.pencil} size={14} />
              </button>
            )}
          </p>
        )}
        <p className="details-presence">
          {group.isMember
            ? `${group.members.length} ${group.members.length === 1 ? 'member' : 'members'} · started by ${group.createdBy === selfId ? 'you' : nameOf(group.createdBy)}`
            : 'You are no longer a member'}
        </p>
        <div className="details-actions">
          {group.isMember && (
            <button
              type="button"
              className="button primary"
              data-testid="group-invite"
              onClick={() => setAsking({ kind: 'invite' })}
            >
              <Icon path={ICONS.invite} size={16} />
              Invite with a code
            </button>
          )}
          <button type="button" className="button secondary" onClick={props.onSearch}>
            <Icon path={ICONS.search} size={16} />
            Search in group
          </button>
        </div>
      </div>
      <DetailsSection
        title={`Members (${group.members.length})`}
        testId="group-members"
        action={
          group.isMember && (
            <button
              type="button"
              className="button subtle small"
              data-testid="group-add-members"
              onClick={() => setAsking({ kind: 'add' })}
            >
              <Icon path={ICONS.personAdd} size={14} />
              Add people
            </button>
          )
        }
      >
        <ul className="member-list" aria-label="Members">
          {members.map((member) => (
            <GroupMemberItem
              key={member.peerId}
              member={member}
              self={member.peerId === selfId}
              name={nameOf(member.peerId)}
              path={props.pathOf(member.peerId)}
              canRemove={group.isMember && group.isAdmin && member.peerId !== selfId}
              onRemove={() => setAsking({ kind: 'remove', peerId: member.peerId })}
            />
          ))}
        </ul>
        {group.isMember && !group.isAdmin && (
          <p className="details-text">Only admins can remove people. Anyone in the group can add people and rename it.</p>
        )}
      </DetailsSection>
      <DetailsSection title="Files" testId="details-files">
        <SharedFiles conversation={group.id} title={group.name} nameOf={nameOf} />
      </DetailsSection>
      <DetailsSection title="Privacy" testId="group-privacy">
        <p className="details-text">
          Messages are sealed with a key only the current members hold; when someone leaves or is removed, the group moves to a
          new key they do not get.
        </p>
      </DetailsSection>
      {group.isMember && (
        <DetailsSection title="Leave" testId="group-leave-section">
          <button
            type="button"
            className="button danger-outline"
            data-testid="group-leave"
            onClick={() => setAsking({ kind: 'leave' })}
          >
            <Icon path={ICONS.leave} size={16} />
            Leave {group.name}
          </button>
        </DetailsSection>
      )}

      {asking?.kind === 'invite' && <GroupInviteDialog group={group} onClose={close} />}
      {asking?.kind === 'add' && (
        <AddMembersDialog group={group} peers={props.peers} onChanged={props.onChanged} onClose={close} />
      )}
      {asking?.kind === 'leave' && (
        <ConfirmDialog
          title={`Leave ${group.name}?`}
          confirmLabel="Leave group"
          busyLabel="Leaving…"
          danger
          testId="leave-dialog"
          onConfirm={async () => props.onChanged(await api.call('groups.leave', { group: group.id }))}
          onClose={close}
        >
          You stop receiving its messages and cannot write in it. The history stays on this computer. To come back, someone in the
          group has to add you again.
          {group.isAdmin &&
            admins === 1 &&
            group.members.length > 1 &&
            ' You are its only admin; the longest-standing member becomes admin.'}
        </ConfirmDialog>
      )}
      {asking?.kind === 'remove' && (
        <ConfirmDialog
          title={`Remove ${nameOf(asking.peerId)} from ${group.name}?`}
          confirmLabel="Remove"
          busyLabel="Removing…"
          danger
          testId="remove-dialog"
          onConfirm={async () => props.onChanged(await api.call('groups.remove', { group: group.id, peer: asking.peerId }))}
          onClose={close}
        >
          They stop receiving the group’s messages from now on; what they already have stays with them. Anyone in the group can
          add them again.
        </ConfirmDialog>
      )}
    </DetailsFrame>
  );
}
