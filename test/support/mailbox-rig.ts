import { join } from 'node:path';
import { DirectoryService } from '../../src/core/directory/directory-service';
import { Engine } from '../../src/core/engine';
import { generateSecretKey, identityFromSecretKey, type Identity, type PeerId } from '../../src/core/identity';
import { Link } from '../../src/core/link';
import { MailboxLimitsSchema, type MailboxLimitsInput } from '../../src/core/mailbox/limits';
import { Mailbox } from '../../src/core/mailbox/mailbox';
import { directKey, newMessageId, sealEnvelope } from '../../src/core/messaging/envelope';
import type { Platform } from '../../src/core/platform';
import type { Envelope, Frame } from '../../src/core/wire/frames';
import { nodePlatform } from '../../src/main/platform';
import { SqliteStore } from '../../src/main/store/sqlite-store';
import { recordingLogger, tempDir } from './backends';
import { wrtcPipePair } from './wrtc-pair';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
export const newIdentity = (): Identity => identityFromSecretKey(generateSecretKey(random));

/**
 * A super peer (a real engine on a real SQLite file, serving a mailbox and a
 * directory), and clients joined to it by real data channels: whole engines
 * that deposit and fetch on their own, or raw links that send whatever frames
 * a test hands them. `clock.skew` moves the super peer's clock (expiry).
 */
export function mailboxRig() {
  const cleanup: Array<() => void> = [];
  const clock = { skew: 0 };
  const stores = new Map<Engine, SqliteStore>();

  const engineAt = (name: string, platform: Platform, path?: string) => {
    const dir = path ? undefined : tempDir();
    const store = new SqliteStore(path ?? join(dir!.path, 'lanline.db'));
    const engine = new Engine({ identity: newIdentity(), platform, store, name, role: 'basic' });
    stores.set(engine, store);
    cleanup.push(() => {
      engine.stop();
      store.close();
      dir?.remove();
    });
    return { engine, store, dataDir: dir?.path };
  };

  function superPeer(limits: MailboxLimitsInput = {}) {
    const log = recordingLogger('debug');
    const base = nodePlatform(log);
    const platform: Platform = { ...base, clock: { now: () => Date.now() + clock.skew } };
    const { engine, store, dataDir } = engineAt('Super', platform);
    const mailbox = new Mailbox({
      identity: engine.identity,
      platform,
      store: store.mailbox,
      limits: MailboxLimitsSchema.parse(limits),
      linkTo: (peer) => engine.linkTo(peer),
      superPeerLinks: () => engine.superPeers.linked(),
      isSuperPeer: (peer) => engine.superPeers.isSuperPeer(peer),
    });
    const directory = new DirectoryService({
      platform,
      directory: engine.superPeers.directory,
      records: () => engine.liveRecords(),
      superPeerLinks: () => engine.superPeers.linked(),
    });
    engine.superPeers.serve({ mailbox, directory });
    engine.setRelayLoad({ clients: 0, circuits: 0, maxClients: 100, maxCircuits: 100 });
    return { engine, store, mailbox, log, dataDir: dataDir! };
  }

  function client(name: string) {
    return engineAt(name, nodePlatform(recordingLogger('warn'))).engine;
  }

  /** Joins two engines by a real data channel; both hellos verify before this resolves. */
  async function join2(a: Engine, b: Engine): Promise<() => void> {
    const pair = await wrtcPipePair();
    await Promise.all([a.attach(pair.a, b.identity.peerId), b.attach(pair.b, a.identity.peerId)]);
    const close = () => pair.close();
    cleanup.unshift(close);
    return close;
  }

  /** A peer with a genuine identity and link that writes raw frames and records what comes back. */
  async function rogue(to: Engine, identity: Identity = newIdentity()) {
    const pair = await wrtcPipePair();
    const link = new Link(pair.b, {
      identity,
      platform: nodePlatform(recordingLogger('warn')),
      localName: 'Rogue',
      localRole: 'basic',
      expectedPeer: to.identity.peerId,
    });
    const frames: Frame[] = [];
    link.onDidReceiveFrame.on((f) => frames.push(f));
    const closed = new Promise<void>((resolve) => link.onDidClose.on(() => resolve()));
    await Promise.all([to.attach(pair.a, identity.peerId), link.open()]);
    cleanup.unshift(() => pair.close());
    return {
      identity,
      link,
      frames,
      closed,
      of: <T extends Frame['t']>(t: T) => frames.filter((f) => f.t === t) as Array<Extract<Frame, { t: T }>>,
    };
  }

  return {
    clock,
    superPeer,
    client,
    join: join2,
    rogue,
    storeOf: (engine: Engine) => stores.get(engine)!,
    stopAll() {
      for (const undo of cleanup.splice(0)) undo();
      clock.skew = 0;
    },
  };
}

/** A direct message from `author` to `to`, sealed under their pair's key and signed. */
export function directEnvelope(author: Identity, to: PeerId, text: string, seq = 1, at = Date.now()): Envelope {
  return sealEnvelope(
    author,
    directKey(author, to),
    { id: newMessageId(random), to, seq, at, deps: [] },
    { k: 'text', text },
    random,
  );
}
