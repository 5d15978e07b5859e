import { chmodSync, mkdirSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../core/api/contract';
import { ApiServer, type ApiHandlers } from '../core/api/rpc';
import { Engine } from '../core/engine';
import { Emitter } from '../core/events';
import { LanlineError } from '../core/errors';
import type { Identity } from '../core/identity';
import { DEFAULT_DISPLAY_NAME, type Status } from '../core/model';
import type { Logger, Platform } from '../core/platform';
import type { RtcHost } from '../core/rtc/host';
import { APP_VERSION, type Config } from './config';
import { ConnectionManager } from './connections';
import { MdnsDiscovery } from './discovery/mdns';
import { loadOrCreateIdentity } from './identity-file';
import { createLogger, nodePlatform } from './platform';
import { WindowRtcHost, type WindowChannel } from './rtc/window-rtc-host';
import { createWrtcHost } from './rtc/wrtc-host';
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

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
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
  readonly windowRtc: WindowRtcHost | undefined;
  private readonly startedAt = Date.now();
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly config: Config,
    readonly log: Logger,
    readonly identity: Identity,
    readonly store: SqliteStore,
    readonly engine: Engine,
    private readonly signalling: SignallingServer,
    readonly signallingPort: number,
    private readonly connections: ConnectionManager,
    private readonly discovery: MdnsDiscovery | undefined,
    windowRtc: WindowRtcHost | undefined,
  ) {
    this.windowRtc = windowRtc;
    this.api = new ApiServer(this.handlers(), (method, error) =>
      log.error('call failed', { method, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
    engine.onDidChangePeers.on((peers) => this.emit('peers.changed', peers));
    engine.onDidChangeMessage.on((message) => this.emit('message.changed', message));
  }

  static async start(config: Config, options: { rtc: RtcMode; log?: Logger }): Promise<Backend> {
    const log = options.log ?? createLogger({ level: config.logLevel, json: config.logJson });
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(config.dataDir, 0o700);
    const platform: Platform = nodePlatform(log);
    const identity = loadOrCreateIdentity(config.dataDir, platform);
    const store = new SqliteStore(join(config.dataDir, 'lanline.db'));
    const name = store.getSetting('name') ?? config.name ?? DEFAULT_DISPLAY_NAME;
    if (config.name && !store.getSetting('name')) store.setSetting('name', config.name);
    const role = config.role ?? 'basic';
    const engine = new Engine({ identity, platform: { ...platform, log: log.child('engine') }, store, name, role });

    const windowRtc = options.rtc === 'window' ? new WindowRtcHost() : undefined;
    const rtc: RtcHost = windowRtc ?? (await createWrtcHost());

    const connections = new ConnectionManager({ engine, rtc, iceServers: config.iceServers, log: log.child('connect') });
    const signalling = new SignallingServer((offer, from) => connections.handleOffer(offer, from), log.child('signal'));
    const port = await signalling.listen(config.signallingPort, config.host).catch((error: NodeJS.ErrnoException) => {
      store.close();
      throw new LanlineError(
        'invalid-input',
        error.code === 'EADDRINUSE'
          ? `Port ${config.signallingPort} is already in use; pick another with --port.`
          : error.message,
      );
    });
    const discovery = config.mdns ? new MdnsDiscovery({ identity, name, role, port, log: log.child('mdns') }) : undefined;

    const backend = new Backend(config, log, identity, store, engine, signalling, port, connections, discovery, windowRtc);
    engine.onDidUnlink.on((peerId) => connections.noteLinkClosed(peerId));
    discovery?.onDidSeePeer.on((hint) => {
      engine.notePeerHint(hint);
      connections.noteHint(hint);
    });
    engine.startHeartbeat();
    discovery?.start();
    for (const address of config.peers) connections.addStaticPeer(address);
    log.info('started', { name, peerId: identity.peerId, port, dataDir: config.dataDir, mdns: config.mdns });
    return backend;
  }

  status(): Status {
    return {
      peerId: this.identity.peerId,
      name: this.engine.name,
      role: this.engine.role,
      version: APP_VERSION,
      dataDir: this.config.dataDir,
      signallingPort: this.signallingPort,
      addresses: lanAddresses(),
      startedAt: this.startedAt,
      mdns: this.discovery !== undefined,
      uiAttached: this.windowRtc?.available ?? false,
    };
  }

  private emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.onEvent.fire({ name, payload } as BackendEvent);
  }

  private handlers(): ApiHandlers<CallContext> {
    const needWindow = (ctx: CallContext): WindowChannel => {
      if (!ctx.window || !this.windowRtc) throw new LanlineError('unauthorized', 'only a Lanline window may do this');
      return ctx.window;
    };
    return {
      'status.get': () => this.status(),
      'profile.setName': ({ name }) => {
        this.engine.setName(name);
        this.store.setSetting('name', name);
        this.discovery?.update(name, this.engine.role);
        const status = this.status();
        this.emit('status.changed', status);
        return status;
      },
      'peers.list': () => this.engine.listPeers(),
      'peers.add': async ({ address }) => {
        const peerId = await this.connections.dial(address);
        this.connections.addStaticPeer(address);
        return this.engine.getPeer(peerId)!;
      },
      'messages.list': ({ with: peerId, limit }) => this.engine.listMessages(peerId, { limit }),
      'messages.send': ({ to, text }) => this.engine.send(to, text),
      'rtc.attach': (_input, ctx) => {
        this.windowRtc!.attach(needWindow(ctx));
        this.emit('status.changed', this.status());
        this.connections.retryNow();
        return { attached: true };
      },
      'rtc.respond': (reply, ctx) => {
        this.windowRtc!.respond(needWindow(ctx), reply);
        return {};
      },
      'rtc.state': ({ linkId, state }, ctx) => {
        this.windowRtc!.setState(needWindow(ctx), linkId, state);
        return {};
      },
    };
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
      this.connections.stop();
      this.engine.stop();
      await this.discovery?.stop();
      await this.signalling.close();
      this.store.close();
      this.log.info('stopped');
    })();
    return this.stopping;
  }
}
