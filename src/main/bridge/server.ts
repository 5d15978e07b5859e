import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decodePipeMessage, encodePipeMessage } from '../../core/api/pipe-framing';
import { eventMessage, type RpcMessage } from '../../core/api/rpc';
import { BRIDGE_PATH } from '../../core/api/window-bridge';
import type { Logger } from '../../core/platform';
import type { Backend } from '../backend';
import type { WindowChannel } from '../rtc/window-rtc-host';
import { serveStatic } from './static-files';
import { closeHttpWithSockets } from '../close-servers';

/** Contract messages are small; pipe messages carry at most one 64 KiB frame plus the link id. */
const MAX_BRIDGE_MESSAGE_BYTES = 256 * 1024;

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Browser mode: the built renderer and the API on 127.0.0.1 only. A socket
 * must present the per-launch token and come from our own origin, so neither
 * another local user's process nor a web page in the same browser can drive
 * the node (cross-site WebSocket hijacking).
 */
export class BridgeServer {
  readonly token = randomBytes(24).toString('base64url');
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BRIDGE_MESSAGE_BYTES });
  private port = 0;

  constructor(
    private readonly backend: Backend,
    private readonly rendererDir: string,
    private readonly log: Logger,
  ) {
    this.http = createServer((req, res) => {
      if (req.method !== 'GET') return void res.writeHead(405).end();
      void serveStatic(this.rendererDir, new URL(req.url ?? '/', 'http://x').pathname, res);
    });
    this.http.on('upgrade', (req, socket, head) => {
      if (!this.admit(req)) {
        this.log.warn('refused bridge client', { origin: req.headers.origin });
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/#token=${this.token}`;
  }

  private admit(req: IncomingMessage): boolean {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== BRIDGE_PATH || !sameToken(url.searchParams.get('token'), this.token)) return false;
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://127.0.0.1:${this.port}` || origin === `http://localhost:${this.port}`;
  }

  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => {
        this.port = (this.http.address() as AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  private serve(ws: WebSocket): void {
    const send = (message: RpcMessage) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(message));
    const window: WindowChannel = {
      request: (request) => send(eventMessage('rtc.request', request)),
      sendPipeBytes: (linkId, data) => ws.readyState === ws.OPEN && ws.send(encodePipeMessage(linkId, data)),
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
    };
    const unsubscribe = this.backend.onEvent.on((event) => send(eventMessage(event.name, event.payload)));
    ws.on('message', (data: RawData, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data));
      if (isBinary) {
        const piece = decodePipeMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        if (piece) this.backend.windowRtc?.deliver(window, piece.linkId, piece.data.slice());
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(bytes.toString('utf8'));
      } catch {
        return this.log.warn('dropped bridge message', { reason: 'malformed' });
      }
      void this.backend.api.handle(message, { window }).then((reply) => reply && send(reply));
    });
    ws.on('close', () => {
      unsubscribe();
      this.backend.detachWindow(window);
    });
    ws.on('error', () => ws.terminate());
  }

  close(): Promise<void> {
    return closeHttpWithSockets(this.http, this.wss);
  }
}
