import { useId } from 'react';
import type { Group, Peer } from '../../../core/model';
import { Modal } from '../app/Modal';
import { AddPeerForm } from '../people/AddPeerForm';
import { isGroupInvite } from './invite-kind';
import { InviteStateView } from './InviteState';
import { JoinForm } from './JoinForm';
import { useInvite } from './use-invite';

/**
 * Three ways to reach someone mDNS cannot find: give them a code, use
 * theirs, or dial an address. Any of them ends with that person selected.
 * Opened by a group's code (a lanline://join/LL2-… link) it is only the join.
 */
export function InviteDialog(props: {
  joinCode: string | undefined;
  ownAddresses: readonly string[];
  onConnected: (peer: Peer) => void;
  onJoinedGroup: (group: Group) => void;
  onClose: () => void;
}) {
  const titleId = useId();
  if (props.joinCode !== undefined && isGroupInvite(props.joinCode)) {
    return (
      <Modal labelledBy={titleId} className="invite-dialog" testId="invite-dialog" onClose={props.onClose}>
        <h2 id={titleId}>Join a group</h2>
        <p className="dialog-text">
          Someone invited you to a group. Joining connects you to them, proves it is really them, and asks them to add you.
        </p>
        <JoinForm initialCode={props.joinCode} onJoined={props.onConnected} onJoinedGroup={props.onJoinedGroup} />
      </Modal>
    );
  }
  return <PersonInviteDialog {...props} titleId={titleId} />;
}

function PersonInviteDialog(props: Parameters<typeof InviteDialog>[0] & { titleId: string }) {
  const invite = useInvite();
  const joinTitleId = useId();
  return (
    <Modal labelledBy={props.titleId} className="invite-dialog" testId="invite-dialog" onClose={props.onClose}>
      <h2 id={props.titleId}>Invite someone</h2>
      <p className="dialog-text">
        Give this code to a colleague whose computer Lanline does not find by itself, for example on another floor’s network. It
        lets them connect to you, and only to you.
      </p>
      <InviteStateView invite={invite} />

      <section className="dialog-section" aria-labelledby={joinTitleId}>
        <h3 id={joinTitleId}>Have a code? Join</h3>
        <JoinForm initialCode={props.joinCode} onJoined={props.onConnected} onJoinedGroup={props.onJoinedGroup} />
      </section>

      <details className="dialog-section">
        <summary>Or connect by address</summary>
        <AddPeerForm ownAddresses={props.ownAddresses} onAdded={props.onConnected} />
      </details>
    </Modal>
  );
}
