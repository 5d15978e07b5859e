import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { generateSecretKey, identityFromSecretKey } from '../../src/core/identity';
import type { StoredMessage } from '../../src/core/store';
import { textRow } from './rows';
import { SqliteStore } from '../../src/main/store/sqlite-store';

/** A deterministic generator, so every run writes the same history. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const LINES = [
  'Morning! Did the build go green overnight?',
  'Yes, all 412 tests passed. The flaky one too :tada:',
  'Can you look at https://intranet.example/wiki/Release_checklist before lunch?',
  'Sure. The `npm run dist` step still needs the signing key.',
  'ok',
  'On my way :coffee:',
  'Here is the config I use:\n```json\n{ "port": 47000, "mdns": true }\n```',
  'I think the printer on floor 3 is out of toner again. Facilities said they would send someone but nobody has come by yet, so I ordered a cartridge myself.',
  'Thanks!',
  '👍',
  'Meeting moved to 15:30, same room.',
  'Line one\nline two\nline three',
];

export interface SeededConversation {
  peerId: string;
  peerName: string;
  messages: number;
  /** The id of the newest message, which the view opens on. */
  newestId: string;
}

export interface SeededHistory extends SeededConversation {
  selfPeerId: string;
  /** Every conversation written, the first one also spread into the fields above. */
  conversations: SeededConversation[];
}

/**
 * Writes a data folder with an identity and one conversation per entry of
 * `conversations` (by default one of `count` messages with Grace Hopper),
 * straight into the real SQLite store, as if exchanged over months: a few
 * minutes apart with longer pauses, both directions, all delivered and read.
 * A backend started on the folder afterwards opens it like any other.
 */
export function seedHistory(
  dataDir: string,
  options: {
    count?: number;
    conversations?: Array<{ peerName: string; count: number }>;
    selfName?: string;
    endAt?: number;
    seed?: number;
    /**
     * The first conversation's newest `count` messages, written as Grace's and
     * held by the ordering buffer since `since` (as if they had arrived before
     * ones they follow): the backend shows them once its bounded wait runs out.
     */
    held?: { count: number; since: number };
  },
): SeededHistory {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const selfKey = generateSecretKey((n) => new Uint8Array(randomBytes(n)));
  writeFileSync(join(dataDir, 'identity.key'), `${bytesToHex(selfKey)}\n`, { mode: 0o600 });
  const self = identityFromSecretKey(selfKey).peerId;
  const wanted = options.conversations ?? [{ peerName: 'Grace Hopper', count: options.count ?? 100 }];
  const random = prng(options.seed ?? 7);
  const store = new SqliteStore(join(dataDir, 'lanline.db'));
  const written: SeededConversation[] = [];
  try {
    if (options.selfName) store.setSetting('name', options.selfName);
    const endAt = options.endAt ?? Date.now() - 60_000;
    wanted.forEach(({ peerName, count }, n) => {
      const peer = identityFromSecretKey(generateSecretKey((k) => new Uint8Array(randomBytes(k)))).peerId;
      store.upsertPeer({ peerId: peer, name: peerName, role: 'basic', addresses: [], lastSeenAt: endAt, avatar: null });
      writeConversation(store, {
        self,
        peer,
        count,
        endAt: endAt - n * 3600_000,
        random,
        prefix: n === 0 ? 'seed' : `seed${n}-`,
        held: n === 0 ? options.held : undefined,
      });
      written.push({ peerId: peer, peerName, messages: count, newestId: messageId(n === 0 ? 'seed' : `seed${n}-`, count - 1) });
    });
  } finally {
    store.close();
  }
  return { selfPeerId: self, ...written[0]!, conversations: written };
}

function messageId(prefix: string, i: number): string {
  return `${prefix}${String(i).padStart(9, '0')}`;
}

/** One conversation, oldest first, written in batches of 5,000 (one transaction each). */
function writeConversation(
  store: SqliteStore,
  options: {
    self: string;
    peer: string;
    count: number;
    endAt: number;
    random: () => number;
    prefix: string;
    held?: { count: number; since: number };
  },
): void {
  const { self, peer, count, random } = options;
  // Work backwards from endAt so the newest message is recent.
  const times: number[] = [];
  let t = options.endAt;
  for (let i = 0; i < count; i++) {
    times.push(t);
    t -= random() < 0.9 ? 20_000 + random() * 240_000 : 2 * 3600_000 + random() * 20 * 3600_000;
  }
  times.reverse();
  const batch: StoredMessage[] = [];
  const flush = () => {
    store.insertMessages(batch);
    batch.length = 0;
  };
  const heldFrom = count - (options.held?.count ?? 0);
  for (let i = 0; i < count; i++) {
    const sentAt = Math.round(times[i]!);
    if (i >= heldFrom) {
      // Held rows carry an envelope the buffer can read: no sequence, no dependencies, so ready once looked at again.
      batch.push(
        textRow({
          id: messageId(options.prefix, i),
          conversation: peer,
          from: peer,
          to: self,
          text: `Held back ${i - heldFrom + 1} of ${options.held!.count}`,
          sentAt,
          heldSince: options.held!.since,
          envelope: JSON.stringify({ from: peer, seq: 0, deps: [] }),
        }),
      );
      continue;
    }
    const outgoing = random() < 0.45;
    batch.push(
      textRow({
        id: messageId(options.prefix, i),
        conversation: peer,
        from: outgoing ? self : peer,
        to: outgoing ? peer : self,
        text: `${LINES[Math.floor(random() * LINES.length)]}${random() < 0.1 ? ` (#${i})` : ''}`,
        sentAt,
        state: outgoing ? 'delivered' : 'received',
        outgoing,
        readAt: sentAt + 1000,
      }),
    );
    if (batch.length === 5000) flush();
  }
  flush();
}
