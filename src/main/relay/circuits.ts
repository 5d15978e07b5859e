import type { PeerId } from '../../core/identity';
import type { RelayLimits } from './limits';
import { DATA_FRAME, DATA_HEADER_BYTES, type OutgoingRelayFrame, type RelayRefusalCode } from './protocol';
import type { RelayStats } from './server';
import type { CircuitEnd, RelaySession } from './session';

/** What the circuit switch needs from the relay around it. */
export interface SwitchHost {
  readonly limits: RelayLimits;
  readonly stats: RelayStats;
  capture?: (payload: Uint8Array) => void;
  now(): number;
  sessionOf(peerId: PeerId): RelaySession | undefined;
  send(session: RelaySession, frame: OutgoingRelayFrame): void;
  /** A refusal that counts against the client (see RelayServer.strike). */
  strike(session: RelaySession, code: RelayRefusalCode, reason: string, ref?: number): void;
  count(kind: 'refusals' | 'disconnects', code: RelayRefusalCode): void;
}

/** A throttled client hears why at most this often, which also tells it the relay is alive. */
const THROTTLE_NOTICE_MS = 10_000;
const CONGESTION_POLL_MS = 10;
const HOUR_MS = 3_600_000;

/**
 * The relay's circuits: opening and closing them, and forwarding data frames
 * between their ends within each client's rate, hourly quota and the
 * receiver's buffer.
 */
export class CircuitSwitch {
  /** Circuits open now, across all clients. */
  count = 0;

  constructor(private readonly host: SwitchHost) {}

  open(session: RelaySession, ref: number, to: PeerId): void {
    const refuse = (code: RelayRefusalCode, reason: string) => {
      this.host.count('refusals', code);
      this.host.send(session, { t: 'refuse', code, reason, ref });
    };
    if (to === session.peerId) return refuse('unknown-peer', 'a circuit to yourself');
    const target = this.host.sessionOf(to);
    if (!target) return refuse('unknown-peer', 'that peer is not connected to this super peer');
    if (session.opened >= this.host.limits.maxCircuitsPerClient)
      return this.host.strike(
        session,
        'too-many-circuits',
        `at most ${this.host.limits.maxCircuitsPerClient} open circuits`,
        ref,
      );
    if (this.overQuota(session)) return this.host.strike(session, 'over-quota', this.quotaReason(), ref);
    if (this.count >= this.host.limits.maxCircuits) return refuse('full', 'this super peer has no room for more circuits');
    if (target.incoming >= this.host.limits.maxIncomingCircuitsPerClient)
      return refuse('target-busy', 'that peer has too many circuits');
    const mine = session.allocateCircuit();
    const theirs = target.allocateCircuit();
    session.circuits.set(mine, { peer: target, peerCircuit: theirs, opener: true });
    target.circuits.set(theirs, { peer: session, peerCircuit: mine, opener: false });
    session.opened += 1;
    target.incoming += 1;
    this.count += 1;
    // The target hears of the circuit before any data on it can reach it: both go out on its one socket, in order.
    this.host.send(target, { t: 'incoming', circuit: theirs, from: session.peerId! });
    this.host.send(session, { t: 'opened', ref, circuit: mine });
  }

  closeFromClient(session: RelaySession, circuit: number): void {
    const end = session.circuits.get(circuit);
    if (end) return this.removeCircuit(session, circuit, end, 'closed by the other side');
    if (!session.wasRecentlyClosed(circuit)) this.host.strike(session, 'unknown-circuit', `there is no circuit ${circuit}`);
  }

