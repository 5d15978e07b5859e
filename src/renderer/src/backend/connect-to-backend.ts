import { Emitter } from '../../../core/events';
import { LanlineError } from '../../../core/errors';
import { createApiClient } from '../../../core/api/rpc';
import type { BackendConnection, PipeChannel } from './backend-connection';
import { takeBridgeToken } from './bridge-token';
import { connectElectron } from './electron-connection';
import { connectBrowserSocket } from './socket-connection';

/** What the page shows when it was opened without the token `lanline serve` printed. */
export const MISSING_TOKEN_TEXT =
  'This page needs the link that `lanline serve` printed (it carries an access token). Open that link, or restart `lanline serve`.';

/** A connection that never opens, for a browser tab that has no token to present. */
function connectNowhere(): BackendConnection {
  const nothing = new Emitter<never>();
  const pipes: PipeChannel = {
    onDidOpen: () => () => {},
    onDidClose: () => () => {},
    send: () => {},
    onDidReceive: () => () => {},
  };
  const client = createApiClient({ send: () => {}, onMessage: (listener) => nothing.on(listener) });
  return {
    api: { ...client, call: () => Promise.reject(new LanlineError('unauthorized', MISSING_TOKEN_TEXT)) },
    pipes,
    state: 'down',
    failedAttempts: 0,
    onDidChangeState: () => () => {},
  };
}

/**
 * Electron's preload provides `window.lanline`; a plain browser tab is the
 * browser mode of `lanline serve` and reaches the backend over the bridge
 * WebSocket with the token from its URL.
 */
export function connectToBackend(): { connection: BackendConnection; missingToken: boolean } {
  if (window.lanline) return { connection: connectElectron(window.lanline), missingToken: false };
  const token = takeBridgeToken();
  if (!token) return { connection: connectNowhere(), missingToken: true };
  return { connection: connectBrowserSocket({ token }), missingToken: false };
}
