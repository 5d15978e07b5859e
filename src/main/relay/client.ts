import { WebSocket } from 'ws';
import { Emitter } from '../../core/events';
import { LanlineError } from '../../core/errors';
import type { Identity, PeerId } from '../../core/identity';
import type { Logger } from '../../core/platform';
import type { RelayLoad } from '../../core/super-peer';
import { MAX_CLOCK_SKEW_MS } from '../../core/wire/frames';
import { CircuitPipe } from './circuit-pipe';
import {
  DATA_FRAME,
  DATA_HEADER_BYTES,
  MAX_RELAY_FRAME,
  REFUSAL_HEADER,
  RELAY_PATH,
  RelayFrameSchema,
  challengeIsSigned,
  decodeControl,
  encodeControl,
  encodeData,
  signAuth,
  type OutgoingClientFrame,
  type RefuseFrameOf,
  type RelayRefusalCode,
  type Welcome,
} from './protocol';

/** A super peer said no; `code` says which limit or rule. */
export class RelayRefusedError extends LanlineError {
  constructor(
    readonly refusal: RelayRefusalCode,
    reason: string,
    readonly retryAfterMs?: number,
  ) {
    super('peer-unreachable', `the super peer refused (${refusal}): ${reason}`);
    this.name = 'RelayRefusedError';
  }
}

export interface RelayClientInit {
  identity: Identity;
  /** host:port of the super peer's signalling endpoint. */
  address: string;
  log: Logger;
  /** When set, only this key may answer (a super peer known from its signed presence). */
  expectedRelay?: PeerId;
  /** A circuit someone opened to us: the connection manager answers it. */
  onIncoming?: (circuit: CircuitPipe) => void;
  now?: () => number;
  pingMs?: number;
  /** A relay that sends nothing (not even a pong) for this long is treated as gone. */
  deadMs?: number;
}

export type RelayClientState = 'connecting' | 'ready' | 'closed';

/** How long a relay may stay silent while our own sends are backed up behind its rate limit. */
const BACKED_UP_DEAD_MS = 45_000;

/**
 * One client connection to a super peer's relay: authenticate, then open and
 * accept circuits. It pings the relay every couple of seconds, both to stay
 * connected and to notice quickly when the relay dies.
 */
export class RelayClient {
  state: RelayClientState = 'connecting';
  relay: PeerId | undefined;
  welcome: Welcome | undefined;
  rttMs: number | null = null;
  closeReason: string | undefined;
  readonly onDidClose = new Emitter<string>();
  /** Refusals that answer no request: throttling, quota, the relay going away. */
  readonly onDidRefuse = new Emitter<RefuseFrameOf>();
  private readonly ws: WebSocket;
  private readonly circuits = new Map<number, CircuitPipe>();
  private readonly opening = new Map<number, { to: PeerId; resolve(p: CircuitPipe): void; reject(e: Error): void }>();
  private nextRef = 1;
  private readonly ready: Promise<void>;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pingSentAt = 0;
  private lastHeardAt: number;

