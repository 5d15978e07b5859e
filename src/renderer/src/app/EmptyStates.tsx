import type { Diagnosis, Peer, Status } from '../../../core/model';
import { diagnosisSummary } from '../doctor/diagnosis-words';
import { AddPeerForm } from '../people/AddPeerForm';
import { reachableAt } from '../profile/reachable-at';

export function NobodyYet(props: {
  status: Status | undefined;
  lastDiagnosis: Diagnosis | undefined;
  onAdded: (peer: Peer) => void;
  onInvite: () => void;
  onCheck: () => void;
}) {
  return (
    <section className="pane-empty" aria-labelledby="nobody-yet-title" data-testid="nobody-yet">
      <h1 id="nobody-yet-title" className="empty-title">
        Nobody here yet
      </h1>
      <p className="empty-text">
        Lanline finds colleagues on the same network automatically. For someone it does not find, send an invite; if you expected
        to see people here, a network check tells you what is in the way.
      </p>
      <div className="empty-actions">
        <button
          type="button"
          className="button primary"
          data-testid="empty-invite"
          aria-label="Invite someone"
          onClick={props.onInvite}
        >
          Invite someone
        </button>
        <button
          type="button"
          className="button secondary"
          data-testid="empty-doctor"
          aria-label="Run a network check"
          onClick={props.onCheck}
        >
          Run a network check
        </button>
      </div>
      {props.lastDiagnosis && (
        <p className="hint empty-diagnosis" data-testid="last-diagnosis">
          {diagnosisSummary(props.lastDiagnosis)}
        </p>
      )}
      <details className="empty-address">
        <summary>Connect by address</summary>
        <AddPeerForm ownAddresses={reachableAt(props.status)} onAdded={props.onAdded} />
      </details>
    </section>
  );
}

export function NoConversationSelected() {
  return (
    <section className="pane-empty" aria-labelledby="pick-someone-title">
      <h1 id="pick-someone-title" className="empty-title">
        Pick someone to talk to
      </h1>
      <p className="empty-text">Choose a person on the left. Messages to people who are away wait until they are back.</p>
    </section>
  );
}

export function Connecting() {
  return (
    <section className="pane-empty" aria-busy="true">
      <p className="empty-text">Connecting to Lanline…</p>
    </section>
  );
}
