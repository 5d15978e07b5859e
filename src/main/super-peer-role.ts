import type { Engine } from '../core/engine';
import type { Logger, Platform } from '../core/platform';
import type { Config } from './config';
import type { ConnectionManager } from './connections';
import type { MdnsDiscovery } from './discovery/mdns';
import { RELAY_PATH } from './relay/protocol';
import { SuperPeerPool } from './relay/super-peers';
import { SuperPeerService } from './relay/super-peer-service';
import type { SqliteStore } from './store/sqlite-store';

export interface SuperPeerRoleInit {
  config: Config;
  engine: Engine;
  platform: Platform;
  store: SqliteStore;
  connections: ConnectionManager;
  discovery: MdnsDiscovery | undefined;
  log: Logger;
}

/**
 * The two sides a node can be on, switched at runtime: while it serves as a
 * super peer (`--super`, or the role pinned to super or infrastructure) it
 * runs the relay, mailbox and directory and does not use other super peers'
 * relays; otherwise it uses them through a SuperPeerPool. Exactly one of
 * `service` and `pool` is set once `apply` has run. The desktop app's "act as
 * super peer" is this switch: no restart.
 */
export class SuperPeerRole {
  service: SuperPeerService | undefined;
  pool: SuperPeerPool | undefined;
  private switching: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly init: SuperPeerRoleInit) {}

  /** Starts or stops the services to match `wanted`. Calls are serialised, so toggling quickly cannot start two of anything. */
  apply(wanted: boolean): Promise<void> {
    this.switching = this.switching.then(async () => {
      if (this.stopped) return;
      if (wanted && !this.service) this.startService();
      else if (!wanted && this.service) await this.stopService();
      else if (!wanted && !this.pool) this.startPool();
    });
    return this.switching;
  }

  private startService(): void {
    const { config, engine, store, connections, discovery, log } = this.init;
    this.pool?.stop();
    this.pool = undefined;
    connections.setRelay(undefined);
    this.service = new SuperPeerService({
      engine,
      platform: this.init.platform,
      limits: config.relay,
      mailboxLimits: config.mailbox,
      mailboxStore: store.mailbox,
      log: log.child('relay'),
      capturePath: config.relayCapture,
    });
    this.service.start();
    // Super peers keep an overlay of links among themselves; configured ones are dialled like peers.
    for (const address of config.superPeers) connections.addAddress(address);
    discovery?.update(engine.name, engine.role, true);
    log.info('serving as a super peer', { relay: RELAY_PATH, mailbox: true, directory: true });
  }

  private async stopService(): Promise<void> {
    const service = this.service!;
    this.service = undefined;
    await service.close();
    this.init.discovery?.update(this.init.engine.name, this.init.engine.role, false);
    this.init.log.info('no longer serving as a super peer');
    this.startPool();
  }

  private startPool(): void {
    const { config, engine, connections, log } = this.init;
    const pool = new SuperPeerPool({ identity: engine.identity, log: log.child('super-peers') });
    this.pool = pool;
    pool.onDidReceiveCircuit.on((circuit) => connections.acceptCircuit(circuit));
    for (const address of config.superPeers) pool.noteSuperPeer({ addresses: [address], source: 'config' });
    for (const record of engine.liveRecords())
      if (record.relay)
        pool.noteSuperPeer({ peerId: record.peerId, addresses: record.addresses, load: record.relay, source: 'gossip' });
    connections.setRelay(pool);
    pool.start();
  }

  /** Relay clients are told first, so they move to another super peer at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.switching;
    this.pool?.stop();
  }

  async closeService(): Promise<void> {
    await this.service?.close();
  }
}
