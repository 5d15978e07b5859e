import { useCallback, useRef, useState } from 'react';
import { describeError } from '../../../core/errors';
import type { Diagnosis } from '../../../core/model';
import { useBackend } from '../app/backend-context';

export interface DiagnosisView {
  /** The last finished check, kept while a new one runs so the page does not go blank. */
  diagnosis: Diagnosis | undefined;
  running: boolean;
  error: string | undefined;
  /** Starts a check unless one is already running. */
  run(): void;
}

/**
 * The network check, held by the app rather than the panel so the empty
 * state can summarise the last result after the panel is gone.
 */
export function useDiagnosis(): DiagnosisView {
  const { api } = useBackend();
  const [diagnosis, setDiagnosis] = useState<Diagnosis>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();
  // A ref, not the state: StrictMode mounts the panel twice and both mounts ask to run.
  const inFlight = useRef(false);

  const run = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    setRunning(true);
    setError(undefined);
    api
      .call('doctor.run', {})
      .then(
        (fresh) => setDiagnosis(fresh),
        (caught: unknown) => setError(describeError(caught)),
      )
      .finally(() => {
        inFlight.current = false;
        setRunning(false);
      });
  }, [api]);

  return { diagnosis, running, error, run };
}
