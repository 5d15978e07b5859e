import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../core/api/contract';
import { ApiServer } from '../core/api/rpc';
import { Engine } from '../core/engine';
import { Emitter } from '../core/events';
import { LanlineError } from '../core/errors';
import type { Identity } from '../core/identity';
import { DEFAULT_DISPLAY_NAME, RoleSchema, type Capabilities, type Peer, type Role, type Status } from '../core/model';
import type { Logger, Platform } from '../core/platform';
import type { RtcHost } from '../core/rtc/host';
import { installEd25519 } from '../core/signatures';
import { apiHandlers } from './api-handlers';
import { classifyRole, measureCapabilities } from './capabilities';
import { APP_VERSION, type Config } from './config';
import { ConnectionManager } from './connections';
import { MdnsDiscovery } from './discovery/mdns';
import { MetricsServer } from './metrics/server';
import { nodeMetrics } from './metrics/node-metrics';
import type { StatusReport } from './metrics/status-page';
import { RELAY_PATH } from './relay/protocol';
import { SuperPeerPool } from './relay/super-peers';
import { SuperPeerService } from './relay/super-peer-service';
import { FileTransfers } from './files/file-transfers';
import { systemRevealer, type Revealer } from './files/reveal';
import { TransferEvents } from './files/transfer-events';
import { nodeFileCrypto } from './files/node-file-crypto';
import { loadOrCreateIdentity } from './identity-file';
import { nodeEd25519 } from './native-ed25519';
import { isOnOtherSubnet, localIPv4 } from './network-interfaces';
import { createLogger, nodePlatform } from './platform';
import { WindowRtcHost, type WindowChannel } from './rtc/window-rtc-host';
import { createWrtcHost } from './rtc/wrtc-host';
import { probeSignalling } from './signalling/probe';
import { SignallingServer } from './signalling/server';
import { SqliteStore } from './store/sqlite-store';

/**
 * Who makes the peer connections: `wrtc` for the headless node, `window` for
 * the desktop app and browser mode, where the renderer's Chromium owns them.
 * A window-mode backend with no window open makes no links; it dials again as
 * soon as a window attaches.
 */
export type RtcMode = 'wrtc' | 'window';

/** What a transport passes with each call: the window it came from, if any. */
export interface CallContext {
  window?: WindowChannel;
}

export type BackendEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

const ROLE_REVIEW_MS = 60_000;
const ADDRESS_REVIEW_MS = 30_000;
const UPLINK_MEMORY_MS = 60 * 60 * 1000;

/** A role the user chose (flag, or the setting the UI writes) overrides the measured one. */
function pinnedRole(config: Config, store: SqliteStore): Role | undefined {
  const stored = RoleSchema.safeParse(store.getSetting('role'));
  // `--super` pins the role super unless `--role` says otherwise.
  return config.role ?? (config.superPeer ? 'super' : stored.success ? stored.data : undefined);
}

/**
 * One Lanline backend: identity, store, engine, signalling, discovery and
 * connections, plus the API every UI and the CLI call. Electron, `lanline
 * serve` and `lanline node` each start exactly one of these.
 */
export class Backend {
  /** Broadcast events for every attached UI (peer list, messages, status). */
  readonly onEvent = new Emitter<BackendEvent>();
  readonly api: ApiServer<CallContext>;
  private readonly startedAt = Date.now();
  private stopping: Promise<void> | undefined;
  private readonly timers: Array<ReturnType<typeof setInterval>> = [];
  private uplinkPeak: { bytesPerSecond: number; at: number } | undefined;
  private reachedFromOtherSubnet = false;
  private metrics: MetricsServer | undefined;
  private readonly transferEvents: TransferEvents;
  /** Opens the OS file manager at a file; the Electron shell replaces it with shell.showItemInFolder. */
  revealer: Revealer = systemRevealer();

