import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../core/api/contract';
import { ApiServer } from '../core/api/rpc';
import { Engine } from '../core/engine';
import { Emitter } from '../core/events';
import { LanlineError } from '../core/errors';
import type { Identity } from '../core/identity';
import { ProfileCardSchema, profileOf, signProfileCard, type ProfileCard } from '../core/directory/profile-card';
import {
  DEFAULT_DISPLAY_NAME,
  RoleSchema,
  type Capabilities,
  type Peer,
  type ProfileView,
  type Role,
  type Status,
} from '../core/model';
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
import { superPeerList } from './relay/super-peer-list';
import type { SuperPeerInfo } from '../core/super-peer-info';
import { FileTransfers } from './files/file-transfers';
import { systemRevealer, type Revealer } from './files/reveal';
import { TransferEvents } from './files/transfer-events';
import type { SpawnChunkWorker } from './files/chunk-worker';
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
import { acceptAvatar, saveAvatar, storedAvatar } from './profile-avatar';
import { SuperPeerRole } from './super-peer-role';

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

/** The profile card this node publishes, as last signed (settings `profile.card`). */
function storedCard(store: SqliteStore): ProfileCard | undefined {
  const json = store.getSetting('profile.card');
  if (!json) return undefined;
  const card = ProfileCardSchema.safeParse(JSON.parse(json));
  return card.success ? card.data : undefined;
}

/** A role the user chose (flag, or the setting the UI writes) overrides the measured one. */
function pinnedRole(config: Config, store: SqliteStore): Role | undefined {
  const stored = RoleSchema.safeParse(store.getSetting('role'));
  // `--super` pins the role super unless `--role` says otherwise.
  return config.role ?? (config.superPeer ? 'super' : stored.success ? stored.data : undefined);
}

/** What `Backend.start` builds, in the order it builds them. */
interface BackendParts {
  config: Config;
  log: Logger;
  identity: Identity;
  store: SqliteStore;
  engine: Engine;
  signalling: SignallingServer;
  signallingPort: number;
  connections: ConnectionManager;
  discovery: MdnsDiscovery | undefined;
  windowRtc: WindowRtcHost | undefined;
  platform: Platform;
  files: FileTransfers;
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
  /** Serving as a super peer (relay, mailbox, directory), or using them: switched at runtime. */
  readonly superPeer: SuperPeerRole;
  private readonly transferEvents: TransferEvents;
  /** Opens the OS file manager at a file; the Electron shell replaces it with shell.showItemInFolder. */
  revealer: Revealer = systemRevealer();

  readonly config: Config;
  readonly log: Logger;
  readonly identity: Identity;
  readonly store: SqliteStore;
  readonly engine: Engine;
  private readonly signalling: SignallingServer;
  readonly signallingPort: number;
  readonly connections: ConnectionManager;
  readonly discovery: MdnsDiscovery | undefined;
  readonly windowRtc: WindowRtcHost | undefined;
  /** Offers, downloads and serving of files (docs/FILES.md). */
  readonly files: FileTransfers;

  private constructor(parts: BackendParts) {
    ({
      config: this.config,
      log: this.log,
      identity: this.identity,
      store: this.store,
      engine: this.engine,
      signalling: this.signalling,
      signallingPort: this.signallingPort,
      connections: this.connections,
      discovery: this.discovery,
      windowRtc: this.windowRtc,
      files: this.files,
    } = parts);
    const { config, engine, store, connections, discovery, log, files, platform } = parts;
    this.superPeer = new SuperPeerRole({ config, engine, platform, store, connections, discovery, log });
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

  /** `fileWorker` starts the thread that seals and opens file chunks (files/chunk-worker.ts); hosts know where its script is. */
  static async start(config: Config, options: { rtc: RtcMode; log?: Logger; fileWorker?: SpawnChunkWorker }): Promise<Backend> {
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
      profileCard: storedCard(store),
      fileCrypto: nodeFileCrypto,
      avatar: storedAvatar(store),
    });
    // Several parts must exist before the backend, but report back to it or ask it.
    const late: { backend?: Backend } = {};
    const { quotaBytes, perPeerBytes, days } = config.replicas;
    const files = await FileTransfers.open({
      engine,
      db: store.db,
      settings: store,
      dataDir: config.dataDir,
      downloadsDir: config.downloadsDir,
      crypto: nodeFileCrypto,
      spawnWorker: options.fileWorker,
      log: log.child('files'),
      randomBytes: platform.randomBytes,
      now: () => Date.now(),
      // Keeping replicas is opted into by a quota (FileTransfers keeps none at 0); only super peers are asked.
      replicaLimits: { quotaBytes, perPeerBytes: perPeerBytes ?? Math.ceil(quotaBytes / 4), ttlMs: days * 24 * 60 * 60 * 1000 },
      superPeer: () => late.backend?.superPeer.pool?.primaryPeer,
    });

