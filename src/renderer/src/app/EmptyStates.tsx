import type { Peer, Status } from '../../../core/model';
import { AddPeerForm } from '../people/AddPeerForm';
import { reachableAt } from '../profile/reachable-at';

export function NobodyYet(props: { status: Status | undefined; onAdded: (peer: Peer) => void }) {
  return (
    <section className="pane-empty" aria-labelledby="nobody-yet-title">
      <h1 id="nobody-yet-title" className="empty-title">
        Nobody here yet
      </h1>
      <p className="empty-text">
        Lanline finds colleagues on the same network automatically. You can also add someone by address.
      </p>
      <AddPeerForm ownAddresses={reachableAt(props.status)} onAdded={props.onAdded} />
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
