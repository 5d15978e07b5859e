import { createWriteStream, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { DirectoryService } from '../../core/directory/directory-service';
import type { Engine } from '../../core/engine';
import type { MailboxLimits } from '../../core/mailbox/limits';
import { Mailbox } from '../../core/mailbox/mailbox';
import type { MailboxStore } from '../../core/mailbox/store';
import type { Logger, Platform } from '../../core/platform';
import { LOAD_BAND_PERCENT, loadPercent, type RelayLoad } from '../../core/super-peer';
import type { MailboxStatus, RelayStatus } from '../../core/super-peer-info';
import type { RelayLimits } from './limits';
import { RelayServer } from './server';

export interface SuperPeerServiceInit {
  engine: Engine;
  platform: Platform;
  limits: RelayLimits;
  mailboxLimits: MailboxLimits;
  /** The node's own database: the mailbox is a table in it. */
  mailboxStore: MailboxStore;
  log: Logger;
  /** `--relay-capture`: where every relayed payload is appended. */
  capturePath?: string;
}

/** How often the load is looked at; it is re-signed into presence only when its band moved. */
const LOAD_REVIEW_MS = 15_000;
/** The capture is an audit aid: past this much unwritten, payloads are skipped rather than held. */
const CAPTURE_BUFFER_LIMIT = 8 * 1024 * 1024;

/**
 * What acting as a super peer adds to a node (docs/SUPER-PEERS.md): the
 * relay on the signalling port, its load in the node's signed presence
 * record, the mailbox (store-and-forward) and the directory over verified
 * links, and the optional capture file. It starts and stops at runtime, so
 * the desktop app's "act as super peer" needs no restart.
 */
export class SuperPeerService {
  readonly relay: RelayServer;
  readonly mailbox: Mailbox;
  private readonly directory: DirectoryService;
  private readonly capture: WriteStream | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private advertisedBand: number | undefined;

  constructor(private readonly init: SuperPeerServiceInit) {
    const { engine, platform, log } = init;
    this.capture = init.capturePath ? createWriteStream(init.capturePath, { flags: 'a', mode: 0o600 }) : undefined;
    this.capture?.on('error', (error) => log.warn('relay capture failed', { error: error.message }));
    this.relay = new RelayServer({
      identity: engine.identity,
      limits: init.limits,
      log,
      capture: this.capture && ((payload) => this.record(payload)),
    });
    if (init.capturePath) log.warn('recording every relayed payload', { file: init.capturePath });
    const superPeerLinks = () => engine.superPeers.linked();
    this.mailbox = new Mailbox({
      identity: engine.identity,
      platform: { ...platform, log: log.child('mailbox') },
      store: init.mailboxStore,
      limits: init.mailboxLimits,
      linkTo: (peer) => engine.linkTo(peer),
      superPeerLinks,
      isSuperPeer: (peer) => engine.superPeers.isSuperPeer(peer),
    });
    this.directory = new DirectoryService({
      platform,
      directory: engine.superPeers.directory,
      records: () => engine.liveRecords(),
      superPeerLinks,
    });
  }

  /** Length-prefixed, so the file can be read back frame by frame. */
  private record(payload: Uint8Array): void {
    const capture = this.capture!;
    if (capture.writableLength > CAPTURE_BUFFER_LIMIT) return;
    const entry = Buffer.allocUnsafe(4 + payload.length);
    entry.writeUInt32BE(payload.length, 0);
    entry.set(payload, 4);
    capture.write(entry);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.relay.handleUpgrade(req, socket, head);
  }

  load(): RelayLoad {
    return this.relay.load();
  }

  status(): RelayStatus {
    return this.relay.snapshot();
  }

  mailboxStatus(): MailboxStatus {
    return this.mailbox.status();
  }

  /** Serves the mailbox and directory, and advertises the relay in the engine's presence record now and whenever its load band changes. */
  start(): void {
    const { engine } = this.init;
    engine.superPeers.serve({ mailbox: this.mailbox, directory: this.directory });
    const advertise = () => {
      const load = this.relay.load();
      const band = Math.floor(loadPercent(load) / LOAD_BAND_PERCENT);
      if (band === this.advertisedBand) return;
      this.advertisedBand = band;
      engine.setRelayLoad(load);
    };
    advertise();
    this.timer = setInterval(advertise, LOAD_REVIEW_MS);
    this.timer.unref?.();
  }

  /** Tells relay clients first (they move at once), then stops serving; the mailbox stays on disk. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.relay.close();
    this.init.engine.superPeers.serve(undefined);
    // No longer a super peer: our next presence record says so, and clients stop counting on us.
    this.init.engine.setRelayLoad(undefined);
    const capture = this.capture;
    if (capture) await new Promise<void>((resolve) => capture.end(resolve));
    this.init.log.info('relay stopped', { ...this.relay.snapshot() });
  }
}
