import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { b64 } from '../../core/bytes';
import type { Identity, PeerId } from '../../core/identity';
import type { Logger } from '../../core/platform';
import type { RelayLoad } from '../../core/super-peer';
import { MAX_CLOCK_SKEW_MS } from '../../core/wire/frames';
import type { RelayLimits } from './limits';
import { PenaltyBox } from '../../core/penalty-box';
import {
  AuthFrame,
  ClientFrameSchema,
  MAX_RELAY_FRAME,
  MAX_RELAY_PAYLOAD,
  REFUSAL_HEADER,
  authIsSigned,
  decodeControl,
  encodeControl,
  signChallenge,
  type OutgoingRelayFrame,
  type RelayRefusalCode,
} from './protocol';
import { CircuitSwitch } from './circuits';
import { RelaySession } from './session';

export interface RelayServerInit {
  identity: Identity;
  limits: RelayLimits;
  log: Logger;
  now?: () => number;
  /**
   * Sees every relayed payload exactly as the relay does (`--relay-capture`):
   * an audit hook that shows a relay holds nothing but ciphertext.
   */
  capture?: (payload: Uint8Array) => void;
}

/** What the metrics page shows; counters only ever grow. */
export interface RelayStats {
  clients: number;
  pendingAuth: number;
  circuits: number;
  relayedBytes: number;
  relayedFrames: number;
  connectionsAccepted: number;
  throttledPauses: number;
  refusals: Partial<Record<RelayRefusalCode, number>>;
  disconnects: Partial<Record<RelayRefusalCode, number>>;
  backedOff: number;
}

/** WebSocket close codes in the private range (RFC 6455 §7.4.2), one per reason a relay hangs up. */
const CLOSE_CODES: Partial<Record<RelayRefusalCode, number>> = {
  misbehaving: 4001,
  replaced: 4002,
  'shutting-down': 4003,
  idle: 4004,
  unauthenticated: 4005,
  'bad-auth': 4005,
  full: 4006,
  'backed-off': 4006,
};

const SWEEP_MS = 5000;

function normalizeAddress(address: string | undefined): string {
  return (address ?? 'unknown').replace(/^::ffff:/, '');
}

/**
 * A super peer's relay. Clients authenticate by signing a challenge, then open
 * circuits to other connected clients; the relay forwards opaque data frames
 * between the two ends. Every limit is per client and configurable
 * (RelayLimits); going over one earns a `refuse` frame with a reason, a client
 * that keeps earning them is disconnected and backed off, and no frame can make
 * the relay hold more than its bounds: frames are size-capped by the
 * WebSocket, a slow receiver pauses its senders, and an over-rate sender is
 * simply not read for a while.
 */
export class RelayServer {
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<PeerId, RelaySession>();
  private readonly perAddress = new Map<string, number>();
  private readonly penalties: PenaltyBox;
  private readonly now: () => number;
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly pending = new Set<RelaySession>();
  private readonly circuits: CircuitSwitch;
  private closing = false;
  readonly stats: RelayStats = {
    clients: 0,
    pendingAuth: 0,
    circuits: 0,
    relayedBytes: 0,
    relayedFrames: 0,
    connectionsAccepted: 0,
    throttledPauses: 0,
    refusals: {},
    disconnects: {},
    backedOff: 0,
  };

