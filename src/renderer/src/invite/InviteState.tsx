import { InviteCode } from './InviteCode';
import type { InviteState } from './use-invite';

/** An invite being made, made (code, copy, QR), or refused, as one live region. */
export function InviteStateView(props: { invite: InviteState }) {
  const { invite } = props;
  return (
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
  );
}
