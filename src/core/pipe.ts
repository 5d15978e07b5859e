/**
 * A Pipe is an ordered, reliable, message-oriented byte channel: in practice a
 * WebRTC data channel, whether it lives in @roamhq/wrtc, in the renderer's
 * Chromium (bridged over a MessagePort or a WebSocket), or later a relay.
 * The engine only ever sees this interface.
 */
export interface Pipe {
  /** A short description for logs, such as the remote address. */
  readonly label: string;
  /** Bytes accepted by send() but not yet handed to the network. */
  readonly bufferedAmount: number;
  readonly isOpen: boolean;
  /** Throws when the pipe is closed. Each call arrives as one message on the other side. */
  send(data: Uint8Array): void;
  close(): void;
  onDidReceive(listener: (data: Uint8Array) => void): () => void;
  onDidClose(listener: () => void): () => void;
}
