import { useId } from 'react';
import type { Group } from '../../../core/model';
import { Modal } from '../app/Modal';
import { InviteStateView } from '../invite/InviteState';
import { useInvite } from '../invite/use-invite';

/** A code (and its QR) that lets someone ask us to add them to the group, for 7 days. */
export function GroupInviteDialog(props: { group: Group; onClose: () => void }) {
  const titleId = useId();
  const invite = useInvite(props.group.id);
  return (
    <Modal labelledBy={titleId} className="invite-dialog" testId="group-invite-dialog" onClose={props.onClose}>
      <h2 id={titleId}>Invite to {props.group.name}</h2>
      <p className="dialog-text">
        Whoever has this code can ask your computer to add them to the group, for the next 7 days, also from another network. It
        works while Lanline runs here. They read the group from the moment they join.
      </p>
      <InviteStateView invite={invite} />
    </Modal>
  );
}
