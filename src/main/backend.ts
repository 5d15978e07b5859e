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
import { FileTransfers } from './files/file-transfers';
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
  return config.role ?? (stored.success ? stored.data : undefined);
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
    });

    const windowRtc = options.rtc === 'window' ? new WindowRtcHost() : undefined;
    const rtc: RtcHost = windowRtc ?? (await createWrtcHost());
    const connections = new ConnectionManager({ engine, rtc, iceServers: config.iceServers, log: log.child('connect') });
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
    const discovery = config.mdns
      ? new MdnsDiscovery({ identity, name, role: engine.role, port, log: log.child('mdns') })
      : undefined;

    const backend = new Backend(config, log, identity, store, engine, signalling, port, connections, discovery, windowRtc, files);
    late.backend = backend;
    engine.onDidUnlink.on((peerId) => connections.noteLinkClosed(peerId));
    discovery?.onDidSeePeer.on((hint) => {
      engine.notePeerHint(hint);
      connections.noteHint(hint);
    });
    engine.onDidLearnPresence.on((record) => connections.noteHint({ ...record, present: true, news: true }));
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
    log.info('started', { name, peerId: identity.peerId, port, dataDir: config.dataDir, mdns: config.mdns, role: engine.role });
    return backend;
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
      this.connections.stop();
      await this.files.stop();
      this.engine.stop();
      await this.discovery?.stop();
      await this.signalling.close();
      this.store.close();
      this.log.info('stopped');
    })();
    return this.stopping;
  }
}
