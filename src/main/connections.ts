import type { Engine, PeerHint } from '../core/engine';
import { LanlineError, describeError } from '../core/errors';
import type { PeerId } from '../core/identity';
import type { Logger } from '../core/platform';
import type { RtcHost, RtcIceServer } from '../core/rtc/host';
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
}

const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** The peer with the greater id waits this long for the other to dial first. */
const DEFER_MS = 1500;

interface StaticPeer {
  attempts: number;
  timer?: ReturnType<typeof setTimeout>;
  attempt(): Promise<void>;
}

interface Target {
  addresses: string[];
  attempts: number;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Keeps one verified link per peer. Of two peers, the one with the smaller id
 * dials; the other dials only if nothing arrives (one side may not see the
 * other's advert). When both dial at once (glare), the smaller id's offer wins
 * on both sides, so exactly one connection survives.
 */
export class ConnectionManager {
  private nextLinkId = 1;
  private readonly dialling = new Map<PeerId, { linkId: number; cancelled: boolean }>();
  private readonly targets = new Map<PeerId, Target>();
  private readonly staticAddresses = new Map<string, StaticPeer>();
  private stopped = false;

  constructor(private readonly init: ConnectionManagerInit) {}

  private get self(): PeerId {
    return this.init.engine.identity.peerId;
  }

  private now(): number {
    return this.init.now?.() ?? Date.now();
  }

  private backoff(attempts: number): number {
    const base = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(attempts, 10));
    return base / 2 + (this.init.random ?? Math.random)() * (base / 2);
  }

  /** A discovery hint: dial if we should, forget the target if it left. */
  noteHint(hint: PeerHint): void {
    if (this.stopped || hint.peerId === this.self) return;
    if (!hint.present) {
      const target = this.targets.get(hint.peerId);
      clearTimeout(target?.timer);
      this.targets.delete(hint.peerId);
      return;
    }
    const target = this.targets.get(hint.peerId) ?? { addresses: [], attempts: 0 };
    target.addresses = hint.addresses;
    this.targets.set(hint.peerId, target);
    if (!target.timer) this.schedule(hint.peerId, this.self < hint.peerId ? 0 : DEFER_MS);
  }

  /** Called when a link to a peer closes: try again while the peer is still around. */
  noteLinkClosed(peerId: PeerId): void {
    if (this.stopped || !this.targets.has(peerId)) return;
    this.schedule(peerId, this.self < peerId ? 200 : DEFER_MS);
  }

  private schedule(peerId: PeerId, delayMs: number): void {
    const target = this.targets.get(peerId);
    if (!target) return;
    clearTimeout(target.timer);
    target.timer = setTimeout(async () => {
      target.timer = undefined;
      if (this.stopped || this.init.engine.isLinked(peerId) || this.dialling.has(peerId)) return;
      for (const address of target.addresses) {
        try {
          await this.dial(address, peerId);
          target.attempts = 0;
          return;
        } catch (error) {
          if (error instanceof LanlineError && error.code === 'closed') return; // lost glare or replaced
          this.init.log.debug('dial failed', { peer: peerId, address, error: describeError(error) });
        }
      }
      if (this.stopped || !this.targets.has(peerId) || this.init.engine.isLinked(peerId)) return;
      this.schedule(peerId, this.backoff(target.attempts++));
    }, delayMs);
  }

  /** Dials configured addresses, retrying for as long as the node runs. */
  addStaticPeer(address: string): void {
    if (this.staticAddresses.has(address)) return;
    const attempt = async () => {
      clearTimeout(entry.timer);
      if (this.stopped) return;
      try {
        const peerId = await this.dial(address);
        entry.attempts = 0;
        // Watch the link; when it drops, start again.
        const unwatch = this.init.engine.onDidChangePeers.on(() => {
          if (this.init.engine.isLinked(peerId) || this.dialling.has(peerId)) return;
          unwatch();
          entry.timer = setTimeout(attempt, this.backoff(entry.attempts++));
        });
      } catch (error) {
        this.init.log.debug('static peer not reachable', { address, error: describeError(error) });
        entry.timer = setTimeout(attempt, this.backoff(entry.attempts++));
      }
    };
    const entry: StaticPeer = { attempts: 0, attempt };
    this.staticAddresses.set(address, entry);
    void attempt();
  }

  /** Dials everyone we are missing without waiting out the backoff (a window just attached). */
  retryNow(): void {
    for (const [peerId, target] of this.targets) {
      target.attempts = 0;
      if (!this.init.engine.isLinked(peerId)) this.schedule(peerId, this.self < peerId ? 0 : DEFER_MS);
    }
    for (const entry of this.staticAddresses.values()) {
      entry.attempts = 0;
      if (entry.timer) void entry.attempt();
    }
  }

  /** Opens a verified link to whoever listens at `address`; resolves with their peer id. */
  async dial(address: string, expectedPeer?: PeerId): Promise<PeerId> {
    const { rtc, engine, iceServers } = this.init;
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
      if (attempt.cancelled) throw new LanlineError('closed', 'superseded by the peer’s own connection');
      await rtc.acceptAnswer(linkId, reply.sdp);
      const pipe = await rtc.pipe(linkId);
      await engine.attach(pipe, reply.from);
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
    const ours = this.dialling.get(offer.from);
    if (ours) {
      if (this.self < offer.from) return refusal('glare', 'both sides dialled; the smaller peer id dials');
      ours.cancelled = true;
    }
    if (!rtc.available) return refusal('unavailable', 'no window is open to accept connections');
    const linkId = this.nextLinkId++;
    try {
      const sdp = await rtc.acceptOffer(linkId, offer.sdp, iceServers);
      void rtc
        .pipe(linkId)
        .then((pipe) => engine.attach(pipe, offer.from))
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

  stop(): void {
    this.stopped = true;
    for (const target of this.targets.values()) clearTimeout(target.timer);
    for (const entry of this.staticAddresses.values()) clearTimeout(entry.timer);
    this.targets.clear();
  }
}
