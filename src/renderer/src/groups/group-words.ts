import type { Group, Message } from '../../../core/model';
import { plainPreview } from '../conversation/rich-text';
import type { NameOf } from '../people/name-book';
import { listNames } from '../people/name-list';
import { previewText } from '../files/file-words';

/**
 * The centred line a membership change shows as: "Ada added Bob", "You
 * renamed the group to “Lunch”". Written from the reader's side, so they
 * read "Ada removed you" rather than their own name.
 */
export function eventSentence(message: Message, selfId: string, nameOf: NameOf): string {
  const event = message.event;
  if (!event) return '';
  const actor = message.from === selfId ? 'You' : nameOf(message.from);
  const member = event.member === null ? 'someone' : event.member === selfId ? 'you' : nameOf(event.member);
  switch (event.op) {
    case 'create':
      return event.name ? `${actor} created the group “${event.name}”` : `${actor} created the group`;
    case 'add':
      return `${actor} added ${member}`;
    case 'remove':
      return `${actor} removed ${member}`;
    case 'leave':
      return `${actor} left`;
    case 'rename':
      return `${actor} renamed the group to “${event.name ?? ''}”`;
    case 'rekey':
      return `${actor} renewed the group’s encryption key`;
  }
}

/** Why a change the group's rules refused shows as "not applied" (docs/MESSAGING.md, concurrent changes). */
export const NOT_APPLIED_REASON =
  'Made at the same time as another change that the group’s rules put first, so it had no effect. Every member sees the same.';

/** The sidebar's second line for a group: "Bob: see you at 3", "You: on my way", or the membership line. */
export function groupPreview(message: Message, selfId: string, nameOf: NameOf, chars = 80): string {
  if (message.kind === 'event') return eventSentence(message, selfId, nameOf);
  const author = message.outgoing ? 'You' : nameOf(message.from);
  return `${author}: ${message.deleted ? 'message deleted' : plainPreview(previewText(message), chars)}`;
}

/**
 * Why the composer is closed in a group we are no longer in, from the
 * newest change that took us out: "You left the group.", or "Ada removed
 * you from the group." when that change is readable here. Usually it is not:
 * a removal is sealed under the new key, which the removed member never gets
 * (docs/MESSAGING.md, epochs); the backend learns it from being left out of
 * that key, and so only that we were removed, not by whom.
 */
export function membershipEnd(messages: readonly Message[], selfId: string, nameOf: NameOf): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const { event, from } = messages[i]!;
    if (!event?.applied) continue;
    if (event.op === 'remove' && event.member === selfId) return `${nameOf(from)} removed you from the group.`;
    if (event.op === 'leave' && from === selfId) return 'You left the group.';
    if (event.op === 'add' && event.member === selfId) break; // in again since; the newest word is the group's state
  }
  return 'You were removed from this group.';
}

/** "3 members: you, Bob and Cy" for the conversation header. */
export function memberSummary(group: Group, selfId: string, nameOf: NameOf): string {
  const count = group.members.length;
  const names = [...group.members]
    .sort((a, b) => Number(b.peerId === selfId) - Number(a.peerId === selfId))
    .map((member) => (member.peerId === selfId ? 'you' : nameOf(member.peerId)));
  return `${count} ${count === 1 ? 'member' : 'members'}: ${listNames(names, 4)}`;
}
