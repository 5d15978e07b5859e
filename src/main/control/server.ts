import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { WINDOW_ONLY_CALLS } from '../../core/api/contract';
import { eventMessage } from '../../core/api/rpc';
import type { Logger } from '../../core/platform';
import type { Backend } from '../backend';
import { controlSocketPath } from './socket-path';

/** A CLI request is one JSON line; nothing it sends needs more than this. */
const MAX_LINE_BYTES = 256 * 1024;
/** Events are news, not state (a script can always ask again): a client that stops reading misses them rather than costing memory. */
const MAX_UNREAD_EVENT_BYTES = 1024 * 1024;

/**
 * The local control socket the CLI drives a running node through. It speaks
 * the same contract as the UI (newline-delimited RpcMessages), events
 * included, minus the window-only WebRTC calls. Owner-only permissions are
 * the access control.
 */
export class ControlServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  readonly path: string;

  constructor(
    private readonly backend: Backend,
    private readonly log: Logger,
  ) {
    this.path = controlSocketPath(backend.config.dataDir);
    this.server = createServer((socket) => this.serve(socket));
  }

  async listen(): Promise<void> {
    if (process.platform !== 'win32') rmSync(this.path, { force: true });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.path, () => resolve());
    });
    if (process.platform !== 'win32') chmodSync(this.path, 0o600);
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    const unsubscribe = this.backend.onEvent.on(({ name, payload }) => {
      if (!socket.destroyed && socket.writableLength < MAX_UNREAD_EVENT_BYTES)
        socket.write(`${JSON.stringify(eventMessage(name, payload))}\n`);
    });
    socket.once('close', () => {
      unsubscribe();
      this.sockets.delete(socket);
    });
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      if (buffered.length > MAX_LINE_BYTES) {
        this.log.warn('control request too large; closing');
        return void socket.destroy();
      }
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        let message: unknown;
        try {
          message = JSON.parse(line);
        } catch {
          continue;
        }
        void this.backend.api
          .handle(message, {}, (method) => !WINDOW_ONLY_CALLS.has(method))
          .then((reply) => {
            if (reply && !socket.destroyed) socket.write(`${JSON.stringify(reply)}\n`);
          });
      }
    });
  }

  /** Stops listening and hangs up on connected clients: one left open (a script, a UI) must not hold up a shutdown. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
      if (process.platform !== 'win32') rmSync(this.path, { force: true });
    });
  }
}
