import { CircuitBreaker } from '../../core/circuit-breaker';
import { describeError, LanlineError } from '../../core/errors';
import { Emitter } from '../../core/events';
import { PEER_ID_PATTERN, type Identity, type PeerId } from '../../core/identity';
import type { Pipe } from '../../core/pipe';
import type { Logger } from '../../core/platform';
import { LOAD_BAND_PERCENT, RelayLoadSchema, loadPercent, rankSuperPeers, type RelayLoad } from '../../core/super-peer';
import type { RelayCandidateInfo } from '../../core/super-peer-info';
import { IDENTITY_PATH } from '../signalling/protocol';
import type { CircuitPipe } from './circuit-pipe';
import { RelayClient, RelayRefusedError } from './client';

/** What the connection manager needs to relay: a circuit to a peer through any super peer that has it. */
export interface RelayDialer {
  /** Whether some super peer is connected now; without one, nothing is ever relayed. */
  readonly available: boolean;
  openCircuit(to: PeerId): Promise<Pipe & { remote: PeerId }>;
}

export type SuperPeerSource = 'mdns' | 'gossip' | 'config';

export interface SuperPeerSighting {
  peerId?: PeerId;
  addresses: string[];
  load?: RelayLoad;
  source: SuperPeerSource;
}

interface Candidate {
  peerId: PeerId | undefined;
  addresses: string[];
  /** The address that last answered. */
  address: string | undefined;
  load: RelayLoad | null;
  rttMs: number | null;
  probedAt: number;
  seenAt: number;
  sources: Set<SuperPeerSource>;
  breaker: CircuitBreaker;
  lastError: string | null;
  /** When it was our primary and went away: probably dead, so it is tried last for a while (the latest loss last of all). */
  lostAt?: number;
}

export interface SuperPeerPoolInit {
  identity: Identity;
  log: Logger;
  now?: () => number;
  random?: () => number;
  /** How a candidate is asked who it is and how loaded (GET /lanline); injected by tests. */
  probe?: (address: string) => Promise<{ peerId: PeerId; load: RelayLoad | null }>;
}

const PROBE_TIMEOUT_MS = 1500;
const PROBE_EVERY_MS = 30_000;
const REVIEW_MS = 5000;
/** A candidate nobody has mentioned for this long is forgotten (configured ones never are). */
const FORGET_AFTER_MS = 15 * 60_000;
/** Connections opened only to reach a peer on another super peer close after this long without circuits. */
const EXTRA_IDLE_MS = 60_000;
const MAX_EXTRA_CONNECTIONS = 2;
/** Sightings that arrive together (configured addresses, one mDNS round) are weighed together. */
const GATHER_MS = 250;
/** A client moves to a less loaded super peer only when it is this many load bands better, so it does not flap. */
const REBALANCE_BANDS = 2;

