import { CircuitBreaker } from '../core/circuit-breaker';
import type { Engine, PeerHint } from '../core/engine';
import { LanlineError, describeError } from '../core/errors';
import type { PeerId } from '../core/identity';
import { decodeInvite, matchesCommitment } from '../core/invite';
import type { Logger } from '../core/platform';
import type { RtcHost, RtcIceServer } from '../core/rtc/host';
import type { CircuitPipe } from './relay/circuit-pipe';
import { answerThroughRelay, dialThroughRelay, type RelayedDialContext } from './relay/relayed-connection';
import type { RelayDialer } from './relay/super-peers';
import { exchangeOffer } from './signalling/dial';
import { checkSignal, refusal, signSignal, type Answer, type Offer, type Refusal } from './signalling/protocol';

export interface ConnectionManagerInit {
  engine: Engine;
  rtc: RtcHost;
  iceServers: RtcIceServer[];
  log: Logger;
  now?: () => number;
  /** Jitter source in [0, 1); injected so tests can make backoff exact. */
  random?: () => number;
  /** Super peers to go through when a peer cannot be dialled directly; without them nothing is relayed. */
  relay?: RelayDialer;
  /** Randomness for the relayed pipe's handshake. */
  randomBytes?: (n: number) => Uint8Array;
  /** How long WebRTC set up through a relay may take before the relayed pipe carries the link instead. */
  relayedRtcTimeoutMs?: number;
}

/** The peer with the greater id waits this long for the other to dial first. */
const DEFER_MS = 1500;
/** Relayed dials answered at once; more are refused until these finish. */
const MAX_CONCURRENT_RELAYED_ANSWERS = 16;

interface Target {
  addresses: string[];
  /** False after the peer said goodbye on mDNS; true again on any new sign of it. */
  wanted: boolean;
  breaker: CircuitBreaker;
  timer?: ReturnType<typeof setTimeout>;
}

interface AddressOnlyPeer {
  breaker: CircuitBreaker;
  timer?: ReturnType<typeof setTimeout>;
  peerId?: PeerId;
}

export type DialState = 'linked' | 'trying' | 'failing' | 'idle';

/**
 * Keeps one verified link per peer. Of two peers, the one with the smaller id
 * dials; the other dials only if nothing arrives (one side may not see the
 * other's advert). When both dial at once (glare), the smaller id's offer wins
 * on both sides, so exactly one connection survives. Each peer has a circuit
 * breaker so a dead peer costs one dial per cool-down.
 */
export class ConnectionManager {
  private nextLinkId = 1;
  private readonly dialling = new Map<PeerId, { linkId: number; cancelled: boolean }>();
  private readonly targets = new Map<PeerId, Target>();
  private readonly addressOnly = new Map<string, AddressOnlyPeer>();
  private answeringCircuits = 0;
  private stopped = false;

  constructor(private readonly init: ConnectionManagerInit) {}

  private get self(): PeerId {
    return this.init.engine.identity.peerId;
  }

  /** The super peers to relay through; none while this node is one itself (it can start and stop being one). */
  setRelay(relay: RelayDialer | undefined): void {
    this.init.relay = relay;
  }

  private now(): number {
    return this.init.now?.() ?? Date.now();
  }

  private newBreaker(): CircuitBreaker {
    return new CircuitBreaker({ now: () => this.now(), random: this.init.random ?? Math.random });
  }

  private firstDelay(peerId: PeerId): number {
    return this.self < peerId ? 0 : DEFER_MS;
  }

  /** A sign of a peer (advert, gossip record, stored address): dial if we should. */
  noteHint(hint: PeerHint): void {
    if (this.stopped || hint.peerId === this.self) return;
    const target = this.targets.get(hint.peerId) ?? { addresses: [], wanted: true, breaker: this.newBreaker() };
    this.targets.set(hint.peerId, target);
    if (!hint.present) {
      target.wanted = false;
      clearTimeout(target.timer);
      target.timer = undefined;
      return;
    }
    target.addresses = [...new Set([...hint.addresses, ...target.addresses])].slice(0, 8);
    const wasUnwanted = !target.wanted;
    target.wanted = true;
    // Routine re-confirmations (a re-browse every few seconds) must not undo the cool-down.
    if (hint.news || wasUnwanted) target.breaker.nudge();
    if (!target.timer || wasUnwanted) this.schedule(hint.peerId, this.firstDelay(hint.peerId));
  }