  private constructor(
    readonly config: Config,
    readonly log: Logger,
    readonly identity: Identity,
    readonly store: SqliteStore,
    readonly engine: Engine,
    private readonly signalling: SignallingServer,
    readonly signallingPort: number,
    readonly connections: ConnectionManager,
    readonly discovery: MdnsDiscovery | undefined,
    readonly windowRtc: WindowRtcHost | undefined,
    /** On a super peer (`--super`): its relay; on any other node: the super peers it may use. */
    readonly superPeer: { service?: SuperPeerService; pool?: SuperPeerPool },
    /** Offers, downloads and serving of files (docs/FILES.md). */
    readonly files: FileTransfers,
  ) {
    this.api = new ApiServer(apiHandlers(this), (method, error) =>
      log.error('call failed', { method, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
    engine.onDidChangePeers.on((peers) => {
      this.noteUplink(peers);
      this.emit('peers.changed', peers);
    });
    engine.messaging.onDidChangeMessage.on((message) => this.emit('message.changed', message));
    engine.messaging.onDidChangeTyping.on((typing) => this.emit('typing.changed', typing));
    engine.messaging.onDidChangeGroup.on((group) => this.emit('group.changed', group));
    engine.messaging.onDidChangeWaiting.on((waiting) => this.emit('waiting.changed', waiting));
    this.transferEvents = new TransferEvents(
      (snapshot) => this.emit('file.changed', snapshot),
      // The message's card shows the offer's state: show it again when that changes.
      (snapshot) => {
        const message = snapshot.messageId ? engine.messaging.message(snapshot.messageId) : undefined;
        if (message) this.emit('message.changed', message);
      },
    );
    files.onDidChange.on((snapshot) => this.transferEvents.push(snapshot));
  }

  static async start(config: Config, options: { rtc: RtcMode; log?: Logger }): Promise<Backend> {
    installEd25519(nodeEd25519());
    const log = options.log ?? createLogger({ level: config.logLevel, json: config.logJson });
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(config.dataDir, 0o700);
    const platform: Platform = nodePlatform(log);
    const identity = loadOrCreateIdentity(config.dataDir, platform);
    const store = new SqliteStore(join(config.dataDir, 'lanline.db'));
    const name = store.getSetting('name') ?? config.name ?? DEFAULT_DISPLAY_NAME;
    if (config.name && !store.getSetting('name')) store.setSetting('name', config.name);
    const engine = new Engine({
      identity,
      platform: { ...platform, log: log.child('engine') },
      store,
      name,
      role: pinnedRole(config, store) ?? 'basic',
      probeAddress: (address) => probeSignalling(address),
      fileCrypto: nodeFileCrypto,
    });
    const service = config.superPeer
      ? new SuperPeerService({ identity, limits: config.relay, log: log.child('relay'), capturePath: config.relayCapture })
      : undefined;
    // A super peer serves the relay and does not use other super peers (their overlay is a later version).
    const pool = service ? undefined : new SuperPeerPool({ identity, log: log.child('super-peers') });
    const { quotaBytes, perPeerBytes, days } = config.replicas;
    const files = await FileTransfers.open({
      engine,
      db: store.db,
      settings: store,
      dataDir: config.dataDir,
      downloadsDir: config.downloadsDir,
      crypto: nodeFileCrypto,
      log: log.child('files'),
      randomBytes: platform.randomBytes,
      now: () => Date.now(),
      replicaLimits: config.superPeer
        ? { quotaBytes, perPeerBytes: perPeerBytes ?? Math.ceil(quotaBytes / 4), ttlMs: days * 24 * 60 * 60 * 1000 }
        : undefined,
      superPeer: () => pool?.primaryPeer,
    });

    const windowRtc = options.rtc === 'window' ? new WindowRtcHost() : undefined;
    const rtc: RtcHost = windowRtc ?? (await createWrtcHost());
    const connections = new ConnectionManager({
      engine,
      rtc,
      iceServers: config.iceServers,
      log: log.child('connect'),
      relay: pool,
      randomBytes: platform.randomBytes,
    });
    // The signalling server must exist before the backend, but reports back to it.
    const late: { backend?: Backend } = {};
    const signalling = new SignallingServer(
      async (offer, from) => {
        const reply = await connections.handleOffer(offer, from);
        if (reply.t === 'answer' && isOnOtherSubnet(from)) late.backend?.noteReachedFromOtherSubnet();
        return reply;
      },
      log.child('signal'),
      identity.peerId,
      service && {
        upgrades: { [RELAY_PATH]: (req, socket, head) => service.handleUpgrade(req, socket, head) },
        describe: () => ({ relay: service.load() }),
      },
    );
    const port = await signalling.listen(config.signallingPort, config.host).catch(async (error: NodeJS.ErrnoException) => {
      await service?.close();
      await files.stop();
      store.close();
      throw new LanlineError(
        'invalid-input',
        error.code === 'EADDRINUSE'
          ? `Port ${config.signallingPort} is already in use; pick another with --port.`
          : error.message,
      );
    });
    const discovery = config.mdns
      ? new MdnsDiscovery({
          identity,
          name,
          role: engine.role,
          port,
          log: log.child('mdns'),
          superPeer: config.superPeer,
          // A super peer is often on several subnets, and must be found on each.
          interfaces: config.superPeer && config.host === '0.0.0.0' ? localIPv4().map((i) => i.address) : undefined,
        })
      : undefined;

    const backend = new Backend(
      config,
      log,
      identity,
      store,
      engine,
      signalling,
      port,
      connections,
      discovery,
      windowRtc,
      {
        service,
        pool,
      },
      files,
    );
    late.backend = backend;
    engine.onDidUnlink.on((peerId) => connections.noteLinkClosed(peerId));
    discovery?.onDidSeePeer.on((hint) => {
      engine.notePeerHint(hint);
      connections.noteHint(hint);
    });
    engine.onDidLearnPresence.on((record) => connections.noteHint({ ...record, present: true, news: true }));
    if (pool) {
      discovery?.onDidSeeSuperPeer.on((hint) => pool.noteSuperPeer({ ...hint, source: 'mdns' }));
      engine.onDidLearnPresence.on((record) => {
        if (record.relay)
          pool.noteSuperPeer({ peerId: record.peerId, addresses: record.addresses, load: record.relay, source: 'gossip' });
      });
      pool.onDidReceiveCircuit.on((circuit) => connections.acceptCircuit(circuit));
      for (const address of config.superPeers) pool.noteSuperPeer({ addresses: [address], source: 'config' });
      pool.start();
    }
    service?.start(engine);
    engine.startHeartbeat();
    backend.reviewAddresses();
    backend.reviewRole();
    discovery?.start();
    // People met before are dialled again at their last addresses, through their circuit breakers.
    for (const peer of engine.listPeers())
      if (peer.addresses.length) connections.noteHint({ ...peer, present: true, news: true });
    for (const address of config.peers) connections.addAddress(address);
    backend.timers.push(
      setInterval(() => backend.reviewAddresses(), ADDRESS_REVIEW_MS),
      setInterval(() => backend.reviewRole() && backend.emit('status.changed', backend.status()), ROLE_REVIEW_MS),
    );
    if (config.metricsPort !== undefined) await backend.serveMetrics(config.metricsPort);
    log.info('started', {
      name,
      peerId: identity.peerId,
      port,
      dataDir: config.dataDir,
      mdns: config.mdns,
      role: engine.role,
      ...(service && { superPeer: true, relay: RELAY_PATH }),
    });
    return backend;
  }

  /** `--metrics-port`: Prometheus metrics and a status page on 127.0.0.1. */
  private async serveMetrics(port: number): Promise<void> {
    const { service, pool } = this.superPeer;
    const metrics = new MetricsServer(
      nodeMetrics({ engine: this.engine, relay: service, superPeers: pool }),
      () => this.report(),
      this.log.child('metrics'),
    );
    try {
      const bound = await metrics.listen(port);
      this.metrics = metrics;
      this.log.info('metrics', { url: `http://127.0.0.1:${bound}/` });
    } catch (error) {
      await this.stop();
      throw new LanlineError(
        'invalid-input',
        (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
          ? `Port ${port} is already in use; pick another with --metrics-port.`
          : String(error),
      );
    }
  }

  /** What the status page shows. */
  report(): StatusReport {
    const memory = process.memoryUsage();
    return {
      name: this.engine.name,
      peerId: this.identity.peerId,
      role: this.engine.role,
      version: APP_VERSION,
      startedAt: this.startedAt,
      signallingPort: this.signallingPort,
      superPeer: this.superPeer.service !== undefined,
      memory: { residentBytes: memory.rss, heapUsedBytes: memory.heapUsed },
      peers: this.engine.listPeers().map(({ peerId, name, online, link }) => ({ peerId, name, online, link })),
      relay: this.superPeer.service?.status() ?? null,
      superPeers: this.superPeer.pool?.list() ?? [],
      mailbox: null,
    };
  }

  /** Where peers can dial us: the bound address, or each LAN address when bound to all. */
  selfAddresses(): string[] {
    const hosts = this.config.host === '0.0.0.0' ? localIPv4().map(({ address }) => address) : [this.config.host];
    return hosts.map((host) => `${host}:${this.signallingPort}`);
  }

  /** Signs our current addresses into the presence record; laptops change networks. */
  private reviewAddresses(): void {
    this.engine.setSelfAddresses(this.selfAddresses());
  }

  private noteUplink(peers: Peer[]): void {
    const now = Date.now();
    const best = Math.max(0, ...peers.map((p) => p.quality?.outBytesPerSecond ?? 0));
    if (this.uplinkPeak && now - this.uplinkPeak.at > UPLINK_MEMORY_MS) this.uplinkPeak = undefined;
    if (best > 0 && best >= (this.uplinkPeak?.bytesPerSecond ?? 0)) this.uplinkPeak = { bytesPerSecond: best, at: now };
  }

  noteReachedFromOtherSubnet(): void {
    this.reachedFromOtherSubnet = true;
  }

  capabilities(): Capabilities {
    return measureCapabilities(this.config.dataDir, {
      uplinkBytesPerSecond: this.uplinkPeak?.bytesPerSecond ?? null,
      reachableFromOtherSubnets: this.reachedFromOtherSubnet,
    });
  }

  rolePinned(): boolean {
    return pinnedRole(this.config, this.store) !== undefined;
  }

  /** Measures and re-advertises the role unless the user pinned one; says whether it changed. */
  reviewRole(): boolean {
    const role = pinnedRole(this.config, this.store) ?? classifyRole(this.capabilities());
    if (role === this.engine.role) return false;
    this.engine.setRole(role);
    this.discovery?.update(this.engine.name, role);
    this.log.info('role changed', { role });
    return true;
  }

  status(): Status {
    return {
      peerId: this.identity.peerId,
      name: this.engine.name,
      role: this.engine.role,
      version: APP_VERSION,
      dataDir: this.config.dataDir,
      signallingPort: this.signallingPort,
      addresses: localIPv4().map(({ address }) => address),
      startedAt: this.startedAt,
      mdns: this.discovery !== undefined,
      uiAttached: this.windowRtc?.available ?? false,
      rolePinned: this.rolePinned(),
      capabilities: this.capabilities(),
      downloadsDir: this.files.downloadsDir(),
    };
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.onEvent.fire({ name, payload } as BackendEvent);
  }

  /** A window went away (socket closed, renderer reloaded). */
  detachWindow(window: WindowChannel): void {
    if (!this.windowRtc?.owns(window)) return;
    this.windowRtc.detach(window);
    this.emit('status.changed', this.status());
  }

  /** Goodbye on mDNS and on every link, then close the store. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const timer of this.timers) clearInterval(timer);
      this.transferEvents.stop();
      this.connections.stop();
      this.superPeer.pool?.stop();
      await this.files.stop();
      this.engine.stop();
      await this.discovery?.stop();
      // Relay clients are told first, so they move to another super peer at once.
      await this.superPeer.service?.close();
      await this.signalling.close();
      await this.metrics?.close();
      this.store.close();
      this.log.info('stopped');
    })();
    return this.stopping;
  }
}
