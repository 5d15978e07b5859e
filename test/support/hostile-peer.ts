import { join } from 'node:path';
import { utf8 } from '../../src/core/bytes';
import { Engine } from '../../src/core/engine';
import { generateSecretKey, identityFromSecretKey, type Identity } from '../../src/core/identity';
import { Link } from '../../src/core/link';
import type { Content } from '../../src/core/messaging/content';
import type { MessagingTiming } from '../../src/core/messaging/context';
import { directKey, newMessageId, sealEnvelope } from '../../src/core/messaging/envelope';
import type { Pipe } from '../../src/core/pipe';
import type { Envelope } from '../../src/core/wire/frames';
import { nodePlatform } from '../../src/main/platform';
import { SqliteStore } from '../../src/main/store/sqlite-store';
import { recordingLogger, tempDir } from './backends';
import { wrtcPipePair } from './wrtc-pair';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/**
 * A real engine (the victim, on a real SQLite file) and a peer that completes
 * a genuine handshake over a real data channel, then writes whatever frames a
 * test hands it: a hostile peer, or one whose messages arrive out of order.
 */
export async function startHostilePeer(options: { timing?: Partial<MessagingTiming> } = {}) {
  const dir = tempDir();
  const log = recordingLogger('warn');
  const platform = nodePlatform(log);
  const store = new SqliteStore(join(dir.path, 'lanline.db'));
  const engine = new Engine({
    identity: identityFromSecretKey(generateSecretKey(platform.randomBytes)),
    platform,
    store,
    name: 'Victim',
    role: 'basic',
    messagingTiming: options.timing,
  });
  const rogue = identityFromSecretKey(generateSecretKey(platform.randomBytes));
  const pair = await wrtcPipePair();
  const pipe: Pipe = pair.b;
  const received: Uint8Array[] = [];
  pipe.onDidReceive((data) => received.push(data));
  const link = new Link(pipe, {
    identity: rogue,
    platform: nodePlatform(recordingLogger()),
    localName: 'Rogue',
    localRole: 'basic',
    expectedPeer: engine.identity.peerId,
  });
  await Promise.all([engine.attach(pair.a, rogue.peerId), link.open()]);
  const seqs = new Map<string, number>();

  return {
    engine,
    store,
    log,
    rogue,
    link,
    pipe,
    received,
    /** A direct message to the victim, sealed and signed by `author` (the rogue unless told), with the next sequence number. */
    envelope(
      content: Content | string,
      fields: { author?: Identity; at?: number; seq?: number; deps?: Array<[string, number]>; key?: Uint8Array } = {},
    ): Envelope {
      const author = fields.author ?? rogue;
      const seq = fields.seq ?? (seqs.get(author.peerId) ?? 0) + 1;
      seqs.set(author.peerId, Math.max(seq, seqs.get(author.peerId) ?? 0));
      const body: Content = typeof content === 'string' ? { k: 'text', text: content } : content;
      const head = {
        id: newMessageId(random),
        to: engine.identity.peerId,
        seq,
        at: fields.at ?? Date.now(),
        deps: fields.deps ?? [],
      };
      return sealEnvelope(author, fields.key ?? directKey(author, engine.identity.peerId), head, body, random);
    },
    sendRaw(value: unknown) {
      pipe.send(typeof value === 'string' ? utf8.encode(value) : (value as Uint8Array));
    },
    dropReasons(): string[] {
      return log.lines
        .map((l) => JSON.parse(l) as { msg: string; reason?: string })
        .filter((l) => l.msg === 'dropped frame')
        .map((l) => l.reason!);
    },
    stop() {
      engine.stop();
      pair.close();
      store.close();
      dir.remove();
    },
  };
}

export type HostilePeer = Awaited<ReturnType<typeof startHostilePeer>>;