    const windowRtc = options.rtc === 'window' ? new WindowRtcHost() : undefined;
    const rtc: RtcHost = windowRtc ?? (await createWrtcHost());
    const connections = new ConnectionManager({
      engine,
      rtc,
      iceServers: config.iceServers,
      log: log.child('connect'),
      randomBytes: platform.randomBytes,
    });
    const service = () => late.backend?.superPeer.service;
    const signalling = new SignallingServer(
      async (offer, from) => {
        const reply = await connections.handleOffer(offer, from);
        if (reply.t === 'answer' && isOnOtherSubnet(from)) late.backend?.noteReachedFromOtherSubnet();
        return reply;
      },
      log.child('signal'),
      identity.peerId,
      {
        // The relay comes and goes with the super peer role; without it the path is refused like any unknown one.
        upgrades: {
          [RELAY_PATH]: (req, socket, head) => {
            const relay = service();
            if (relay) relay.handleUpgrade(req, socket, head);
            else socket.destroy();
          },
        },
        describe: () => {
          const relay = service();
          return relay ? { relay: relay.load() } : {};
        },
      },
    );
    const port = await signalling.listen(config.signallingPort, config.host).catch(async (error: NodeJS.ErrnoException) => {
      await files.stop();
      store.close();
      throw new LanlineError(
        'invalid-input',
        error.code === 'EADDRINUSE'
          ? `Port ${config.signallingPort} is already in use; pick another with --port.`
          : error.message,
      );
    });
    const pinned = pinnedRole(config, store);
    const superAtStart = config.superPeer || pinned === 'super' || pinned === 'infrastructure';
    const discovery = config.mdns
      ? new MdnsDiscovery({
          identity,
          name,
          role: engine.role,
          port,
          log: log.child('mdns'),
          superPeer: superAtStart,
          // A super peer is often on several subnets, and must be found on each (a role pinned
          // later keeps the interfaces it started with until the next start).
          interfaces: superAtStart && config.host === '0.0.0.0' ? localIPv4().map((i) => i.address) : undefined,
        })
      : undefined;

    const backend = new Backend({
      config,
      log,
      identity,
      store,
      engine,
      signalling,
      signallingPort: port,
      connections,
      discovery,
      windowRtc,
      platform,
      files,
    });
    late.backend = backend;
    engine.onDidUnlink.on((peerId) => connections.noteLinkClosed(peerId));
    discovery?.onDidSeePeer.on((hint) => {
      engine.notePeerHint(hint);
      connections.noteHint(hint);
    });
    engine.onDidLearnPresence.on((record) => connections.noteHint({ ...record, present: true, news: true }));
    discovery?.onDidSeeSuperPeer.on((hint) => backend.superPeer.pool?.noteSuperPeer({ ...hint, source: 'mdns' }));
    engine.onDidLearnPresence.on((record) => {
      if (record.relay)
        backend.superPeer.pool?.noteSuperPeer({
          peerId: record.peerId,
          addresses: record.addresses,
          load: record.relay,
          source: 'gossip',
        });
    });
    await backend.applySuperPeerRole();
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
      ...(backend.superPeer.service && { superPeer: true, relay: RELAY_PATH }),
    });
    return backend;
  }

  /** Whether this node should serve as a super peer: `--super`, or a role pinned to super or infrastructure. */
  private wantsSuperPeer(): boolean {
    if (this.config.superPeer) return true;
    const pinned = pinnedRole(this.config, this.store);
    return pinned === 'super' || pinned === 'infrastructure';
  }

  /** Starts or stops serving as a super peer to match the role, at once (see SuperPeerRole). */
  applySuperPeerRole(): Promise<void> {
    return this.superPeer.apply(this.wantsSuperPeer());
  }

  /** `--metrics-port`: Prometheus metrics and a status page on 127.0.0.1. */
  private async serveMetrics(port: number): Promise<void> {
    const metrics = new MetricsServer(
      nodeMetrics({ engine: this.engine, superPeer: this.superPeer }),
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
      superPeers: this.superPeers(),
      mailbox: this.superPeer.service?.mailboxStatus() ?? null,
    };
  }

  /** The super peers this node knows: with the relay pool's view on a client, the overlay's on a super peer. */
  superPeers(): SuperPeerInfo[] {
    return superPeerList(this.engine, this.superPeer.pool);
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

  profile(): ProfileView {
    return { name: this.engine.name, ...profileOf(this.engine.superPeers.profileCard), avatar: this.engine.avatar };
  }

  /** Publishes a picture (base64, checked here) or with null withdraws it; peers fetch it by the hash we sign. */
  setAvatar(data: string | null): ProfileView {
    const bytes = data === null ? null : acceptAvatar(data);
    saveAvatar(this.store, bytes);
    this.engine.setAvatar(bytes);
    this.emit('status.changed', this.status());
    return this.profile();
  }

  /** Signs a new profile card (fields left out keep their value) and publishes it. */
  setProfile(change: { team?: string | null; interests?: string[] }): ProfileView {
    const current = profileOf(this.engine.superPeers.profileCard);
    const card = signProfileCard(
      this.identity,
      { team: change.team === undefined ? current.team : change.team, interests: change.interests ?? current.interests },
      // Never older than the card it replaces, even if the clock went back.
      Math.max(Date.now(), (this.engine.superPeers.profileCard?.issuedAt ?? 0) + 1),
    );
    this.store.setSetting('profile.card', JSON.stringify(card));
    this.engine.superPeers.setProfileCard(card);
    return this.profile();
  }

  rolePinned(): boolean {
    return pinnedRole(this.config, this.store) !== undefined;
  }

  /** Measures and re-advertises the role unless the user pinned one; says whether it changed. */
  reviewRole(): boolean {
    const role = pinnedRole(this.config, this.store) ?? classifyRole(this.capabilities());
    void this.applySuperPeerRole();
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
      servingAsSuperPeer: this.superPeer.service !== undefined,
      capabilities: this.capabilities(),
      downloadsDir: this.files.downloadsDir(),
      avatar: this.engine.avatar,
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
      await this.superPeer.stop();
      this.transferEvents.stop();
      this.connections.stop();
      await this.files.stop();
      this.engine.stop();
      await this.discovery?.stop();
      // Relay clients are told first, so they move to another super peer at once.
      await this.superPeer.closeService();
      await this.signalling.close();
      await this.metrics?.close();
      this.store.close();
      this.log.info('stopped');
    })();
    return this.stopping;
  }
}
