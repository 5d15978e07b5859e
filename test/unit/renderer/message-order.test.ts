import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/core/model';
import { uiMessage } from './ui-message';
import { compareMessages, mergeMessages, upsertMessage } from '../../../src/renderer/src/conversation/message-order';

const msg = (id: string, sentAt: number, extra: Partial<Message> = {}): Message =>
  uiMessage({ id, conversation: 'c', sentAt, state: 'sent', ...extra });

describe('message order in the window', () => {
  it('inserts in order and replaces a copy by id, never moving a state backwards', () => {
    let list = [msg('a', 1), msg('c', 3)];
    list = upsertMessage(list, msg('b', 2));
    expect(list.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    list = upsertMessage(list, msg('b', 2, { state: 'delivered' }));
    list = upsertMessage(list, msg('b', 2, { state: 'sent' }));
    expect(list.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(list[1]!.state).toBe('delivered');
    list = upsertMessage(list, msg('b', 2, { readAt: 9 }));
    list = upsertMessage(list, msg('b', 2, { state: 'delivered' }));
    expect(list[1]!.readAt).toBe(9);
  });

  it('merges a page with what is held, in order, without duplicates', () => {
    const held = [msg('d', 4), msg('e', 5, { state: 'delivered' })];
    const merged = mergeMessages([msg('e', 5), msg('a', 1), msg('c', 3)], held);
    expect(merged.map((m) => m.id)).toEqual(['a', 'c', 'd', 'e']);
    expect(merged[3]!.state).toBe('delivered');
  });

  it('keeps 100,000 messages sorted as they arrive, quickly', () => {
    let list = Array.from({ length: 100_000 }, (_, i) => msg(`m${String(i).padStart(6, '0')}`, i * 10));
    const started = performance.now();
    for (let i = 0; i < 50; i++) list = upsertMessage(list, msg(`n${i}`, 1_000_000 + i));
    list = upsertMessage(list, msg('late', 55));
    expect(performance.now() - started).toBeLessThan(500);
    expect(list).toHaveLength(100_051);
    expect(list.every((m, i) => i === 0 || compareMessages(list[i - 1]!, m) < 0)).toBe(true);
  });
});

describe('copies of a changed message', () => {
  it('take the newest edit and reactions, never undo a deletion, and let group receipts only grow', () => {
    let list = [msg('a', 1, { text: 'first' })];
    list = upsertMessage(list, msg('a', 1, { text: 'second', editedAt: 5, reactions: [{ emoji: '👍', by: ['x'] }] }));
    // An older copy (a call's late answer) does not bring the old text back; reactions are the latest word.
    list = upsertMessage(list, msg('a', 1, { text: 'first', reactions: [] }));
    expect(list[0]).toMatchObject({ text: 'second', editedAt: 5, reactions: [] });
    list = upsertMessage(list, msg('a', 1, { text: '', deleted: true }));
    list = upsertMessage(list, msg('a', 1, { text: 'second', editedAt: 5 }));
    expect(list[0]).toMatchObject({ text: '', deleted: true });

    let group = [msg('g', 1, { receipts: { delivered: 2, read: 1, of: 3 } })];
    group = upsertMessage(group, msg('g', 1, { receipts: { delivered: 1, read: 0, of: 3 } }));
    expect(group[0]!.receipts).toEqual({ delivered: 2, read: 1, of: 3 });
    group = upsertMessage(group, msg('g', 1, { receipts: { delivered: 3, read: 1, of: 3 } }));
    expect(group[0]!.receipts).toEqual({ delivered: 3, read: 1, of: 3 });
  });
});
