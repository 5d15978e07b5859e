import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/core/model';
import { uiMessage } from './ui-message';
import { buildRows, continuesGroup, estimateRowHeight, GROUP_GAP_MS } from '../../../src/renderer/src/conversation/message-rows';

const ADA = 'a'.repeat(52);
const BOB = 'b'.repeat(52);
let n = 0;
function message(from: string, sentAt: number, text = 'hi'): Message {
  const outgoing = from === ADA;
  return uiMessage({
    id: `m${n++}`,
    conversation: BOB,
    from,
    to: outgoing ? BOB : ADA,
    text,
    sentAt,
    state: outgoing ? 'delivered' : 'received',
    outgoing,
  });
}

const noon = new Date(2026, 2, 10, 12, 0).getTime();
const minute = 60_000;

describe('message rows', () => {
  it('run messages by one author a few minutes apart into one group, and break on author or pause', () => {
    const list = [
      message(BOB, noon),
      message(BOB, noon + minute),
      message(BOB, noon + 2 * minute),
      message(ADA, noon + 3 * minute),
      message(ADA, noon + 3 * minute + GROUP_GAP_MS),
    ];
    const rows = buildRows(list, noon);
    const shape = rows.map((row) =>
      row.kind === 'day' ? 'day' : `${row.startsGroup ? '[' : ''}${row.key}${row.endsGroup ? ']' : ''}`,
    );
    const [a, b, c, d, e] = list.map((m) => m.id);
    expect(shape).toEqual(['day', `[${a}`, b, `${c}]`, `[${d}]`, `[${e}]`]);
  });

  it('put a divider before each day, labelled Today and Yesterday', () => {
    const yesterdayLate = new Date(2026, 2, 9, 23, 58).getTime();
    const todayEarly = new Date(2026, 2, 10, 0, 1).getTime();
    const rows = buildRows([message(BOB, yesterdayLate), message(BOB, todayEarly)], noon);
    expect(rows.map((row) => row.kind)).toEqual(['day', 'message', 'day', 'message']);
    expect(rows.filter((row) => row.kind === 'day').map((row) => row.kind === 'day' && row.label)).toEqual([
      'Yesterday',
      'Today',
    ]);
    // Three minutes apart, but across midnight: a new group under the new day.
    const last = rows[3]!;
    expect(last.kind === 'message' && last.startsGroup).toBe(true);
  });

  it('never group a message that sorts after one written later (a skewed clock)', () => {
    expect(continuesGroup(message(BOB, noon), message(BOB, noon - minute))).toBe(false);
    expect(continuesGroup(undefined, message(BOB, noon))).toBe(false);
  });

  it('give every row a unique key', () => {
    const list = Array.from({ length: 500 }, (_, i) => message(i % 3 ? ADA : BOB, noon - 40 * 3600_000 + i * 7 * minute));
    const keys = buildRows(list, noon).map((row) => row.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('let a membership line stand alone: it ends the run before it and starts none', () => {
    const line = uiMessage({
      id: 'event',
      conversation: BOB,
      from: BOB,
      sentAt: noon + minute,
      outgoing: false,
      kind: 'event',
      text: '',
      event: { op: 'add', member: ADA, name: null, applied: true },
    });
    const list = [message(BOB, noon), line, message(BOB, noon + 2 * minute)];
    const shape = buildRows(list, noon).map((row) =>
      row.kind === 'day' ? 'day' : `${row.startsGroup ? '[' : ''}${row.key}${row.endsGroup ? ']' : ''}`,
    );
    expect(shape).toEqual(['day', `[${list[0]!.id}]`, '[event]', `[${list[2]!.id}]`]);
  });

  it('guess taller rows for what a bubble carries: reactions, a quote, a group author', () => {
    const plain = { kind: 'message' as const, key: 'p', startsGroup: true, endsGroup: true, message: message(BOB, noon) };
    const base = estimateRowHeight(plain, 60);
    const reacted = { ...plain, message: { ...plain.message, reactions: [{ emoji: '👍', by: [ADA] }] } };
    expect(estimateRowHeight(reacted, 60)).toBeGreaterThan(base);
    const inGroup = { ...plain, message: { ...plain.message, conversation: `g${'q'.repeat(26)}` } };
    expect(estimateRowHeight(inGroup, 60)).toBeGreaterThan(base);
    const deleted = { ...plain, message: { ...plain.message, deleted: true, text: '', reactions: [{ emoji: '👍', by: [ADA] }] } };
    expect(estimateRowHeight(deleted, 60)).toBe(base);
  });
});
