import { createApiClient, RpcMessageSchema, type ApiClient, type RpcMessage } from '../../../core/api/rpc';
import { BRIDGE_PATH } from '../../../core/api/window-bridge';
import { Emitter } from '../../../core/events';
import { LanlineError } from '../../../core/errors';
import { asBytes, type BackendConnection, type ConnectionState, type PipeChannel } from './backend-connection';

export interface SocketConnectionOptions {
  token: string;
  /** `host:port` of the bridge; the page's own origin in practice. */
  host?: string;
  createSocket?: (url: string) => WebSocket;
  /** Delay before retry number `attempt` (1-based). */
  retryDelayMs?: (attempt: number) => number;
}

/** 0.5 s, 1 s, 2 s … capped at 10 s, with jitter so many tabs do not retry in step. */
export function backoffDelayMs(attempt: number): number {
  const base = Math.min(10_000, 500 * 2 ** Math.min(attempt - 1, 5));
  return base * (0.8 + Math.random() * 0.4);
}

/**
 * Browser mode (`lanline serve`): one WebSocket to the bridge carries both
 * the contract (text frames, JSON RpcMessages) and pipe bytes (binary frames).
 * The socket is reopened with backoff whenever it drops; the ApiClient and
 * its event listeners survive, so the UI only has to refetch.
 */
class SocketConnection implements BackendConnection, PipeChannel {
  readonly api: ApiClient;
  readonly pipes: PipeChannel = this;
  state: ConnectionState = 'connecting';
  failedAttempts = 0;
  private socket: WebSocket | undefined;
  private readonly stateChanged = new Emitter<ConnectionState>();
  private readonly rpcReceived = new Emitter<RpcMessage>();
  private readonly pipeReceived = new Emitter<Uint8Array>();
  private readonly opened = new Emitter<void>();
  private readonly closed = new Emitter<void>();

  constructor(private readonly options: Required<SocketConnectionOptions>) {
    const client = createApiClient({
      send: (message) => this.sendIfOpen(JSON.stringify(message)),
      onMessage: (listener) => this.rpcReceived.on(listener),
    });
    // A call made while the socket is down would otherwise wait for the 30 s timeout.
    this.api = {
      call: (method, input) =>
        this.state === 'open'
          ? client.call(method, input)
          : Promise.reject(new LanlineError('not-connected', 'Not connected to the Lanline backend.')),
      on: (name, listener) => client.on(name, listener),
      failPending: (error) => client.failPending(error),
    };
    this.open();
  }

  private open(): void {
    const url = `ws://${this.options.host}${BRIDGE_PATH}?token=${encodeURIComponent(this.options.token)}`;
    const socket = this.options.createSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.failedAttempts = 0;
      this.setState('open');
      this.opened.fire();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') return this.receiveText(event.data);
      const bytes = asBytes(event.data);
      if (bytes) this.pipeReceived.fire(bytes);
    };
    // Browsers follow every error with close, so close alone drives the retry.
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      const wasOpen = this.state === 'open';
      this.failedAttempts++;
      // Fired even when already down: the banner's wording follows the attempt count.
      this.state = 'down';
      this.stateChanged.fire('down');
      this.api.failPending(new LanlineError('closed', 'Disconnected from the Lanline backend.'));
      if (wasOpen) this.closed.fire();
      setTimeout(() => this.open(), this.options.retryDelayMs(this.failedAttempts));
    };
  }

  private receiveText(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return; // the bridge only sends JSON; anything else is not for us
    }
    const message = RpcMessageSchema.safeParse(raw);
    if (message.success) this.rpcReceived.fire(message.data);
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.stateChanged.fire(state);
  }

  onDidChangeState(listener: (state: ConnectionState) => void): () => void {
    return this.stateChanged.on(listener);
  }

  onDidOpen(listener: () => void): () => void {
    if (this.state === 'open') queueMicrotask(listener);
    return this.opened.on(listener);
  }

  onDidClose(listener: () => void): () => void {
    return this.closed.on(listener);
  }

  send(message: Uint8Array): void {
    // encodePipeMessage always allocates a plain ArrayBuffer, never a shared one.
    this.sendIfOpen(message as Uint8Array<ArrayBuffer>);
  }

  private sendIfOpen(data: string | Uint8Array<ArrayBuffer>): void {
    if (this.socket && this.socket.readyState === this.socket.OPEN) this.socket.send(data);
  }

  onDidReceive(listener: (message: Uint8Array) => void): () => void {
    return this.pipeReceived.on(listener);
  }
}

export function connectBrowserSocket(options: SocketConnectionOptions): BackendConnection {
  return new SocketConnection({
    host: location.host,
    createSocket: (url) => new WebSocket(url),
    retryDelayMs: backoffDelayMs,
    ...options,
  });
}
