import { createApiClient } from '../../../core/api/rpc';
import { PIPE_PORT_MESSAGE, type LanlineWindowBridge } from '../../../core/api/window-bridge';
import { Emitter } from '../../../core/events';
import { asBytes, type BackendConnection, type PipeChannel } from './backend-connection';

declare global {
  interface Window {
    /** Present only inside the Electron app, exposed by the preload. */
    lanline?: LanlineWindowBridge;
  }
}

/** The MessagePort the preload hands over after each page load. */
class PortPipeChannel implements PipeChannel {
  private port: MessagePort | undefined;
  private readonly opened = new Emitter<void>();
  private readonly closed = new Emitter<void>();
  private readonly received = new Emitter<Uint8Array>();

  constructor() {
    window.addEventListener('message', (event: MessageEvent) => {
      // Only the preload posts from this very window; pages in other frames cannot fake that.
      if (event.source !== window || (event.data as { type?: unknown } | null)?.type !== PIPE_PORT_MESSAGE) return;
      const port = event.ports[0];
      if (port) this.adopt(port);
    });
  }

  private adopt(port: MessagePort): void {
    if (this.port) {
      this.port.close();
      this.closed.fire();
    }
    this.port = port;
    port.onmessage = (event: MessageEvent) => {
      const bytes = asBytes(event.data);
      if (bytes) this.received.fire(bytes);
    };
    port.start();
    this.opened.fire();
  }

  onDidOpen(listener: () => void): () => void {
    // The port may have arrived before anyone listened.
    if (this.port) queueMicrotask(listener);
    return this.opened.on(listener);
  }

  onDidClose(listener: () => void): () => void {
    return this.closed.on(listener);
  }

  send(message: Uint8Array): void {
    // Copied rather than transferred: MessagePortMain's support for transferred ArrayBuffers is not one to lean on.
    this.port?.postMessage(message);
  }

  onDidReceive(listener: (message: Uint8Array) => void): () => void {
    return this.received.on(listener);
  }
}

/**
 * Inside Electron the contract rides the preload's IPC bridge, which lives as
 * long as the page, so the connection is open from the start.
 */
export function connectElectron(bridge: LanlineWindowBridge): BackendConnection {
  return {
    api: createApiClient(bridge),
    pipes: new PortPipeChannel(),
    state: 'open',
    failedAttempts: 0,
    onDidChangeState: () => () => {},
  };
}
