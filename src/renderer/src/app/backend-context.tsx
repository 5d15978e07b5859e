import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ApiClient } from '../../../core/api/rpc';
import type { BackendConnection, ConnectionState } from '../backend/backend-connection';

export interface BackendView {
  api: ApiClient;
  state: ConnectionState;
  failedAttempts: number;
  /** Counts the times the connection opened; data hooks refetch when it changes. */
  epoch: number;
  /** A browser tab opened without the token of `lanline serve`. */
  missingToken: boolean;
}

const BackendContext = createContext<BackendView | undefined>(undefined);

export function BackendProvider(props: { connection: BackendConnection; missingToken: boolean; children: ReactNode }) {
  const { connection, missingToken } = props;
  const [view, setView] = useState(() => ({
    state: connection.state,
    failedAttempts: connection.failedAttempts,
    epoch: connection.state === 'open' ? 1 : 0,
  }));

  useEffect(() => {
    const follow = () =>
      setView((previous) =>
        previous.state === connection.state && previous.failedAttempts === connection.failedAttempts
          ? previous
          : {
              state: connection.state,
              failedAttempts: connection.failedAttempts,
              epoch: connection.state === 'open' && previous.state !== 'open' ? previous.epoch + 1 : previous.epoch,
            },
      );
    follow(); // the state may have moved between the first render and this subscription
    return connection.onDidChangeState(follow);
  }, [connection]);

  const value = useMemo(() => ({ api: connection.api, missingToken, ...view }), [connection, missingToken, view]);
  return <BackendContext value={value}>{props.children}</BackendContext>;
}

export function useBackend(): BackendView {
  const view = useContext(BackendContext);
  if (!view) throw new Error('useBackend needs a BackendProvider above it');
  return view;
}
