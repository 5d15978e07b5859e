import type { ApiClient } from '../../../core/api/rpc';

/**
 * - `connecting`: the first attempt has not finished yet.
 * - `open`: calls and events flow.
 * - `down`: the connection was lost or refused; a retry is scheduled.
 */
export type ConnectionState = 'connecting' | 'open' | 'down';

/**
 * The channel that carries pipe bytes between this window and the backend
 * (a MessagePort in Electron, the bridge WebSocket in browser mode). Each
 * message is one `encodePipeMessage` frame.
 */
export interface PipeChannel {
  /**
   * Fires each time a fresh channel is ready. The backend forgets a window's
   * links when its channel goes away, so this is also when to take WebRTC
   * ownership again with `rtc.attach`.
   */
  onDidOpen(listener: () => void): () => void;
  /** Fires when the channel is gone; every link bridged over it is dead. */
  onDidClose(listener: () => void): () => void;
  /** Dropped silently while no channel is open: the links it belonged to are gone. */
  send(message: Uint8Array): void;
  onDidReceive(listener: (message: Uint8Array) => void): () => void;
}

/** One window's connection to its Lanline backend, whatever the transport. */
export interface BackendConnection {
  readonly api: ApiClient;
  readonly pipes: PipeChannel;
  readonly state: ConnectionState;
  /** Consecutive failed attempts since the connection was last open, for the banner's wording. */
  readonly failedAttempts: number;
  onDidChangeState(listener: (state: ConnectionState) => void): () => void;
}

/** Binary messages arrive as ArrayBuffer from a WebSocket and as a typed array from a MessagePort. */
export function asBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}