  constructor(private readonly init: RelayServerInit) {
    this.now = init.now ?? Date.now;
    this.penalties = new PenaltyBox({ baseMs: init.limits.backoffMs, maxMs: init.limits.maxBackoffMs, now: this.now });
    // clientTracking off: the sessions map is the one list of clients, and idle ones should cost as little as possible.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_RELAY_FRAME,
      perMessageDeflate: false,
      clientTracking: false,
    });
    this.circuits = new CircuitSwitch({
      limits: init.limits,
      stats: this.stats,
      capture: init.capture,
      now: this.now,
      sessionOf: (peerId) => this.sessions.get(peerId),
      send: (session, frame) => this.send(session, frame),
      strike: (session, code, reason, ref) => this.strike(session, code, reason, ref),
      count: (kind, code) => this.count(kind, code),
    });
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref?.();
  }

  private get limits(): RelayLimits {
    return this.init.limits;
  }

  private get log(): Logger {
    return this.init.log;
  }

  load(): RelayLoad {
    return {
      clients: this.sessions.size,
      circuits: this.circuits.count,
      maxClients: this.limits.maxClients,
      maxCircuits: this.limits.maxCircuits,
    };
  }

  snapshot(): RelayStats {
    return { ...this.stats, clients: this.sessions.size, pendingAuth: this.pending.size, circuits: this.circuits.count };
  }

  isConnected(peerId: PeerId): boolean {
    return this.sessions.has(peerId);
  }

  /** Called by the signalling server for `GET /relay` upgrades. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const address = normalizeAddress(req.socket.remoteAddress);
    const refusal = this.admissionProblem(address);
    if (refusal) {
      this.count('refusals', refusal.code);
      const retry = refusal.retryAfterMs ? `Retry-After: ${Math.ceil(refusal.retryAfterMs / 1000)}\r\n` : '';
      socket.end(
        `HTTP/1.1 ${refusal.status} ${refusal.status === 429 ? 'Too Many Requests' : 'Service Unavailable'}\r\n` +
          `${REFUSAL_HEADER}: ${refusal.code}\r\n${retry}Content-Type: text/plain\r\nConnection: close\r\n\r\n${refusal.reason}\n`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, address));
  }

  /** Refusals decided before a WebSocket exists, so a flood costs no more than an HTTP answer. */
  private admissionProblem(
    address: string,
  ): { status: number; code: RelayRefusalCode; reason: string; retryAfterMs?: number } | undefined {
    if (this.closing) return { status: 503, code: 'shutting-down', reason: 'this super peer is shutting down' };
    const backedOff = this.penalties.remainingMs(`address:${address}`);
    if (backedOff > 0)
      return { status: 429, code: 'backed-off', reason: 'too many bad frames from this address', retryAfterMs: backedOff };
    if ((this.perAddress.get(address) ?? 0) >= this.limits.maxClientsPerAddress)
      return { status: 429, code: 'full', reason: `at most ${this.limits.maxClientsPerAddress} connections per address` };
    if (this.pending.size >= this.limits.maxPendingAuth)
      return { status: 503, code: 'full', reason: 'too many connections are authenticating; try again shortly' };
    if (this.sessions.size >= this.limits.maxClients)
      return { status: 503, code: 'full', reason: `this super peer serves at most ${this.limits.maxClients} clients` };
    return undefined;
  }

  private accept(ws: WebSocket, address: string): void {
    const nonce = b64.encode(randomBytes(32));
    const session = new RelaySession(ws, address, nonce, this.limits, this.now);
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    this.pending.add(session);
    this.stats.connectionsAccepted += 1;
    session.authTimer = setTimeout(
      () => this.hangUp(session, 'unauthenticated', 'did not authenticate in time'),
      this.limits.authTimeoutMs,
    );
    ws.on('message', (data, isBinary) => this.receive(session, data, isBinary));
    ws.on('ping', () => (session.lastHeardAt = this.now()));
    ws.on('error', (error: Error & { code?: string }) => {
      // ws has already refused the frame (close code 1009 says why); the address pays for it.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.count('disconnects', 'bad-frame');
        this.penalties.strike(`address:${address}`);
      }
      ws.terminate();
    });
    ws.once('close', () => this.release(session));
    this.send(session, signChallenge(this.init.identity, nonce, this.now()));
  }

  private receive(session: RelaySession, data: RawData, isBinary: boolean): void {
    if (session.released) return;
    session.lastHeardAt = this.now();
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (!session.authenticated) {
      if (isBinary) return this.hangUp(session, 'unauthenticated', 'authenticate before sending data', true);
      return this.authenticate(session, bytes.toString('utf8'));
    }
    if (isBinary) return this.circuits.forward(session, bytes);
    const decoded = decodeControl(ClientFrameSchema, bytes.toString('utf8'));
    if (!decoded.ok) return this.strike(session, 'bad-frame', decoded.reason);
    const frame = decoded.frame;
    switch (frame.t) {
      case 'open':
        return this.circuits.open(session, frame.ref, frame.to);
      case 'close':
        return this.circuits.closeFromClient(session, frame.circuit);
      case 'auth':
        return this.strike(session, 'bad-frame', 'already authenticated');
    }
  }

  private authenticate(session: RelaySession, text: string): void {
    const decoded = decodeControl(AuthFrame, text);
    if (!decoded.ok) return this.hangUp(session, 'bad-auth', decoded.reason, true);
    const auth = decoded.frame;
    if (auth.relay !== this.init.identity.peerId) return this.hangUp(session, 'bad-auth', 'signed for another relay', true);
    if (auth.nonce !== session.nonce) return this.hangUp(session, 'bad-auth', 'signed another challenge', true);
    if (Math.abs(this.now() - auth.ts) > MAX_CLOCK_SKEW_MS)
      return this.hangUp(session, 'bad-auth', 'timestamp too far from our clock', true);
    if (!authIsSigned(auth)) return this.hangUp(session, 'bad-auth', 'bad signature', true);
    const backedOff = this.penalties.remainingMs(`peer:${auth.from}`);
    if (backedOff > 0) {
      this.send(session, {
        t: 'refuse',
        code: 'backed-off',
        reason: 'disconnected for misbehaving a moment ago',
        retryAfterMs: backedOff,
      });
      return this.hangUp(session, 'backed-off', 'disconnected for misbehaving a moment ago');
    }
    if (this.sessions.size >= this.limits.maxClients)
      return this.hangUp(session, 'full', `this super peer serves at most ${this.limits.maxClients} clients`);
    const previous = this.sessions.get(auth.from);
    if (previous) this.hangUp(previous, 'replaced', 'the same peer connected again');
    clearTimeout(session.authTimer);
    session.authTimer = undefined;
    session.peerId = auth.from;
    this.pending.delete(session);
    this.sessions.set(auth.from, session);
    const { limits } = this;
    this.send(session, {
      t: 'welcome',
      limits: {
        maxPayload: MAX_RELAY_PAYLOAD,
        maxCircuits: limits.maxCircuitsPerClient,
        bytesPerSecond: limits.bytesPerSecond,
        burstBytes: limits.burstBytes,
        bytesPerHour: limits.bytesPerHour,
      },
      load: this.load(),
    });
    this.log.debug('relay client authenticated', { peer: auth.from, from: session.address });
  }

  /**
   * Counts a refused frame or request against the client; enough within the
   * window and it is disconnected and backed off. `ref` ties the refusal to
   * the request it answers.
   */
  private strike(session: RelaySession, code: RelayRefusalCode, reason: string, ref?: number): void {
    const now = this.now();
    this.count('refusals', code);
    this.send(session, { t: 'refuse', code, reason, ...(ref !== undefined && { ref }) });
    session.strikes = session.strikes.filter((t) => now - t < this.limits.strikeWindowMs);
    session.strikes.push(now);
    this.log.warn('relay refused a frame', { reason: code, detail: reason, peer: session.peerId, from: session.address });
    if (session.strikes.length < this.limits.maxStrikes) return;
    const ms = this.penalties.penalize(`peer:${session.peerId}`);
    this.penalties.penalize(`address:${session.address}`);
    this.stats.backedOff += 1;
    this.hangUp(
      session,
      'misbehaving',
      `${session.strikes.length} refused frames in ${this.limits.strikeWindowMs / 1000} s; come back in ${Math.ceil(ms / 1000)} s`,
    );
  }

  /**
   * Ends a connection with a reason, as a refuse frame and in the close frame.
   * `counts` marks failures before authentication, which add up against the
   * address (there is no peer id to hold them against yet).
   */
  private hangUp(session: RelaySession, code: RelayRefusalCode, reason: string, counts = false): void {
    if (session.released) return;
    const ws = session.ws;
    this.count('disconnects', code);
    if (counts && this.penalties.strike(`address:${session.address}`) > 0) this.stats.backedOff += 1;
    this.send(session, { t: 'refuse', code, reason });
    this.release(session);
    ws.close(CLOSE_CODES[code] ?? 4000, reason.slice(0, 120));
    // A peer that never answers the close handshake is cut off anyway.
    setTimeout(() => ws.terminate(), 2000).unref?.();
    this.log.info('relay disconnected a client', { reason: code, detail: reason, peer: session.peerId, from: session.address });
  }

  /** Frees everything a connection holds, at once: its peers hear their circuits closed without waiting for the socket. */
  private release(session: RelaySession): void {
    if (session.released) return;
    session.released = true;
    session.clearTimers();
    this.pending.delete(session);
    if (session.peerId && this.sessions.get(session.peerId) === session) this.sessions.delete(session.peerId);
    for (const [id, end] of [...session.circuits]) this.circuits.removeCircuit(session, id, end, 'the other side went away');
    const left = (this.perAddress.get(session.address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(session.address, left);
    else this.perAddress.delete(session.address);
  }

  /** Clients ping every few seconds; one that stopped is gone (a cable pulled, a machine asleep). */
  private sweep(): void {
    const now = this.now();
    for (const session of [...this.sessions.values()]) {
      // A client we are not reading (over its rate, or feeding a slow receiver) is not silent by its own choice.
      if (session.isPaused) session.lastHeardAt = now;
      else if (now - session.lastHeardAt > this.limits.idleTimeoutMs) this.hangUp(session, 'idle', 'no ping for too long');
    }
  }

  private send(session: RelaySession, frame: OutgoingRelayFrame): void {
    if (session.ws.readyState === session.ws.OPEN) session.ws.send(encodeControl(frame));
  }

  private count(kind: 'refusals' | 'disconnects', code: RelayRefusalCode): void {
    this.stats[kind][code] = (this.stats[kind][code] ?? 0) + 1;
  }

  /** Tells every client the relay is going away (so they move at once), then closes. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.sweeper);
    const everyone = [...this.sessions.values(), ...this.pending];
    const sockets = everyone.map((s) => s.ws);
    for (const session of everyone) this.hangUp(session, 'shutting-down', 'this super peer is shutting down');
    const deadline = Date.now() + 1000;
    while (sockets.some((ws) => ws.readyState !== ws.CLOSED) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    for (const ws of sockets) ws.terminate();
    this.wss.close();
  }
}
