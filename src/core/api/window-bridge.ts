import type { RpcMessage } from './rpc';

/**
 * What the Electron preload exposes to the page as `window.lanline`, and
 * nothing more: one way to send contract messages and one way to hear them.
 * Pipe bytes do not pass through here; the preload forwards a MessagePort to
 * the page with `window.postMessage({ type: PIPE_PORT_MESSAGE }, '*', [port])`.
 */
export interface LanlineWindowBridge {
  send(message: RpcMessage): void;
  onMessage(listener: (message: RpcMessage) => void): () => void;
}

export const PIPE_PORT_MESSAGE = 'lanline:pipe-port';

/** Electron IPC channel names; the preload refuses every other channel. */
export const IPC_CHANNELS = {
  toBackend: 'lanline:rpc',
  fromBackend: 'lanline:rpc-reply',
  pipePort: 'lanline:pipe-port',
} as const;

/** The WebSocket path of the browser-mode bridge; the token rides in the query. */
export const BRIDGE_PATH = '/api';
