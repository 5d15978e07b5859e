import { Bonjour, type Browser, type Service } from 'bonjour-service';
import { Emitter } from '../../core/events';
import type { Identity } from '../../core/identity';
import type { Role } from '../../core/model';
import type { Logger } from '../../core/platform';
import type { PeerHint } from '../../core/engine';
import { SERVICE_TYPE, makeTxt, readTxt } from './advert';

export interface MdnsDiscoveryInit {
  identity: Identity;
  name: string;
  role: Role;
  port: number;
  log: Logger;
  /** Advertise `sp=1`: this node relays (docs/SUPER-PEERS.md). */
  superPeer?: boolean;
  /**
   * Announce and listen on each of these interface addresses separately. A
   * multicast socket sends only through its default interface, so a super
   * peer on two subnets needs one per subnet to be found on both.
   */
  interfaces?: string[];
}

/** A super peer heard on mDNS, for the client's list of candidates. */
export interface SuperPeerHint {
  peerId: string;
  addresses: string[];
}

/**
 * Announces this node as `_lanline._tcp` and reports others as hints.
 * bonjour-service keeps a crashed peer's record for its whole TTL (hours),
 * so presence here is only a reason to dial; the link decides who is online.
 */
/**
 * bonjour-service keeps a record for its whole TTL and asks only once, so a
 * crashed peer would look present for hours. Instead we browse afresh every
 * few seconds (every live peer answers a new query) and forget peers that
 * missed several rounds.
 */
const REBROWSE_MS = 5000;
const MISSED_ROUNDS_BEFORE_EXPIRY = 3;

/** A flood of adverts from one address is cut off here before any signature work. */
const MAX_ADVERTS_PER_SOURCE = 30;
const ADVERT_WINDOW_MS = 10_000;

