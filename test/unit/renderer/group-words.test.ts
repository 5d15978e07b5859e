import { describe, expect, it } from 'vitest';
import type { GroupEvent, Message } from '../../../src/core/model';
import { eventSentence, groupPreview, memberSummary, membershipEnd } from '../../../src/renderer/src/groups/group-words';
import { uiMessage } from './ui-message';

const SELF = 's'.repeat(52);
const ADA = 'a'.repeat(52);
const BOB = 'b'.repeat(52);
const GROUP = `g${'q'.repeat(26)}`;
const names: Record<string, string> = { [ADA]: 'Ada', [BOB]: 'Bob' };
const nameOf = (peerId: string) => names[peerId] ?? '?';

let n = 0;
function change(from: string, event: Partial<GroupEvent> & Pick<GroupEvent, 'op'>): Message {
  return uiMessage({
    id: `e${n++}`,
    conversation: GROUP,
    to: GROUP,
    from,
    outgoing: from === SELF,
    kind: 'event',
    text: '',
    event: { member: null, name: null, applied: true, ...event },
  });
}

describe('group words', () => {
  it('writes each membership change from the reader’s side', () => {
    const say = (from: string, event: Parameters<typeof change>[1]) => eventSentence(change(from, event), SELF, nameOf);
    expect(say(ADA, { op: 'create', name: 'Design' })).toBe('Ada created the group “Design”');
    expect(say(SELF, { op: 'create', name: 'Design' })).toBe('You created the group “Design”');
    expect(say(ADA, { op: 'add', member: BOB })).toBe('Ada added Bob');
    expect(say(ADA, { op: 'add', member: SELF })).toBe('Ada added you');
    expect(say(SELF, { op: 'remove', member: BOB })).toBe('You removed Bob');
    expect(say(ADA, { op: 'remove', member: SELF })).toBe('Ada removed you');
    expect(say(BOB, { op: 'leave' })).toBe('Bob left');
    expect(say(ADA, { op: 'rename', name: 'Lunch' })).toBe('Ada renamed the group to “Lunch”');
    expect(say(BOB, { op: 'rekey' })).toBe('Bob renewed the group’s encryption key');
  });

  it('previews a group’s newest message with its author, or its membership line', () => {
    const text = uiMessage({ id: 't', conversation: GROUP, from: BOB, outgoing: false, text: 'See you at **3**' });
    expect(groupPreview(text, SELF, nameOf)).toBe('Bob: See you at **3**');
    expect(groupPreview(uiMessage({ id: 'u', conversation: GROUP, from: SELF, text: 'On my way' }), SELF, nameOf)).toBe(
      'You: On my way',
    );
    expect(groupPreview(uiMessage({ id: 'd', from: BOB, outgoing: false, deleted: true, text: '' }), SELF, nameOf)).toBe(
      'Bob: message deleted',
    );
    expect(groupPreview(change(ADA, { op: 'add', member: BOB }), SELF, nameOf)).toBe('Ada added Bob');
  });

  it('says why the composer is closed: removed by whom, left, or just no longer a member', () => {
    const history = [change(ADA, { op: 'create', name: 'D' }), change(ADA, { op: 'remove', member: SELF })];
    expect(membershipEnd(history, SELF, nameOf)).toBe('Ada removed you from the group.');
    expect(membershipEnd([change(SELF, { op: 'leave' })], SELF, nameOf)).toBe('You left the group.');
    // A removal that was not applied did not take us out; the one that did is sealed from us, so no name.
    expect(membershipEnd([change(ADA, { op: 'remove', member: SELF, applied: false })], SELF, nameOf)).toBe(
      'You were removed from this group.',
    );
    // Removed, added back, and out again by a change we cannot read: the old removal is not the reason.
    const again = [...history, change(BOB, { op: 'add', member: SELF })];
    expect(membershipEnd(again, SELF, nameOf)).toBe('You were removed from this group.');
  });

  it('sums up the members for the header, you first', () => {
    const group = {
      id: GROUP,
      name: 'Design',
      members: [
        { peerId: ADA, name: 'Ada', admin: true },
        { peerId: SELF, name: 'Me', admin: false },
        { peerId: BOB, name: 'Bob', admin: false },
      ],
      isMember: true,
      isAdmin: false,
      createdBy: ADA,
      createdAt: 0,
    };
    expect(memberSummary(group, SELF, nameOf)).toBe('3 members: you, Ada and Bob');
  });
});
