import { useId } from 'react';
import type { Peer } from '../../../core/model';
import { Modal } from '../app/Modal';
import { AddPeerForm } from '../people/AddPeerForm';
import { InviteCode } from './InviteCode';
import { JoinForm } from './JoinForm';
import { useInvite } from './use-invite';

/**
 * Three ways to reach someone mDNS cannot find: give them a code, use
 * theirs, or dial an address. Any of them ends with that person selected.
 */
export function InviteDialog(props: {
  joinCode: string | undefined;
  ownAddresses: readonly string[];
  onConnected: (peer: Peer) => void;
  onClose: () => void;
}) {
  const invite = useInvite();
  const titleId = useId();
  const joinTitleId = useId();

  return (
    <Modal labelledBy={titleId} className="invite-dialog" testId="invite-dialog" onClose={props.onClose}>
      <h2 id={titleId}>Invite someone</h2>
      <p className="dialog-text">
        Give this code to a colleague whose computer Lanline does not find by itself, for example on another floor’s network. It
        lets them connect to you, and only to you.
      </p>
      <div aria-live="polite" aria-busy={invite.kind === 'loading'}>
        {invite.kind === 'ready' ? (
          <InviteCode invite={invite.invite} />
        ) : invite.kind === 'failed' ? (
          <p className="form-error" role="alert">
            {`No invite code right now: ${invite.error}`}
          </p>
        ) : (
          <p className="hint">
            <span className="spinner" aria-hidden="true" /> Making a code…
          </p>
        )}
      </div>

      <section className="dialog-section" aria-labelledby={joinTitleId}>
        <h3 id={joinTitleId}>Have a code? Join</h3>
        <JoinForm initialCode={props.joinCode} onJoined={props.onConnected} />
      </section>

      <details className="dialog-section">
        <summary>Or connect by address</summary>
        <AddPeerForm ownAddresses={props.ownAddresses} onAdded={props.onConnected} />
      </details>
    </Modal>
  );
}