export class MdnsDiscovery {
  readonly onDidSeePeer = new Emitter<PeerHint>();
  readonly onDidSeeSuperPeer = new Emitter<SuperPeerHint>();
  /** When our own advert last came back to us: proof that mDNS goes out and in here. */
  selfSeenAt: number | undefined;
  private readonly seenPeers = new Set<string>();
  private readonly lastAnswer = new Map<string, { at: number; hint: PeerHint }>();
  private readonly advertTimes = new Map<string, number[]>();
  private bonjours: Bonjour[] = [];
  private browsers: Browser[] = [];
  private services: Service[] = [];
  private requeryTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly init: MdnsDiscoveryInit) {}

  start(): void {
    const { log, interfaces } = this.init;
    const onError = (error: unknown) => log.warn('mDNS error', { error: String(error) });
    this.bonjours =
      interfaces && interfaces.length > 1
        ? // These options go straight to multicast-dns (bonjour-service types them as service options).
          // Bound to the wildcard address: a socket bound to a unicast address never receives multicast on Linux.
          interfaces.map((address) => new Bonjour({ interface: address, bind: '0.0.0.0' } as object, onError))
        : [new Bonjour({}, onError)];
    this.publish();
    this.browse();
    this.requeryTimer = setInterval(() => {
      this.browse();
      this.expire();
    }, REBROWSE_MS);
    this.requeryTimer.unref?.();
  }

  private browse(): void {
    for (const browser of this.browsers) browser.stop();
    this.browsers = this.bonjours.map((bonjour) => {
      const browser = bonjour.find({ type: SERVICE_TYPE, protocol: 'tcp' });
      browser.on('up', (service) => this.report(service, true));
      browser.on('txt-update', (service) => this.report(service, true));
      browser.on('down', (service) => this.report(service, false));
      return browser;
    });
  }

  private expire(): void {
    const now = Date.now();
    for (const [peerId, { at, hint }] of this.lastAnswer) {
      if (now - at <= REBROWSE_MS * MISSED_ROUNDS_BEFORE_EXPIRY) continue;
      this.lastAnswer.delete(peerId);
      this.init.log.info('peer stopped answering mDNS', { peer: peerId });
      this.onDidSeePeer.fire({ ...hint, present: false });
    }
  }

  /** Re-announces with a new name or role, and whether we serve as a super peer (`sp=1`). */
  update(name: string, role: Role, superPeer = this.init.superPeer): void {
    if (name === this.init.name && role === this.init.role && superPeer === this.init.superPeer) return;
    this.init.name = name;
    this.init.role = role;
    this.init.superPeer = superPeer;
    if (this.bonjours.length === 0) return;
    const services = this.services;
    let left = services.length;
    for (const service of services) service.stop?.(() => --left === 0 && this.publish());
  }

  private publish(): void {
    this.services = this.bonjours.map((bonjour) => this.publishOn(bonjour));
  }

  private publishOn(bonjour: Bonjour): Service {
    const { identity, name, role, port, superPeer } = this.init;
    return bonjour.publish({
      // Instance names must be unique on the link (RFC 6763 §4.1); the id suffix makes them so.
      name: `${name.slice(0, 40)} (${identity.peerId.slice(0, 8)})`,
      type: SERVICE_TYPE,
      protocol: 'tcp',
      port,
      // Our own host name for the SRV and A records: machines cloned from one
      // image (or namespaces on one machine) share the OS host name, and their
      // addresses would merge under it.
      host: `lanline-${identity.peerId.slice(0, 16)}.local`,
      txt: makeTxt(identity, { name, role, port, superPeer }),
      // With one responder per interface, each would hear the others probe for the same name
      // (RFC 6762 §8.1) and take it for a conflict. The name is unique anyway: it carries our peer id.
      probe: this.bonjours.length === 1,
      disableIPv6: true,
    });
  }

  /** How many other Lanline nodes have been heard over mDNS. */
  get peersHeard(): number {
    return this.seenPeers.size;
  }

  /** Asks the network again, e.g. before a diagnosis. */
  requery(): void {
    if (this.bonjours.length > 0) this.browse();
  }

  private floodFrom(source: string, now: number): boolean {
    const recent = (this.advertTimes.get(source) ?? []).filter((t) => now - t < ADVERT_WINDOW_MS);
    recent.push(now);
    this.advertTimes.set(source, recent);
    if (this.advertTimes.size > 1024) this.advertTimes.clear(); // bounded memory under spoofed sources
    return recent.length > MAX_ADVERTS_PER_SOURCE;
  }

  private report(service: Service, present: boolean): void {
    const source = service.referer?.address ?? 'unknown';
    if (this.floodFrom(source, Date.now())) {
      if (this.advertTimes.get(source)!.length === MAX_ADVERTS_PER_SOURCE + 1)
        this.init.log.warn('ignoring mDNS adverts', { reason: 'flood', from: source });
      return;
    }
    const result = readTxt(service.txt, service.port);
    if (!result.ok) {
      this.init.log.warn('ignored mDNS advert', { reason: result.reason, from: service.referer?.address });
      return;
    }
    const { advert } = result;
    if (advert.peerId === this.init.identity.peerId) {
      this.selfSeenAt = Date.now();
      return;
    }
    this.seenPeers.add(advert.peerId);
    const hosts = [service.referer?.address, ...(service.addresses ?? [])].filter(
      (a): a is string => typeof a === 'string' && !a.includes(':'),
    );
    const hint = {
      peerId: advert.peerId,
      name: advert.name,
      role: advert.role,
      addresses: [...new Set(hosts)].map((host) => `${host}:${advert.port}`),
      present,
    };
    if (present && advert.superPeer) this.onDidSeeSuperPeer.fire({ peerId: advert.peerId, addresses: hint.addresses });
    const previous = this.lastAnswer.get(advert.peerId);
    const now = Date.now();
    // Silent for more than a round and now answering again: the peer is back.
    const news = present && (!previous || now - previous.at > REBROWSE_MS * 1.5);
    if (present) this.lastAnswer.set(advert.peerId, { at: now, hint });
    else this.lastAnswer.delete(advert.peerId);
    this.onDidSeePeer.fire({ ...hint, news });
  }

  /** Sends goodbye packets (TTL 0) so others see us leave at once. */
  stop(): Promise<void> {
    clearInterval(this.requeryTimer);
    const bonjours = this.bonjours;
    this.bonjours = [];
    for (const browser of this.browsers) browser.stop();
    return Promise.all(
      bonjours.map(
        (bonjour) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 1000);
            bonjour.unpublishAll(() => {
              bonjour.destroy(() => {
                clearTimeout(timer);
                resolve();
              });
            });
          }),
      ),
    ).then(() => undefined);
  }
}
