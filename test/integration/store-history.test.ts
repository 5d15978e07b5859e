import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../src/core/model';
import { SqliteStore } from '../../src/main/store/sqlite-store';
import { tempDir } from '../support/backends';
import { textRow } from '../support/rows';

/** History paging and search on a real SQLite file. */
describe('history and search', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteStore;
  let n = 0;
  const message = (conversation: string, text: string, sentAt = 1000 + n) =>
    textRow({ id: `m${String(n++).padStart(25, '0')}`, conversation, text, sentAt });

  beforeEach(() => {
    dir = tempDir();
    store = new SqliteStore(join(dir.path, 'lanline.db'));
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('pages backwards through a conversation, oldest first within a page', () => {
    const all = Array.from({ length: 25 }, (_, i) => message('c1', `message ${i}`, 10_000 + i));
    expect(store.insertMessages([...all, message('c2', 'elsewhere')])).toBe(26);
    const latest = store.listMessages('c1', { limit: 10 });
    expect(latest.map((m) => m.text)).toEqual(all.slice(15).map((m) => m.text));
    const earlier = store.listMessages('c1', { limit: 10, before: { sentAt: latest[0]!.sentAt, id: latest[0]!.id } });
    expect(earlier.map((m) => m.text)).toEqual(all.slice(5, 15).map((m) => m.text));
  });

  it('finds words by prefix, ignoring case and accents, newest first, with marked snippets', () => {
    store.insertMessages([
      message('c1', 'Lunch at the Café Royal?'),
      message('c1', 'The quarterly report is attached'),
      message('c2', 'cafe again tomorrow'),
    ]);
    const hits = store.searchMessages('CAFE', { limit: 10 });
    expect(hits.map((h) => h.message.text)).toEqual(['cafe again tomorrow', 'Lunch at the Café Royal?']);
    expect(hits[1]!.snippet).toBe(`Lunch at the ${HIGHLIGHT_START}Café${HIGHLIGHT_END} Royal?`);
    expect(store.searchMessages('quart rep', { limit: 10 }).map((h) => h.message.text)).toEqual([
      'The quarterly report is attached',
    ]);
    expect(store.searchMessages('cafe', { conversation: 'c2', limit: 10 })).toHaveLength(1);
  });

  it('treats whatever a person types as words, never as query syntax', () => {
    store.insertMessages([message('c1', 'a "quoted" NEAR(thing) OR other')]);
    for (const query of ['"', 'NEAR(', 'OR', '*', 'a AND', '-x', '^', '{col}:x'])
      expect(() => store.searchMessages(query, { limit: 5 })).not.toThrow();
    expect(store.searchMessages('"quoted"', { limit: 5 })).toHaveLength(1);
    expect(store.searchMessages('   ', { limit: 5 })).toEqual([]);
  });
});