/** Asks a node's signalling port who it is, and whether (and how loaded) it relays. */
export async function probeSuperPeer(address: string): Promise<{ peerId: PeerId; load: RelayLoad | null }> {
  const res = await fetch(`http://${address}${IDENTITY_PATH}`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  const body = (await res.json()) as { service?: unknown; peerId?: unknown; relay?: unknown };
  if (body.service !== 'lanline' || typeof body.peerId !== 'string' || !PEER_ID_PATTERN.test(body.peerId))
    throw new LanlineError('peer-unreachable', `${address} is not a Lanline node`);
  const load = RelayLoadSchema.safeParse(body.relay);
  return { peerId: body.peerId, load: load.success ? load.data : null };
}

/**
 * The super peers a client knows of, and its connections to them. It keeps
 * one primary connection, to the least loaded super peer (then the nearest),
 * so that others can reach it there; it dials further super peers only to
 * reach a peer that is on another one. Candidates come from mDNS, gossip and
 * configuration, so super peers come and go without any client being told.
 */
export class SuperPeerPool implements RelayDialer {
  /** Someone opened a circuit to us through a super peer. */
  readonly onDidReceiveCircuit = new Emitter<CircuitPipe>();
  /** The primary super peer or a candidate's state changed. */
  readonly onDidChange = new Emitter<void>();
  private readonly candidates: Candidate[] = [];
  private primary: RelayClient | undefined;
  private connecting: Promise<void> | undefined;
  private readonly extras = new Map<PeerId, { client: RelayClient; idle?: ReturnType<typeof setTimeout> }>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private gathering: ReturnType<typeof setTimeout> | undefined;
  private rebalancedAt = 0;
  private stopped = false;

  constructor(private readonly init: SuperPeerPoolInit) {}

  private now(): number {
    return this.init.now?.() ?? Date.now();
  }

  get available(): boolean {
    return this.primary?.isOpen === true;
  }

  /** The super peer this node is reachable through now, if any. */
  get primaryPeer(): PeerId | undefined {
    return this.primary?.isOpen ? this.primary.relay : undefined;
  }

  start(): void {
    this.timer = setInterval(() => this.review(), REVIEW_MS);
    this.timer.unref?.();
    this.review();
  }

  /** A sign of a super peer: an advert, a gossip record, a configured address. */
  noteSuperPeer(sighting: SuperPeerSighting): void {
    if (this.stopped || sighting.peerId === this.init.identity.peerId) return;
    const known = this.candidates.length;
    const candidate = this.candidateFor(sighting);
    candidate.addresses = [...new Set([...sighting.addresses, ...candidate.addresses])].slice(0, 8);
    candidate.sources.add(sighting.source);
    candidate.seenAt = this.now();
    if (sighting.load) candidate.load = sighting.load;
    const isNew = this.candidates.length > known;
    if ((this.primary && !isNew) || this.connecting || this.gathering) return;
    this.gathering = setTimeout(() => {
      this.gathering = undefined;
      if (!this.primary) return void this.connectPrimary();
      // A super peer that was just added may be the better one: weigh it now rather than at the next review.
      this.rebalancedAt = this.now();
      this.connecting ??= this.rebalance().finally(() => (this.connecting = undefined));
    }, GATHER_MS);
  }

  private candidateFor(sighting: SuperPeerSighting): Candidate {
    const found =
      (sighting.peerId && this.candidates.find((c) => c.peerId === sighting.peerId)) ||
      this.candidates.find((c) => c.peerId === undefined && c.addresses.some((a) => sighting.addresses.includes(a)));
    if (found) {
      found.peerId ??= sighting.peerId;
      return found;
    }
    const candidate: Candidate = {
      peerId: sighting.peerId,
      addresses: [],
      address: undefined,
      load: null,
      rttMs: null,
      probedAt: 0,
      seenAt: this.now(),
      sources: new Set(),
      breaker: new CircuitBreaker({ now: () => this.now(), random: this.init.random ?? Math.random }),
      lastError: null,
    };
    this.candidates.push(candidate);
    return candidate;
  }

  /** Every few seconds: keep a primary, refresh what we know, forget what nobody mentions any more. */
  private review(): void {
    if (this.stopped) return;
    const now = this.now();
    for (let i = this.candidates.length - 1; i >= 0; i--) {
      const c = this.candidates[i]!;
      const inUse = c.peerId !== undefined && (this.primary?.relay === c.peerId || this.extras.has(c.peerId));
      if (!inUse && !c.sources.has('config') && now - c.seenAt > FORGET_AFTER_MS) this.candidates.splice(i, 1);
    }
    if (!this.primary && !this.connecting) void this.connectPrimary();
    else if (this.primary && !this.connecting && now - this.rebalancedAt > PROBE_EVERY_MS) {
      this.rebalancedAt = now;
      this.connecting = this.rebalance().finally(() => (this.connecting = undefined));
    }
  }

  /**
   * Moves to a clearly less loaded super peer when one has appeared (they are
   * found one by one). The old connection stays while it carries circuits.
   */
  private async rebalance(): Promise<void> {
    const current = this.primary;
    const due = this.candidates.filter((c) => this.now() - c.probedAt > PROBE_EVERY_MS || c.address === undefined);
    await Promise.all(due.map((c) => this.probe(c)));
    if (!current?.isOpen || this.stopped) return;
    const band = (load: RelayLoad | null | undefined) => (load ? Math.floor(loadPercent(load) / LOAD_BAND_PERCENT) : Infinity);
    const ours = this.candidates.find((c) => c.peerId === current.relay);
    const best = rankSuperPeers(this.usable())[0];
    if (!best || best.peerId === current.relay || band(best.load) + REBALANCE_BANDS > band(ours?.load ?? current.load)) return;
    const client = await this.connectTo(best);
    if (!client || this.primary !== current) return client?.close('not needed');
    this.init.log.info('moving to a less loaded super peer', { from: current.relay, to: best.peerId });
    this.keepAsExtra(current);
    this.adoptPrimary(client);
  }

  /** Candidates a client may connect to: they said they relay, and answered. */
  private usable(): Array<Candidate & { peerId: PeerId }> {
    return this.candidates.filter(
      (c): c is Candidate & { peerId: PeerId } =>
        c.peerId !== undefined && c.peerId !== this.init.identity.peerId && c.load !== null && c.address !== undefined,
    );
  }

  private keepAsExtra(client: RelayClient): void {
    const relay = client.relay!;
    this.extras.set(relay, { client });
    client.onDidClose.on(() => {
      if (this.extras.get(relay)?.client === client) this.extras.delete(relay);
    });
    if (client.circuitCount === 0) this.idleExtra(relay);
  }

  private async probe(candidate: Candidate): Promise<void> {
    const probe = this.init.probe ?? probeSuperPeer;
    for (const address of candidate.address ? [candidate.address, ...candidate.addresses] : candidate.addresses) {
      const started = performance.now();
      try {
        const answer = await probe(address);
        if (candidate.peerId && answer.peerId !== candidate.peerId) continue;
        candidate.peerId = answer.peerId;
        candidate.address = address;
        candidate.rttMs = Math.round((performance.now() - started) * 10) / 10;
        candidate.load = answer.load;
        candidate.probedAt = this.now();
        return;
      } catch (error) {
        candidate.lastError = describeError(error);
      }
    }
    candidate.probedAt = this.now();
    candidate.rttMs = null;
  }

  private connectPrimary(): Promise<void> {
    this.connecting ??= this.choosePrimary().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private recentlyLost(candidate: Candidate): boolean {
    return candidate.lostAt !== undefined && this.now() - candidate.lostAt < PROBE_EVERY_MS;
  }

  private async choosePrimary(): Promise<void> {
    // The one just lost is probably dead (or cooling down): waiting out its probe's timeout, or trying
    // it first, would only delay the move to another. Clients have 5 s to move (docs/SUPER-PEERS.md).
    const due = this.candidates.filter(
      (c) =>
        (this.now() - c.probedAt > PROBE_EVERY_MS || c.address === undefined) && c.breaker.canAttempt() && !this.recentlyLost(c),
    );
    await Promise.all(due.map((c) => this.probe(c)));
    const ranked = rankSuperPeers(this.usable());
    // Only nodes that said they relay; one that does not (a wrong --super-peer) is skipped.
    const lost = ranked.filter((c) => this.recentlyLost(c)).sort((a, b) => a.lostAt! - b.lostAt!);
    for (const candidate of [...ranked.filter((c) => !this.recentlyLost(c)), ...lost]) {
      if (this.stopped || this.primary) return;
      if (!candidate.breaker.canAttempt()) continue;
      const client = this.existingExtra(candidate.peerId) ?? (await this.connectTo(candidate));
      if (!client) continue;
      this.extras.delete(candidate.peerId);
      this.adoptPrimary(client);
      return;
    }
  }

  private existingExtra(peerId: PeerId): RelayClient | undefined {
    const extra = this.extras.get(peerId);
    if (!extra?.client.isOpen) return undefined;
    clearTimeout(extra.idle);
    return extra.client;
  }

  private async connectTo(candidate: Candidate): Promise<RelayClient | undefined> {
    const client = new RelayClient({
      identity: this.init.identity,
      address: candidate.address!,
      expectedRelay: candidate.peerId,
      log: this.init.log,
      now: this.init.now,
      onIncoming: (circuit) => this.onDidReceiveCircuit.fire(circuit),
    });
    try {
      await client.connect();
      candidate.breaker.success();
      candidate.lastError = null;
      candidate.lostAt = undefined;
      if (client.load) candidate.load = client.load;
      return client;
    } catch (error) {
      candidate.lastError = describeError(error);
      candidate.breaker.failure(candidate.lastError);
      this.init.log.info('could not connect to a super peer', { superPeer: candidate.peerId, error: candidate.lastError });
      return undefined;
    }
  }

  private adoptPrimary(client: RelayClient): void {
    this.primary = client;
    this.init.log.info('using super peer', { superPeer: client.relay, address: client.address, load: client.load });
    client.onDidClose.on((reason) => {
      if (this.primary !== client) return;
      this.primary = undefined;
      const candidate = this.candidates.find((c) => c.peerId === client.relay);
      if (candidate) {
        candidate.lastError = reason;
        candidate.breaker.failure(reason);
        // A super peer going away (or dead) is probed afresh before it is chosen again.
        candidate.probedAt = 0;
        candidate.lostAt = this.now();
      }
      this.init.log.info('lost super peer', { superPeer: client.relay, reason });
      this.onDidChange.fire();
      if (!this.stopped) void this.connectPrimary();
    });
    this.onDidChange.fire();
  }

  /**
   * A circuit to `to`: through the primary first, then through super peers we
   * already hold, then through others we connect to for the purpose.
   */
  async openCircuit(to: PeerId): Promise<CircuitPipe> {
    const reasons: string[] = [];
    const tried = new Set<RelayClient>();
    const attempt = async (client: RelayClient): Promise<CircuitPipe | undefined> => {
      tried.add(client);
      try {
        const circuit = await client.open(to);
        this.watchExtra(client, circuit);
        return circuit;
      } catch (error) {
        reasons.push(error instanceof RelayRefusedError ? error.message : describeError(error));
        return undefined;
      }
    };
    const held = [this.primary, ...[...this.extras.values()].map((e) => e.client)].filter(
      (c): c is RelayClient => c?.isOpen === true,
    );
    for (const client of held) {
      const circuit = await attempt(client);
      if (circuit) return circuit;
    }
    const others = rankSuperPeers(this.usable().filter((c) => ![...tried].some((t) => t.relay === c.peerId)));
    for (const candidate of others) {
      if (this.extras.size >= MAX_EXTRA_CONNECTIONS || !candidate.breaker.canAttempt()) break;
      const client = await this.connectTo(candidate);
      if (!client) continue;
      this.keepAsExtra(client);
      const circuit = await attempt(client);
      if (circuit) return circuit;
      this.idleExtra(candidate.peerId);
    }
    throw new LanlineError(
      'peer-unreachable',
      reasons.length > 0 ? `no super peer could reach them: ${reasons.join('; ')}` : 'no super peer is connected',
    );
  }

  /** Extra connections stay while they carry circuits, and a minute after. */
  private watchExtra(client: RelayClient, circuit: CircuitPipe): void {
    if (!client.relay || !this.extras.has(client.relay)) return;
    const relay = client.relay;
    clearTimeout(this.extras.get(relay)!.idle);
    circuit.onDidClose(() => {
      if (client.circuitCount === 0) this.idleExtra(relay);
    });
  }

  private idleExtra(relay: PeerId): void {
    const extra = this.extras.get(relay);
    if (!extra) return;
    clearTimeout(extra.idle);
    extra.idle = setTimeout(() => {
      // Still carrying circuits (opened while it was the primary, say): look again later.
      if (extra.client.circuitCount > 0) return this.idleExtra(relay);
      this.extras.delete(relay);
      extra.client.close('idle');
    }, EXTRA_IDLE_MS);
    extra.idle.unref?.();
  }

  list(): RelayCandidateInfo[] {
    const primary = this.primaryPeer;
    return this.candidates
      .filter((c): c is Candidate & { peerId: PeerId } => c.peerId !== undefined)
      .map((c) => {
        const client = primary === c.peerId ? this.primary : this.extras.get(c.peerId)?.client;
        const connected = client?.isOpen === true;
        return {
          peerId: c.peerId,
          address: c.address ?? null,
          addresses: c.addresses,
          state: connected ? 'connected' : c.breaker.failures > 0 ? 'failing' : 'standby',
          primary: primary === c.peerId,
          load: (connected && client?.load) || c.load,
          rttMs: (connected ? client?.rttMs : null) ?? c.rttMs,
          circuits: client?.circuitCount ?? 0,
          sources: [...c.sources],
          lastError: c.lastError,
        };
      });
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.gathering);
    this.primary?.close('node stopping');
    for (const extra of this.extras.values()) {
      clearTimeout(extra.idle);
      extra.client.close('node stopping');
    }
    this.extras.clear();
  }
}
