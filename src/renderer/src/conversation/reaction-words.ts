import type { Reaction } from '../../../core/model';
import { listNames } from '../people/name-list';
import { emojiName } from './emoji-search';

export function reactedBySelf(reaction: Reaction, selfId: string): boolean {
  return reaction.by.includes(selfId);
}

/** Who reacted, you first: "you and Bob", "Bob, Cy and 2 others". */
export function reactorNames(reaction: Reaction, selfId: string, nameOf: (peerId: string) => string): string {
  const mine = reactedBySelf(reaction, selfId);
  const others = reaction.by.filter((peerId) => peerId !== selfId).map(nameOf);
  return listNames(mine ? ['you', ...others] : others, 4);
}

/**
 * A chip's accessible name and tooltip: what it is, how many, who, and what
 * pressing it does ("👍 thumbsup, 2: you and Bob. Press to take yours back.").
 */
export function reactionLabel(reaction: Reaction, selfId: string, nameOf: (peerId: string) => string): string {
  const name = emojiName(reaction.emoji);
  const what = name ? `${reaction.emoji} ${name}` : reaction.emoji;
  const action = reactedBySelf(reaction, selfId) ? 'Press to take yours back.' : 'Press to react with it too.';
  return `${what}, ${reaction.by.length}: ${reactorNames(reaction, selfId, nameOf)}. ${action}`;
}