  constructor(private readonly init: RelayClientInit) {
    this.lastHeardAt = this.now();
    this.ws = new WebSocket(`ws://${init.address}${RELAY_PATH}`, { maxPayload: MAX_RELAY_FRAME, perMessageDeflate: false });
    this.ready = new Promise((resolve, reject) => {
      this.ws.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary, resolve, reject));
      this.ws.once('unexpected-response', (req, res) => {
        const code = String(res.headers[REFUSAL_HEADER] ?? 'full') as RelayRefusalCode;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body = (body + chunk).slice(0, 200)));
        res.on('end', () => {
          const retry = Number(res.headers['retry-after']);
          const error = new RelayRefusedError(
            code,
            body.trim() || `HTTP ${res.statusCode}`,
            retry > 0 ? retry * 1000 : undefined,
          );
          reject(error);
          this.shut(error.message);
          req.destroy();
        });
      });
      this.ws.on('error', (error) => {
        reject(new LanlineError('peer-unreachable', `cannot reach the super peer at ${init.address}: ${error.message}`));
        this.shut(error.message);
      });
      this.ws.once('close', (code, reason) => {
        const why = reason.toString() || `closed (${code})`;
        reject(new LanlineError('closed', `the super peer at ${init.address} closed the connection: ${why}`));
        this.shut(why);
      });
    });
    this.ready.catch(() => {});
    this.ws.on('pong', () => {
      this.lastHeardAt = this.now();
      this.rttMs = this.lastHeardAt - this.pingSentAt;
    });
  }

  private now(): number {
    return this.init.now?.() ?? Date.now();
  }

  get address(): string {
    return this.init.address;
  }

  get isOpen(): boolean {
    return this.state === 'ready' && this.ws.readyState === WebSocket.OPEN;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  get circuitCount(): number {
    return this.circuits.size;
  }

  get load(): RelayLoad | undefined {
    return this.welcome?.load;
  }

  /** Resolves once the relay has welcomed us. */
  connect(timeoutMs = 5000): Promise<void> {
    const timer = setTimeout(() => this.close(`no welcome from the super peer within ${timeoutMs} ms`), timeoutMs);
    return this.ready.finally(() => clearTimeout(timer));
  }

  /** A circuit to `to`, who must be connected to the same super peer. */
  open(to: PeerId, timeoutMs = 5000): Promise<CircuitPipe> {
    if (!this.isOpen) return Promise.reject(new LanlineError('not-connected', 'not connected to the super peer'));
    const ref = this.nextRef;
    this.nextRef = ref >= 0xffff_ffff ? 1 : ref + 1;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.opening.delete(ref);
        reject(new LanlineError('timeout', 'the super peer did not open the circuit'));
      }, timeoutMs);
      const settle =
        <T>(fn: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          this.opening.delete(ref);
          fn(value);
        };
      this.opening.set(ref, { to, resolve: settle(resolve), reject: settle(reject) });
      this.sendControl({ t: 'open', ref, to });
    });
  }

  sendData(circuit: number, payload: Uint8Array): void {
    this.ws.send(encodeData(circuit, payload), { binary: true });
  }

  closeCircuit(circuit: number): void {
    if (this.circuits.delete(circuit) && this.isOpen) this.sendControl({ t: 'close', circuit });
  }

  close(reason = 'closed locally'): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close(1000, reason.slice(0, 120));
    this.shut(reason);
  }

  private sendControl(frame: OutgoingClientFrame): void {
    this.ws.send(encodeControl(frame));
  }

  private receive(data: Buffer, isBinary: boolean, resolve: () => void, reject: (e: Error) => void): void {
    this.lastHeardAt = this.now();
    if (isBinary) {
      if (data.length < DATA_HEADER_BYTES || data[0] !== DATA_FRAME) return this.protocolError('a malformed data frame');
      // Data for a circuit we just closed may still be on the way: dropped.
      this.circuits.get(data.readUInt32BE(1))?.deliver(data.subarray(DATA_HEADER_BYTES));
      return;
    }
    const decoded = decodeControl(RelayFrameSchema, data.toString('utf8'));
    if (!decoded.ok) return this.protocolError(decoded.reason);
    const frame = decoded.frame;
    switch (frame.t) {
      case 'challenge': {
        const { expectedRelay, identity } = this.init;
        if (this.relay) return this.protocolError('a second challenge');
        if (!challengeIsSigned(frame) || Math.abs(this.now() - frame.ts) > MAX_CLOCK_SKEW_MS)
          return this.fail(reject, 'the super peer’s challenge is not validly signed');
        if (expectedRelay && frame.relay !== expectedRelay)
          return this.fail(reject, `expected super peer ${expectedRelay}, but ${frame.relay} answered`);
        if (frame.relay === identity.peerId) return this.fail(reject, 'that address is this node itself');
        this.relay = frame.relay;
        this.sendControl(signAuth(identity, frame.relay, frame.nonce, this.now()));
        return;
      }
      case 'welcome':
        if (!this.relay || this.state !== 'connecting') return this.protocolError('an unexpected welcome');
        this.welcome = frame;
        this.state = 'ready';
        this.startPinging();
        return resolve();
      case 'opened': {
        const pending = this.opening.get(frame.ref);
        if (!pending) return;
        const pipe = new CircuitPipe(this, frame.circuit, pending.to, this.relay!);
        this.circuits.set(frame.circuit, pipe);
        return pending.resolve(pipe);
      }
      case 'incoming': {
        const pipe = new CircuitPipe(this, frame.circuit, frame.from, this.relay!);
        this.circuits.set(frame.circuit, pipe);
        if (this.init.onIncoming) this.init.onIncoming(pipe);
        else pipe.close();
        return;
      }
      case 'closed': {
        const pipe = this.circuits.get(frame.circuit);
        this.circuits.delete(frame.circuit);
        pipe?.end();
        return;
      }
      case 'refuse': {
        if (frame.ref !== undefined) {
          this.opening.get(frame.ref)?.reject(new RelayRefusedError(frame.code, frame.reason, frame.retryAfterMs));
          return;
        }
        if (this.state === 'connecting') reject(new RelayRefusedError(frame.code, frame.reason, frame.retryAfterMs));
        this.init.log.info('the super peer refused', { code: frame.code, reason: frame.reason, relay: this.relay });
        this.onDidRefuse.fire(frame);
        return;
      }
    }
  }

  private fail(reject: (e: Error) => void, reason: string): void {
    reject(new LanlineError('bad-signature', reason));
    this.close(reason);
  }

  private protocolError(reason: string): void {
    this.init.log.warn('dropped relay frame', { reason, relay: this.relay ?? this.init.address });
  }

  private startPinging(): void {
    // A dead super peer (machine gone, process hung: no FIN ever comes) must be noticed in well under
    // the 5 s its clients have to move: two missed pongs at 1 s intervals. A WebSocket ping is a few bytes.
    const pingMs = this.init.pingMs ?? 1000;
    const deadMs = this.init.deadMs ?? 2500;
    this.lastHeardAt = this.now();
    this.pingTimer = setInterval(() => {
      // While we have data queued, our pings wait behind it: a relay that is rate-limiting us
      // is not reading them yet. It says so every 10 s ('throttled'), which counts as hearing from it.
      const limit = this.ws.bufferedAmount > 0 ? Math.max(deadMs, BACKED_UP_DEAD_MS) : deadMs;
      if (this.now() - this.lastHeardAt > limit) return this.close('the super peer stopped answering pings');
      this.pingSentAt = this.now();
      this.ws.ping();
    }, pingMs);
    this.pingTimer.unref?.();
  }

  private shut(reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeReason = reason;
    clearInterval(this.pingTimer);
    for (const pending of [...this.opening.values()]) pending.reject(new LanlineError('closed', reason));
    for (const pipe of [...this.circuits.values()]) pipe.end();
    this.circuits.clear();
    this.onDidClose.fire(reason);
  }
}
