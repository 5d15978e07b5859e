import { useState } from 'react';
import { describeError } from '../../../core/errors';

/** A form's busy flag and its one error line, around an action that calls the backend. */
export function useSubmission() {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
