import { describe, expect, it } from 'vitest';
import { receiptOf } from '../../../src/renderer/src/conversation/receipt-words';
import { uiMessage } from './ui-message';

const GROUP = `g${'a'.repeat(26)}`;
const inGroup = (receipts: { delivered: number; read: number; of: number }, state: 'pending' | 'sent' | 'delivered' = 'sent') =>
  uiMessage({ id: 'm', conversation: GROUP, to: GROUP, state, receipts });

describe('receipts', () => {
  it('one to one: queued, sent, delivered, then read, which outranks the delivery state', () => {
    expect(receiptOf(uiMessage({ id: 'm', state: 'pending' }))).toMatchObject({ mark: 'clock', tone: 'pending' });
    expect(receiptOf(uiMessage({ id: 'm', state: 'sent' }))).toMatchObject({ mark: 'tick', label: 'sent' });
    expect(receiptOf(uiMessage({ id: 'm', state: 'delivered' }))).toMatchObject({ mark: 'ticks', label: 'delivered' });
    const read = receiptOf(uiMessage({ id: 'm', state: 'sent', readAt: Date.UTC(2026, 0, 1) }));
    expect(read).toMatchObject({ mark: 'ticks', tone: 'read' });
    expect(read!.label).toMatch(/^read /);
  });

  it('in a group, counts: one tick until everyone has it, two once they do, read colour once all have read', () => {
    expect(receiptOf(inGroup({ delivered: 0, read: 0, of: 3 }, 'pending'))).toMatchObject({
      mark: 'clock',
      label: 'queued, waiting for members to come online',
    });
    expect(receiptOf(inGroup({ delivered: 2, read: 0, of: 3 }))).toEqual({
      mark: 'tick',
      tone: 'sent',
      label: 'delivered to 2 of 3',
    });
    expect(receiptOf(inGroup({ delivered: 2, read: 1, of: 3 }))!.label).toBe('delivered to 2 of 3, read by 1');
    expect(receiptOf(inGroup({ delivered: 3, read: 1, of: 3 }, 'delivered'))).toEqual({
      mark: 'ticks',
      tone: 'delivered',
      label: 'delivered to all 3, read by 1',
    });
    expect(receiptOf(inGroup({ delivered: 3, read: 3, of: 3 }, 'delivered'))).toMatchObject({
      tone: 'read',
      label: 'read by all 3',
    });
    expect(receiptOf(inGroup({ delivered: 0, read: 0, of: 0 }))!.label).toContain('nobody else');
  });

  it('nothing for incoming messages and membership lines', () => {
    expect(receiptOf(uiMessage({ id: 'm', outgoing: false, state: 'received' }))).toBeUndefined();
    const event = { op: 'add' as const, member: null, name: null, applied: true };
    expect(receiptOf(uiMessage({ id: 'm', kind: 'event', event, conversation: GROUP }))).toBeUndefined();
  });
});
