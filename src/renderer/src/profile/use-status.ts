import { useEffect, useState } from 'react';
import type { Status } from '../../../core/model';
import { useBackend } from '../app/backend-context';

/** This node's status, fetched on every (re)connect and kept fresh by `status.changed`. */
export function useStatus(): { status: Status | undefined; setStatus: (status: Status) => void } {
  const { api, state, epoch } = useBackend();
  const [status, setStatus] = useState<Status>();

  useEffect(() => api.on('status.changed', setStatus), [api]);

  useEffect(() => {
    if (state !== 'open') return;
    let current = true;
    api.call('status.get', {}).then(
      (fresh) => current && setStatus(fresh),
      () => {}, // a failed fetch means the connection dropped; the next epoch refetches
    );
    return () => {
      current = false;
    };
  }, [api, state, epoch]);

  return { status, setStatus };
}
