import { createWriteStream, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Engine } from '../../core/engine';
import type { Identity } from '../../core/identity';
import type { Logger } from '../../core/platform';
import { LOAD_BAND_PERCENT, loadPercent, type RelayLoad } from '../../core/super-peer';
import type { RelayStatus } from '../../core/super-peer-info';
import type { RelayLimits } from './limits';
import { RelayServer } from './server';

export interface SuperPeerServiceInit {
  identity: Identity;
  limits: RelayLimits;
  log: Logger;
  /** `--relay-capture`: where every relayed payload is appended. */
  capturePath?: string;
}

/** How often the load is looked at; it is re-signed into presence only when its band moved. */
const LOAD_REVIEW_MS = 15_000;
/** The capture is an audit aid: past this much unwritten, payloads are skipped rather than held. */
const CAPTURE_BUFFER_LIMIT = 8 * 1024 * 1024;

/**
 * What `--super` adds to a node: the relay on the signalling port, its load in
 * the node's signed presence record, and the optional capture file.
 * (Store-and-forward and the directory join here in a later version.)
 */
export class SuperPeerService {
  readonly relay: RelayServer;
  private readonly capture: WriteStream | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private advertisedBand: number | undefined;

  constructor(private readonly init: SuperPeerServiceInit) {
    this.capture = init.capturePath ? createWriteStream(init.capturePath, { flags: 'a', mode: 0o600 }) : undefined;
    this.capture?.on('error', (error) => init.log.warn('relay capture failed', { error: error.message }));
    this.relay = new RelayServer({
      identity: init.identity,
      limits: init.limits,
      log: init.log,
      capture: this.capture && ((payload) => this.record(payload)),
    });
    if (init.capturePath) init.log.warn('recording every relayed payload', { file: init.capturePath });
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

  /** Advertises the relay in the engine's presence record now, and again whenever its load band changes. */
  start(engine: Engine): void {
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

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.relay.close();
    const capture = this.capture;
    if (capture) await new Promise<void>((resolve) => capture.end(resolve));
    this.init.log.info('relay stopped', { ...this.relay.snapshot() });
  }
}
