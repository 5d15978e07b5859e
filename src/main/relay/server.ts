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
import { PenaltyBox } from './penalty-box';
import {
  AuthFrame,
  ClientFrameSchema,
  DATA_FRAME,
  DATA_HEADER_BYTES,
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
import { RelaySession, type CircuitEnd } from './session';

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

const THROTTLE_NOTICE_MS = 10_000;
const CONGESTION_POLL_MS = 10;
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
  private circuitCount = 0;
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
      circuits: this.circuitCount,
      maxClients: this.limits.maxClients,
      maxCircuits: this.limits.maxCircuits,
    };
  }

  snapshot(): RelayStats {
    return { ...this.stats, clients: this.sessions.size, pendingAuth: this.pending.size, circuits: this.circuitCount };
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
    if (isBinary) return this.forward(session, bytes);
    const decoded = decodeControl(ClientFrameSchema, bytes.toString('utf8'));
    if (!decoded.ok) return this.strike(session, 'bad-frame', decoded.reason);
    const frame = decoded.frame;
    switch (frame.t) {
      case 'open':
        return this.open(session, frame.ref, frame.to);
      case 'close':
        return this.closeFromClient(session, frame.circuit);
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

  private open(session: RelaySession, ref: number, to: PeerId): void {
    const refuse = (code: RelayRefusalCode, reason: string) => {
      this.count('refusals', code);
      this.send(session, { t: 'refuse', code, reason, ref });
    };
    if (to === session.peerId) return refuse('unknown-peer', 'a circuit to yourself');
    const target = this.sessions.get(to);
    if (!target) return refuse('unknown-peer', 'that peer is not connected to this super peer');
    if (session.opened >= this.limits.maxCircuitsPerClient)
      return this.strike(session, 'too-many-circuits', `at most ${this.limits.maxCircuitsPerClient} open circuits`, ref);
    if (this.overQuota(session)) return this.strike(session, 'over-quota', this.quotaReason(), ref);
    if (this.circuitCount >= this.limits.maxCircuits) return refuse('full', 'this super peer has no room for more circuits');
    if (target.incoming >= this.limits.maxIncomingCircuitsPerClient)
      return refuse('target-busy', 'that peer has too many circuits');
    const mine = session.allocateCircuit();
    const theirs = target.allocateCircuit();
    session.circuits.set(mine, { peer: target, peerCircuit: theirs, opener: true });
    target.circuits.set(theirs, { peer: session, peerCircuit: mine, opener: false });
    session.opened += 1;
    target.incoming += 1;
    this.circuitCount += 1;
    // The target hears of the circuit before any data on it can reach it: both go out on its one socket, in order.
    this.send(target, { t: 'incoming', circuit: theirs, from: session.peerId! });
    this.send(session, { t: 'opened', ref, circuit: mine });
  }

  private closeFromClient(session: RelaySession, circuit: number): void {
    const end = session.circuits.get(circuit);
    if (end) return this.removeCircuit(session, circuit, end, 'closed by the other side');
    if (!session.wasRecentlyClosed(circuit)) this.strike(session, 'unknown-circuit', `there is no circuit ${circuit}`);
  }

  /** Forwards a data frame; the one hot path, so it allocates nothing and rewrites the header in place. */
  private forward(session: RelaySession, frame: Buffer): void {
    if (frame.length < DATA_HEADER_BYTES || frame[0] !== DATA_FRAME)
      return this.strike(session, 'bad-frame', 'a data frame starts with 0x01 and a 4-byte circuit id');
    const circuit = frame.readUInt32BE(1);
    const end = session.circuits.get(circuit);
    if (!end) {
      // Frames already on the way when a circuit closed are dropped quietly.
      if (session.wasRecentlyClosed(circuit)) return;
      return this.strike(session, 'unknown-circuit', `there is no circuit ${circuit}`);
    }
    if (this.overQuota(session)) return this.quotaReached(session);
    session.quotaBytes += frame.length;
    const wait = session.spend(frame.length);
    if (wait > 0) this.throttle(session, wait);
    frame.writeUInt32BE(end.peerCircuit, 1);
    this.init.capture?.(frame.subarray(DATA_HEADER_BYTES));
    const receiver = end.peer;
    receiver.ws.send(frame, { binary: true });
    this.stats.relayedBytes += frame.length - DATA_HEADER_BYTES;
    this.stats.relayedFrames += 1;
    const queued = receiver.ws.bufferedAmount;
    if (queued > 4 * this.limits.maxBufferedBytes) {
      this.count('refusals', 'congested');
      return this.removeCircuit(session, circuit, end, 'the receiver is not keeping up', 'congested');
    }
    if (queued > this.limits.maxBufferedBytes) this.waitForReceiver(session, receiver);
  }

  private overQuota(session: RelaySession): boolean {
    const now = this.now();
    if (now - session.quotaWindowStart >= 3_600_000) {
      session.quotaWindowStart = now;
      session.quotaBytes = 0;
      session.quotaNotified = false;
    }
    return session.quotaBytes >= this.limits.bytesPerHour;
  }

  private quotaReason(): string {
    return `relayed more than ${this.limits.bytesPerHour} bytes this hour`;
  }

  /** The hour's data is used up: say so once and close the client's circuits; later frames count as strikes. */
  private quotaReached(session: RelaySession): void {
    if (session.quotaNotified) return this.strike(session, 'over-quota', this.quotaReason());
    session.quotaNotified = true;
    const retryAfterMs = Math.max(0, session.quotaWindowStart + 3_600_000 - this.now());
    this.count('refusals', 'over-quota');
    this.send(session, { t: 'refuse', code: 'over-quota', reason: this.quotaReason(), retryAfterMs });
    for (const [id, end] of [...session.circuits])
      this.removeCircuit(session, id, end, 'the other side is over its quota', 'over-quota');
  }

  /** Stops reading from a client that is over its rate until its bucket has refilled. */
  private throttle(session: RelaySession, waitMs: number): void {
    if (session.isPausedFor('throttle')) return;
    session.pause('throttle');
    this.stats.throttledPauses += 1;
    // Frames read in the same burst add to the debt after the pause began; read again only once it is all paid.
    const resumeWhenPaid = (ms: number) => {
      session.throttleTimer = setTimeout(() => {
        const debt = session.spend(0);
        if (debt > 0) resumeWhenPaid(debt);
        else session.resume('throttle');
      }, ms);
    };
    resumeWhenPaid(waitMs);
    const now = this.now();
    if (now - session.throttleNoticeAt < THROTTLE_NOTICE_MS) return;
    session.throttleNoticeAt = now;
    this.count('refusals', 'throttled');
    this.send(session, {
      t: 'refuse',
      code: 'throttled',
      reason: `over ${this.limits.bytesPerSecond} bytes/s; slowed down to that rate`,
      retryAfterMs: waitMs,
    });
  }

  /** Backpressure: a sender feeding a full receiver waits until that receiver has drained to half. */
  private waitForReceiver(sender: RelaySession, receiver: RelaySession): void {
    if (sender.isPausedFor('congestion')) return;
    sender.pause('congestion');
    clearInterval(sender.congestionTimer);
    sender.congestionTimer = setInterval(() => {
      const drained =
        receiver.released ||
        receiver.ws.bufferedAmount <= this.limits.maxBufferedBytes / 2 ||
        ![...sender.circuits.values()].some((end) => end.peer === receiver);
      if (!drained) return;
      clearInterval(sender.congestionTimer);
      sender.congestionTimer = undefined;
      sender.resume('congestion');
    }, CONGESTION_POLL_MS);
  }

  private removeCircuit(
    session: RelaySession,
    circuit: number,
    end: CircuitEnd,
    reasonForPeer: string,
    code?: RelayRefusalCode,
  ): void {
    session.circuits.delete(circuit);
    end.peer.circuits.delete(end.peerCircuit);
    session.noteClosed(circuit);
    end.peer.noteClosed(end.peerCircuit);
    if (end.opener) {
      session.opened -= 1;
      end.peer.incoming -= 1;
    } else {
      session.incoming -= 1;
      end.peer.opened -= 1;
    }
    this.circuitCount -= 1;
    this.send(end.peer, { t: 'closed', circuit: end.peerCircuit, reason: reasonForPeer });
    if (code) this.send(session, { t: 'closed', circuit, reason: reasonForPeer });
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
    for (const [id, end] of [...session.circuits]) this.removeCircuit(session, id, end, 'the other side went away');
    const left = (this.perAddress.get(session.address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(session.address, left);
    else this.perAddress.delete(session.address);
  }

  /** Clients ping every few seconds; one that stopped is gone (a cable pulled, a machine asleep). */
  private sweep(): void {
    const now = this.now();
    for (const session of [...this.sessions.values()])
      if (now - session.lastHeardAt > this.limits.idleTimeoutMs) this.hangUp(session, 'idle', 'no ping for too long');
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