  /** Called when a link to a peer closes: try again while the peer is still around. */
  noteLinkClosed(peerId: PeerId): void {
    if (this.stopped) return;
    for (const [address, entry] of this.addressOnly) {
      if (entry.peerId !== peerId) continue;
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => void this.attemptAddress(address, entry), 200);
    }
    const target = this.targets.get(peerId);
    if (target?.wanted) this.schedule(peerId, this.self < peerId ? 200 : DEFER_MS);
  }

  private schedule(peerId: PeerId, delayMs: number): void {
    const target = this.targets.get(peerId);
    if (!target) return;
    clearTimeout(target.timer);
    target.timer = setTimeout(() => void this.attempt(peerId, target), delayMs);
  }

  private async attempt(peerId: PeerId, target: Target): Promise<void> {
    target.timer = undefined;
    if (this.stopped || !target.wanted || this.init.engine.isLinked(peerId) || this.dialling.has(peerId)) return;
    if (!target.breaker.canAttempt()) return this.schedule(peerId, target.breaker.delayMs());
    let lastError = 'no address';
    for (const address of target.addresses) {
      try {
        await this.dial(address, { expectedPeer: peerId });
        target.breaker.success();
        return;
      } catch (error) {
        if (error instanceof LanlineError && error.code === 'closed') return; // lost glare or superseded
        lastError = describeError(error);
        this.init.log.debug('dial failed', { peer: peerId, address, error: lastError });
      }
    }
    if (this.init.engine.isLinked(peerId)) return target.breaker.success();
    const relayed = await this.dialViaRelay(peerId);
    if (relayed === 'linked') return target.breaker.success();
    if (relayed === 'superseded') return;
    if (relayed) lastError = `${lastError}; through a super peer: ${relayed.error}`;
    target.breaker.failure(lastError);
    if (!this.stopped && target.wanted) this.schedule(peerId, target.breaker.delayMs());
  }

  /** Dials an address we were given (flag, `lanline add`, invite), for as long as the node runs. */
  addAddress(address: string, knownPeer?: PeerId): void {
    if (this.addressOnly.has(address)) return;
    // With the peer already known (just dialled), the first attempt finds it linked and waits.
    const entry: AddressOnlyPeer = { breaker: this.newBreaker(), peerId: knownPeer };
    this.addressOnly.set(address, entry);
    void this.attemptAddress(address, entry);
  }

  private async attemptAddress(address: string, entry: AddressOnlyPeer): Promise<void> {
    entry.timer = undefined;
    if (this.stopped) return;
    // While linked there is nothing to do; noteLinkClosed starts this again.
    if (entry.peerId && this.init.engine.isLinked(entry.peerId)) return;
    if ((entry.peerId && this.dialling.has(entry.peerId)) || !entry.breaker.canAttempt())
      return this.retryAddress(address, entry);
    try {
      entry.peerId = await this.dial(address, { expectedPeer: entry.peerId });
      entry.breaker.success();
    } catch (error) {
      if (!(error instanceof LanlineError && error.code === 'closed')) entry.breaker.failure(describeError(error));
    }
    this.retryAddress(address, entry);
  }

  /** Address-only peers have no advert to say they are back, so they are retried on the breaker's beat. */
  private retryAddress(address: string, entry: AddressOnlyPeer): void {
    if (this.stopped || (entry.peerId && this.init.engine.isLinked(entry.peerId))) return;
    entry.timer = setTimeout(() => void this.attemptAddress(address, entry), Math.max(1000, entry.breaker.delayMs()));
  }

  /** Dials everyone we are missing without waiting out the backoff (a window just attached). */
  retryNow(): void {
    for (const [peerId, target] of this.targets) {
      target.breaker.nudge();
      if (target.wanted && !this.init.engine.isLinked(peerId)) this.schedule(peerId, this.firstDelay(peerId));
    }
    for (const [address, entry] of this.addressOnly) {
      entry.breaker.nudge();
      clearTimeout(entry.timer);
      void this.attemptAddress(address, entry);
    }
  }

  /** Joins whoever made an invite: the key that answers must match the code's commitment. */
  async joinInvite(code: string): Promise<PeerId> {
    const invite = decodeInvite(code);
    let lastError: unknown;
    for (const address of invite.addresses) {
      try {
        const peerId = await this.dial(address, { commitment: invite.commitment });
        // Remember where they were, so the link comes back after a restart on either side.
        const peer = this.init.engine.getPeer(peerId)!;
        const hint = { peerId, name: peer.name, role: peer.role, addresses: [address], present: true, news: true };
        this.init.engine.notePeerHint(hint);
        this.noteHint(hint);
        return peerId;
      } catch (error) {
        lastError = error;
        if (error instanceof LanlineError && error.code === 'bad-signature') throw error;
      }
    }
    throw new LanlineError(
      'peer-unreachable',
      `Could not reach the person who made this invite at ${invite.addresses.join(' or ')}: ${describeError(lastError)}`,
    );
  }

  /** What the doctor reports about each peer. */
  dialState(peerId: PeerId): { state: DialState; lastError: string | null } {
    if (this.init.engine.isLinked(peerId)) return { state: 'linked', lastError: null };
    if (this.dialling.has(peerId)) return { state: 'trying', lastError: null };
    const breaker = this.targets.get(peerId)?.breaker;
    if (breaker && breaker.failures > 0) return { state: 'failing', lastError: breaker.lastError };
    return { state: 'idle', lastError: null };
  }

  /**
   * Opens a verified link to whoever listens at `address`; resolves with
   * their peer id. With `expectedPeer` only that key may answer; with
   * `commitment` only a key matching the invite's commitment.
   */
  async dial(address: string, expect: { expectedPeer?: PeerId; commitment?: Uint8Array } = {}): Promise<PeerId> {
    const { rtc, engine, iceServers } = this.init;
    const { expectedPeer, commitment } = expect;
    if (!rtc.available) throw new LanlineError('no-ui', 'No Lanline window is open to make the connection.');
    if (expectedPeer && engine.isLinked(expectedPeer)) return expectedPeer;
    const linkId = this.nextLinkId++;
    const attempt = { linkId, cancelled: false };
    if (expectedPeer) this.dialling.set(expectedPeer, attempt);
    try {
      const sdp = await rtc.createOffer(linkId, iceServers);
      const offer = signSignal<Offer>(engine.identity, {
        t: 'offer',
        from: this.self,
        to: expectedPeer ?? null,
        sdp,
        ts: this.now(),
      });
      const reply = await exchangeOffer(address, offer);
      if (reply.t === 'refuse') {
        const code = reply.code === 'glare' ? 'closed' : 'peer-unreachable';
        throw new LanlineError(code, `${address} refused: ${reply.reason}`);
      }
      const problem = checkSignal(reply, this.self, this.now());
      if (problem) throw new LanlineError('bad-signature', `answer from ${address} rejected: ${problem}`);
      if (expectedPeer && reply.from !== expectedPeer)
        throw new LanlineError('bad-signature', `${address} answered as a different peer than advertised`);
      if (commitment && !matchesCommitment(reply.from, commitment))
        throw new LanlineError('bad-signature', `The computer at ${address} is not the one that made this invite.`);
      if (attempt.cancelled) throw new LanlineError('closed', 'superseded by the peer’s own connection');
      await rtc.acceptAnswer(linkId, reply.sdp);
      const pipe = await rtc.pipe(linkId);
      await engine.attach(pipe, reply.from, { dialled: true });
      return reply.from;
    } catch (error) {
      rtc.close(linkId);
      throw error;
    } finally {
      if (expectedPeer && this.dialling.get(expectedPeer) === attempt) this.dialling.delete(expectedPeer);
    }
  }

  /** Answers a verified offer; see the class comment for the glare rule. */
  async handleOffer(offer: Offer, remoteAddress: string): Promise<Answer | Refusal> {
    const { rtc, engine, iceServers, log } = this.init;
    if (this.stopped) return refusal('unavailable', 'node is shutting down');
    const problem = checkSignal(offer, this.self, this.now());
    if (problem) {
      log.warn('dropped offer', { reason: problem, from: remoteAddress });
      return refusal(problem === 'addressed to another peer' ? 'not-me' : 'bad-request', problem);
    }
    const glare = this.resolveGlare(offer.from);
    if (glare) return glare;
    if (!rtc.available) return refusal('unavailable', 'no window is open to accept connections');
    const linkId = this.nextLinkId++;
    try {
      const sdp = await rtc.acceptOffer(linkId, offer.sdp, iceServers);
      void rtc
        .pipe(linkId)
        .then((pipe) => engine.attach(pipe, offer.from, { dialled: false }))
        .then(() => this.targets.get(offer.from)?.breaker.success())
        .catch((error) => {
          rtc.close(linkId);
          log.debug('incoming link failed', { peer: offer.from, error: describeError(error) });
        });
      return signSignal<Answer>(engine.identity, { t: 'answer', from: this.self, to: offer.from, sdp, ts: this.now() });
    } catch (error) {
      rtc.close(linkId);
      throw error;
    }
  }

  /** Both sides dialled at once: the smaller peer id's dial wins, and the other side's is cancelled. */
  private resolveGlare(from: PeerId): Refusal | undefined {
    const ours = this.dialling.get(from);
    if (!ours) return undefined;
    if (this.self < from) return refusal('glare', 'both sides dialled; the smaller peer id dials');
    ours.cancelled = true;
    return undefined;
  }

  private relayedContext(): RelayedDialContext {
    const { engine, rtc, iceServers, log } = this.init;
    return {
      engine,
      rtc,
      iceServers,
      log,
      now: () => this.now(),
      randomBytes: this.init.randomBytes ?? ((n) => crypto.getRandomValues(new Uint8Array(n))),
      rtcTimeoutMs: this.init.relayedRtcTimeoutMs ?? 5000,
      nextLinkId: () => this.nextLinkId++,
      resolveGlare: (from) => this.resolveGlare(from),
    };
  }

  /**
   * The fallback when no address answered: the same signed offer through a
   * super peer both of us are connected to, and the relayed secure pipe if
   * WebRTC still cannot get through. Undefined when there is no super peer
   * (or no window to make WebRTC connections: such a node makes no links).
   */
  private async dialViaRelay(peerId: PeerId): Promise<'linked' | 'superseded' | { error: string } | undefined> {
    const { relay, rtc, engine } = this.init;
    if (!relay?.available || !rtc.available || this.stopped || engine.isLinked(peerId) || this.dialling.has(peerId))
      return undefined;
    const attempt = { linkId: this.nextLinkId++, cancelled: false };
    this.dialling.set(peerId, attempt);
    try {
      const via = await dialThroughRelay(this.relayedContext(), relay, peerId, attempt);
      this.init.log.info('linked through a super peer', { peer: peerId, via });
      return 'linked';
    } catch (error) {
      if (error instanceof LanlineError && error.code === 'closed') return 'superseded';
      this.init.log.debug('relayed dial failed', { peer: peerId, error: describeError(error) });
      return { error: describeError(error) };
    } finally {
      if (this.dialling.get(peerId) === attempt) this.dialling.delete(peerId);
    }
  }

  /**
   * Someone opened a circuit to us through a super peer. Each costs a
   * handshake's worth of X25519, so only a few are answered at once.
   */
  acceptCircuit(circuit: CircuitPipe): void {
    if (this.stopped || this.answeringCircuits >= MAX_CONCURRENT_RELAYED_ANSWERS) {
      this.init.log.warn('refused a relayed connection', { peer: circuit.remote, reason: 'too many at once' });
      return circuit.close();
    }
    this.answeringCircuits += 1;
    void answerThroughRelay(this.relayedContext(), circuit).finally(() => {
      this.answeringCircuits -= 1;
      if (this.init.engine.isLinked(circuit.remote)) this.targets.get(circuit.remote)?.breaker.success();
    });
  }

  stop(): void {
    this.stopped = true;
    for (const target of this.targets.values()) clearTimeout(target.timer);
    for (const entry of this.addressOnly.values()) clearTimeout(entry.timer);
    this.targets.clear();
  }
}
