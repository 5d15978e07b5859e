import { useEffect, useId } from 'react';
import { PaneHeader } from '../app/PaneHeader';
import { clockTime } from '../conversation/message-time';
import { DiagnosisCheck } from './DiagnosisCheck';
import { PeerReachability } from './PeerReachability';
import type { DiagnosisView } from './use-diagnosis';

/** "Why can't I see anyone?" answered as a list of questions, each with what to do. Runs when opened. */
export function DoctorPanel(props: { doctor: DiagnosisView; onClose: () => void }) {
  const { diagnosis, running, error, run } = props.doctor;
  const titleId = useId();
  const peersTitleId = useId();

  useEffect(() => run(), [run]);

  return (
    <section className="pane-view doctor" data-testid="doctor-view" aria-labelledby={titleId} aria-busy={running}>
      <PaneHeader
        titleId={titleId}
        title="Network check"
        subtitle={
          diagnosis ? `Checked at ${clockTime(diagnosis.checkedAt)}` : 'Finds out what stands between you and your colleagues.'
        }
        onClose={props.onClose}
        actions={
          <button
            type="button"
            className="button secondary"
            data-testid="doctor-rerun"
            aria-label={running ? 'Checking…' : 'Check again'}
            onClick={run}
            disabled={running}
          >
            {running ? 'Checking…' : 'Check again'}
          </button>
        }
      />
      <div className="pane-scroller">
        <div role="status" className="doctor-progress" data-testid="doctor-progress">
          {running && (
            <>
              <span className="spinner" aria-hidden="true" />
              Checking this computer and the network; this takes a few seconds…
            </>
          )}
        </div>
        {error && (
          <p className="form-error" role="alert">
            {`The check could not run: ${error}`}
          </p>
        )}
        {diagnosis && (
          <div className={running ? 'doctor-results stale' : 'doctor-results'}>
            <ol className="doctor-checks">
              {diagnosis.checks.map((check) => (
                <DiagnosisCheck key={check.id} check={check} />
              ))}
            </ol>
            <section aria-labelledby={peersTitleId}>
              <h2 id={peersTitleId} className="section-heading">
                People
              </h2>
              <PeerReachability peers={diagnosis.peers} />
            </section>
          </div>
        )}
      </div>
    </section>
  );
}