  /** Forwards a data frame; the one hot path, so it allocates nothing and rewrites the header in place. */
  forward(session: RelaySession, frame: Buffer): void {
    if (frame.length < DATA_HEADER_BYTES || frame[0] !== DATA_FRAME)
      return this.host.strike(session, 'bad-frame', 'a data frame starts with 0x01 and a 4-byte circuit id');
    const circuit = frame.readUInt32BE(1);
    const end = session.circuits.get(circuit);
    if (!end) {
      // Frames already on the way when a circuit closed are dropped quietly.
      if (session.wasRecentlyClosed(circuit)) return;
      return this.host.strike(session, 'unknown-circuit', `there is no circuit ${circuit}`);
    }
    if (this.overQuota(session)) return this.quotaReached(session);
    session.quotaBytes += frame.length;
    const wait = session.spend(frame.length);
    if (wait > 0) this.throttle(session, wait);
    frame.writeUInt32BE(end.peerCircuit, 1);
    this.host.capture?.(frame.subarray(DATA_HEADER_BYTES));
    const receiver = end.peer;
    receiver.ws.send(frame, { binary: true });
    this.host.stats.relayedBytes += frame.length - DATA_HEADER_BYTES;
    this.host.stats.relayedFrames += 1;
    const queued = receiver.ws.bufferedAmount;
    if (queued > 4 * this.host.limits.maxBufferedBytes) {
      this.host.count('refusals', 'congested');
      return this.removeCircuit(session, circuit, end, 'the receiver is not keeping up', 'congested');
    }
    if (queued > this.host.limits.maxBufferedBytes) this.waitForReceiver(session, receiver);
  }

  private overQuota(session: RelaySession): boolean {
    const now = this.host.now();
    if (now - session.quotaWindowStart >= HOUR_MS) {
      session.quotaWindowStart = now;
      session.quotaBytes = 0;
      session.quotaNotified = false;
    }
    return session.quotaBytes >= this.host.limits.bytesPerHour;
  }

  private quotaReason(): string {
    return `relayed more than ${this.host.limits.bytesPerHour} bytes this hour`;
  }

  /** The hour's data is used up: say so once and close the client's circuits; later frames count as strikes. */
  private quotaReached(session: RelaySession): void {
    if (session.quotaNotified) return this.host.strike(session, 'over-quota', this.quotaReason());
    session.quotaNotified = true;
    const retryAfterMs = Math.max(0, session.quotaWindowStart + HOUR_MS - this.host.now());
    this.host.count('refusals', 'over-quota');
    this.host.send(session, { t: 'refuse', code: 'over-quota', reason: this.quotaReason(), retryAfterMs });
    for (const [id, end] of [...session.circuits])
      this.removeCircuit(session, id, end, 'the other side is over its quota', 'over-quota');
  }

  /** Stops reading from a client that is over its rate until its bucket has refilled. */
  private throttle(session: RelaySession, waitMs: number): void {
    if (session.isPausedFor('throttle')) return;
    session.pause('throttle');
    this.host.stats.throttledPauses += 1;
    // Frames read in the same burst add to the debt after the pause began; read again only once it is all paid.
    const resumeWhenPaid = (ms: number) => {
      session.throttleTimer = setTimeout(() => {
        const debt = session.spend(0);
        if (debt > 0) resumeWhenPaid(debt);
        else session.resume('throttle');
      }, ms);
    };
    resumeWhenPaid(waitMs);
    const now = this.host.now();
    if (now - session.throttleNoticeAt < THROTTLE_NOTICE_MS) return;
    session.throttleNoticeAt = now;
    this.host.count('refusals', 'throttled');
    this.host.send(session, {
      t: 'refuse',
      code: 'throttled',
      reason: `over ${this.host.limits.bytesPerSecond} bytes/s; slowed down to that rate`,
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
        receiver.ws.bufferedAmount <= this.host.limits.maxBufferedBytes / 2 ||
        ![...sender.circuits.values()].some((end) => end.peer === receiver);
      if (!drained) return;
      clearInterval(sender.congestionTimer);
      sender.congestionTimer = undefined;
      sender.resume('congestion');
    }, CONGESTION_POLL_MS);
  }

  removeCircuit(session: RelaySession, circuit: number, end: CircuitEnd, reasonForPeer: string, code?: RelayRefusalCode): void {
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
    this.count -= 1;
    this.host.send(end.peer, { t: 'closed', circuit: end.peerCircuit, reason: reasonForPeer });
    if (code) this.host.send(session, { t: 'closed', circuit, reason: reasonForPeer });
  }
}
