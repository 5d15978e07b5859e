import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredMessage } from '../../src/core/store';
import { textRow } from '../../test/support/rows';
import { SqliteStore } from '../../src/main/store/sqlite-store';
import { percentiles } from '../stats';

/** A deterministic generator, so every run stores and searches the same history. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const random = prng(42);
const syllables = ['ka', 'lo', 'mi', 're', 'su', 'ta', 'ne', 'po', 'vi', 'da', 'ri', 'mo', 'shi', 'len', 'tor', 'gan'];
const vocabulary = Array.from({ length: 5000 }, () =>
  Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join(''),
);
/** Zipf-like: a few words are everywhere, most are rare, as in real chat. */
const word = () => vocabulary[Math.floor(vocabulary.length * random() ** 3)]!;
const sentence = () => Array.from({ length: 4 + Math.floor(random() * 12) }, word).join(' ');

let counter = 0;
function message(conversation: string, sentAt: number): StoredMessage {
  const id = (counter++).toString(32).padStart(26, 'a');
  return textRow({ id, conversation, text: sentence(), sentAt });
}

function timed<T>(run: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = run();
  return { ms: performance.now() - started, value };
}

/**
 * Store throughput and the reads a person waits for, on a real file with the
 * FTS index and its triggers: sustained batched inserts, single fsync'd
 * inserts (the baseline), and opening, paging and searching a history of
 * `total` messages over 100 conversations.
 */
export function storeBench(total: number) {
  const dir = mkdtempSync(join(tmpdir(), 'lanline-bench-store-'));
  const store = new SqliteStore(join(dir, 'lanline.db'));
  try {
    const single = timed(() => {
      for (let i = 0; i < 1000; i++) store.insertMessage(message('warmup', i));
    });
    const batch = 5000;
    const conversations = 100;
    let t = 1_700_000_000_000;
    const inserting = timed(() => {
      for (let done = 0; done < total; done += batch) {
        store.insertMessages(Array.from({ length: batch }, () => message(`c${Math.floor(random() * conversations)}`, (t += 50))));
      }
    });
    const open = Array.from({ length: 50 }, (_, i) => timed(() => store.listMessages(`c${i % conversations}`, { limit: 50 })).ms);
    const page = Array.from({ length: 50 }, (_, i) => {
      const latest = store.listMessages(`c${i % conversations}`, { limit: 50 });
      return timed(() => store.listMessages(`c${i % conversations}`, { limit: 50, before: latest[0]! })).ms;
    });
    const queries = [
      vocabulary[0]!,
      vocabulary[10]!,
      vocabulary[500]!,
      vocabulary[4000]!,
      `${vocabulary[3]} ${vocabulary[40]}`,
      vocabulary[1]!.slice(0, 3),
    ];
    const search = queries.flatMap((q) =>
      Array.from({ length: 5 }, () => timed(() => store.searchMessages(q, { limit: 50 })).ms),
    );
    const searchIn = queries.map((q) => timed(() => store.searchMessages(q, { conversation: 'c7', limit: 50 })).ms);
    return {
      messages: total,
      singleFsyncInsertsPerSecond: Math.round(1000 / (single.ms / 1000)),
      batchedInsertsPerSecond: Math.round(total / (inserting.ms / 1000)),
      openConversationMs: percentiles(open),
      pageBackMs: percentiles(page),
      searchAllMs: percentiles(search),
      searchInConversationMs: percentiles(searchIn),
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
