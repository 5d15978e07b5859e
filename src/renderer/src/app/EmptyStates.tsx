import { useEffect, useState } from 'react';
import type { Peer, Status } from '../../../core/model';
import { CheckStatusIcon } from '../doctor/CheckStatusIcon';
import { diagnosisSummary } from '../doctor/diagnosis-words';
import type { DiagnosisView } from '../doctor/use-diagnosis';
import { AddPeerForm } from '../people/AddPeerForm';
import { reachableAt } from '../profile/reachable-at';
import { keysLabel } from './shortcuts';

/** How long a new window looks around before it explains why nobody appears. */
export const LOOKING_MS = 6000;

/** The part of the diagnosis that says what stands in the way, with what to do about it. */
function DiagnosisAdvice(props: { doctor: DiagnosisView }) {
  const { diagnosis, running, error } = props.doctor;
  if (running && !diagnosis) {
    return (
      <p className="hint" role="status" data-testid="nobody-checking">
        <span className="spinner" aria-hidden="true" /> Checking this computer and the network…
      </p>
    );
  }
  if (error) return <p className="form-error" role="alert">{`The network check could not run: ${error}`}</p>;
  if (!diagnosis) return null;
  const problems = diagnosis.checks.filter((check) => check.status === 'fail' || check.status === 'warn');
  return (
    <div className="nobody-advice" data-testid="nobody-advice">
      <p className="hint" data-testid="last-diagnosis">
        {diagnosisSummary(diagnosis)}
      </p>
      {problems.length > 0 ? (
        <ul className="advice-list">
          {problems.map((check) => (
            <li key={check.id} className="advice" data-testid="advice" data-status={check.status}>
              <CheckStatusIcon status={check.status} />
              <div>
                <p className="advice-title">{check.detail}</p>
                {check.fix && <p className="advice-fix">{check.fix}</p>}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty-text">
          This computer looks fine. Colleagues may not run Lanline yet, or sit on another network: send them an invite.
        </p>
      )}
    </div>
  );
}

/**
 * What a new person sees while nobody has appeared: first a few seconds of
 * looking, then, if still alone, the network check's answer to "why not?"
 * with what to do, and the ways to reach someone by hand.
 */
export function NobodyYet(props: {
  status: Status | undefined;
  doctor: DiagnosisView;
  onAdded: (peer: Peer) => void;
  onInvite: () => void;
  onCheck: () => void;
}) {
  const [looking, setLooking] = useState(true);
  const { run, diagnosis } = props.doctor;

  useEffect(() => {
    const timer = setTimeout(() => setLooking(false), LOOKING_MS);
    return () => clearTimeout(timer);
  }, []);

  // Once the looking is over, find out why nobody came, unless that was asked already.
  useEffect(() => {
    if (!looking && !diagnosis) run();
  }, [looking, diagnosis, run]);

  return (
    <section className="pane-empty" aria-labelledby="nobody-yet-title" data-testid="nobody-yet" data-looking={String(looking)}>
      <div className={`radar${looking ? ' active' : ''}`} aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <h1 id="nobody-yet-title" className="empty-title">
        {looking ? 'Looking for colleagues…' : 'Nobody here yet'}
      </h1>
      <p className="empty-text" role="status">
        {looking
          ? 'Lanline finds people on the same network by itself. This takes a few seconds.'
          : 'Nobody running Lanline has answered on this network.'}
      </p>
      {!looking && <DiagnosisAdvice doctor={props.doctor} />}
      <div className="empty-actions">
        <button type="button" className="button primary" data-testid="empty-invite" onClick={props.onInvite}>
          Invite someone
        </button>
        <button type="button" className="button secondary" data-testid="empty-doctor" onClick={props.onCheck}>
          Open the network check
        </button>
      </div>
      <details className="empty-address">
        <summary>Connect by address</summary>
        <AddPeerForm ownAddresses={reachableAt(props.status)} onAdded={props.onAdded} />
      </details>
    </section>
  );
}

export function NoConversationSelected(props: { peopleOnline: number; mac: boolean }) {
  return (
    <section className="pane-empty" aria-labelledby="pick-someone-title" data-testid="pick-someone">
      <h1 id="pick-someone-title" className="empty-title">
        Pick someone to talk to
      </h1>
      <p className="empty-text">
        {props.peopleOnline > 0
          ? `${props.peopleOnline} ${props.peopleOnline === 1 ? 'person is' : 'people are'} online. Choose someone on the left, or press ${keysLabel('Mod+K', props.mac)}.`
          : 'Choose a person on the left. Messages to people who are away wait until they are back.'}
      </p>
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
