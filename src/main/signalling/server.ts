import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../core/platform';
import { closeHttpWithSockets } from '../close-servers';
import { PROTOCOL_VERSION } from '../../core/wire/frames';
import {
  IDENTITY_PATH,
  MAX_SIGNAL_BYTES,
  OfferSchema,
  SIGNAL_PATH,
  SIGNAL_TIMEOUT_MS,
  parseJson,
  refusal,
  type Answer,
  type Offer,
  type Refusal,
} from './protocol';

export type OfferHandler = (offer: Offer, remoteAddress: string) => Promise<Answer | Refusal>;

/** Another service on the same port (a super peer's relay), reached by its WebSocket path. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface SignallingServerOptions {
  /** WebSocket paths besides /signal, each with its own handler and limits. */
  upgrades?: Record<string, UpgradeHandler>;
  /** Extra fields for the `GET /lanline` answer, such as a super peer's relay load. */
  describe?: () => Record<string, unknown>;
}

/** Per-address limits so one noisy host cannot starve the others. */
const MAX_SOCKETS_PER_ADDRESS = 8;
const MAX_OFFERS_PER_WINDOW = 20;
const OFFER_WINDOW_MS = 10_000;

/**
 * The node's one listening TCP port (advertised in mDNS). It speaks
 * WebSocket signalling at /signal; every other request gets a 404.
 */
export class SignallingServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Map<string, number>();
  private readonly offers = new Map<string, number[]>();

  constructor(
    private readonly onOffer: OfferHandler,
    private readonly log: Logger,
    /** Who answers here; a reachability probe reads it to know it reached the right node. */
    private readonly peerId: string,
    options: SignallingServerOptions = {},
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SIGNAL_BYTES });
    this.http = createServer((req, res) => {
      if (req.method === 'GET' && req.url === IDENTITY_PATH) {
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ...options.describe?.(), service: 'lanline', peerId: this.peerId }));
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Lanline signalling endpoint\n');
    });
    this.http.on('upgrade', (req, socket, head) => {
      const address = req.socket.remoteAddress ?? 'unknown';
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const other = options.upgrades && Object.hasOwn(options.upgrades, path) ? options.upgrades[path] : undefined;
      if (other) return other(req, socket, head);
      if (path !== SIGNAL_PATH) return void socket.destroy();
      if ((this.sockets.get(address) ?? 0) >= MAX_SOCKETS_PER_ADDRESS) {
        this.log.warn('refused signalling socket', { reason: 'too many sockets', from: address });
        return void socket.destroy();
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, address));
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve((this.http.address() as AddressInfo).port);
      });
    });
  }

  private allowOffer(address: string, now: number): boolean {
    const recent = (this.offers.get(address) ?? []).filter((t) => now - t < OFFER_WINDOW_MS);
    if (recent.length >= MAX_OFFERS_PER_WINDOW) return false;
    recent.push(now);
    this.offers.set(address, recent);
    return true;
  }

  private serve(ws: WebSocket, address: string): void {
    this.sockets.set(address, (this.sockets.get(address) ?? 0) + 1);
    const timer = setTimeout(() => ws.terminate(), SIGNAL_TIMEOUT_MS);
    ws.once('close', () => {
      clearTimeout(timer);
      const left = (this.sockets.get(address) ?? 1) - 1;
      if (left > 0) this.sockets.set(address, left);
      else this.sockets.delete(address);
    });
    ws.on('error', () => ws.terminate());
    ws.once('message', async (data) => {
      const reply = (message: Answer | Refusal) => ws.send(JSON.stringify(message), () => ws.close());
      if (!this.allowOffer(address, Date.now())) {
        this.log.warn('refused offer', { reason: 'rate limited', from: address });
        return reply(refusal('busy', 'too many connection attempts; try again shortly'));
      }
      const raw = parseJson(data);
      const version = (raw as { v?: unknown } | undefined)?.v;
      if (version !== undefined && version !== PROTOCOL_VERSION)
        return reply(refusal('unsupported-version', `this node speaks protocol version ${PROTOCOL_VERSION}`));
      const offer = OfferSchema.safeParse(raw);
      if (!offer.success) {
        this.log.warn('dropped signalling frame', { reason: 'schema', from: address, detail: offer.error.issues[0]?.message });
        return reply(refusal('bad-request', 'malformed offer'));
      }
      try {
        reply(await this.onOffer(offer.data, address));
      } catch (error) {
        reply(refusal('unavailable', error instanceof Error ? error.message.slice(0, 200) : 'failed'));
      }
    });
  }

  close(): Promise<void> {
    return closeHttpWithSockets(this.http, this.wss);
  }
}
