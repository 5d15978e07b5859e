import { describe, expect, it } from 'vitest';
import { reactionLabel, reactorNames } from '../../../src/renderer/src/conversation/reaction-words';
import { typingSentence } from '../../../src/renderer/src/conversation/typing-words';
import { waitingSentence } from '../../../src/renderer/src/conversation/waiting-words';
import { listNames } from '../../../src/renderer/src/people/name-list';

const SELF = 's'.repeat(52);
const BOB = 'b'.repeat(52);
const CY = 'c'.repeat(52);
const names: Record<string, string> = { [BOB]: 'Bob', [CY]: 'Cy' };
const nameOf = (peerId: string) => names[peerId] ?? '?';

describe('words for the conversation', () => {
  it('lists names as a sentence does, and shortens a long list', () => {
    expect(listNames([])).toBe('');
    expect(listNames(['Bob'])).toBe('Bob');
    expect(listNames(['Bob', 'Cy'])).toBe('Bob and Cy');
    expect(listNames(['Bob', 'Cy', 'Dee'])).toBe('Bob, Cy and Dee');
    expect(listNames(['Bob', 'Cy', 'Dee', 'Eve', 'Fay'])).toBe('Bob, Cy and 3 others');
  });

  it('says who is typing, and stops naming people past three', () => {
    expect(typingSentence([])).toBe('');
    expect(typingSentence(['Bob'])).toBe('Bob is typing…');
    expect(typingSentence(['Bob', 'Cy'])).toBe('Bob and Cy are typing…');
    expect(typingSentence(['Bob', 'Cy', 'Dee'])).toBe('Bob, Cy and Dee are typing…');
    expect(typingSentence(['Bob', 'Cy', 'Dee', 'Eve'])).toBe('Several people are typing…');
  });

  it('counts the messages waiting for earlier ones, and says nothing when none are', () => {
    expect(waitingSentence(0)).toBe('');
    expect(waitingSentence(1)).toBe('1 message is waiting for an earlier one to arrive…');
    expect(waitingSentence(2)).toBe('2 messages are waiting for earlier ones to arrive…');
  });

  it('names who reacted, you first, and what pressing the chip does', () => {
    const both = { emoji: '👍', by: [BOB, SELF] };
    expect(reactorNames(both, SELF, nameOf)).toBe('you and Bob');
    expect(reactionLabel(both, SELF, nameOf)).toBe('👍 thumbsup, 2: you and Bob. Press to take yours back.');
    expect(reactionLabel({ emoji: '🎉', by: [BOB, CY] }, SELF, nameOf)).toBe(
      '🎉 tada, 2: Bob and Cy. Press to react with it too.',
    );
    // An emoji outside the shortcode table is still named by itself.
    expect(reactionLabel({ emoji: '🦑', by: [BOB] }, SELF, nameOf)).toBe('🦑, 1: Bob. Press to react with it too.');
  });
});
