import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/core/model';
import { uiMessage } from './ui-message';
import { notificationFor, type NotificationContext } from '../../../src/renderer/src/notifications/notification-policy';

const BOB = 'b'.repeat(52);
const incoming = (text: string, extra: Partial<Message> = {}): Message =>
  uiMessage({ id: 'm1', conversation: BOB, from: BOB, to: 'a'.repeat(52), text, state: 'received', outgoing: false, ...extra });
const context: NotificationContext = {
  level: 'all',
  attended: false,
  selfName: 'Ada',
  names: ['Ada', 'Bob'],
  authorName: 'Bob',
  showText: true,
};

describe('when a message raises a notification', () => {
  it('notifies of a new incoming message while the window is not being looked at', () => {
    expect(notificationFor(incoming('Lunch? :pizza:'), context)).toEqual({
      messageId: 'm1',
      conversation: BOB,
      title: 'Bob',
      body: 'Lunch? 🍕',
      mention: false,
    });
  });

  it('says so when it mentions me, and mentions get through "mentions only"', () => {
    const mention = notificationFor(incoming('@Ada can you look?'), { ...context, level: 'mentions' });
    expect(mention?.title).toBe('Bob mentioned you');
    expect(mention?.mention).toBe(true);
    expect(notificationFor(incoming('no mention here'), { ...context, level: 'mentions' })).toBeUndefined();
  });

  it('stays quiet for my own messages, read ones, when switched off, and while I am looking', () => {
    expect(notificationFor(incoming('x', { outgoing: true }), context)).toBeUndefined();
    expect(notificationFor(incoming('x', { readAt: 5 }), context)).toBeUndefined();
    expect(notificationFor(incoming('@Ada x'), { ...context, level: 'off' })).toBeUndefined();
    expect(notificationFor(incoming('@Ada x'), { ...context, attended: true })).toBeUndefined();
  });

  it('hides the text when asked to', () => {
    expect(notificationFor(incoming('secret plans'), { ...context, showText: false })?.body).toBe('New message');
  });

  it('names the group a message was written in, and stays quiet for membership lines and deletions', () => {
    const GROUP = `g${'q'.repeat(26)}`;
    const inGroup = incoming('@Ada lunch?', { conversation: GROUP, to: GROUP });
    expect(notificationFor(inGroup, { ...context, groupName: 'Design' })?.title).toBe('Bob mentioned you in Design');
    expect(notificationFor(incoming('lunch?', { conversation: GROUP }), { ...context, groupName: 'Design' })?.title).toBe(
      'Bob in Design',
    );
    const event = { op: 'add' as const, member: null, name: null, applied: true };
    expect(notificationFor(incoming('', { kind: 'event', event }), context)).toBeUndefined();
    expect(notificationFor(incoming('', { deleted: true }), context)).toBeUndefined();
  });
});
