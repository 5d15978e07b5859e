import { describe, expect, it } from 'vitest';
import { emojiName, QUICK_REACTIONS, searchEmoji } from '../../../src/renderer/src/conversation/emoji-search';

const emoji = (query: string, limit?: number) => searchEmoji(query, limit).map((choice) => choice.emoji);

describe('the reaction picker’s search', () => {
  it('offers each emoji once, under its first shortcode', () => {
    const all = searchEmoji('', 1000);
    expect(new Set(all.map((c) => c.emoji)).size).toBe(all.length);
    expect(all.find((c) => c.emoji === '👍')?.name).toBe('thumbsup');
    expect(emojiName('👍')).toBe('thumbsup');
    expect(emojiName('🦑')).toBeUndefined();
  });

  it('ranks names that start with the query, then words that do, then names that contain it', () => {
    const hearts = emoji('heart');
    expect(hearts[0]).toBe('❤️');
    // heart_eyes starts with "heart" too; sparkling_heart only has it as a later word.
    expect(hearts.indexOf('😍')).toBeLessThan(hearts.indexOf('💖'));
    expect(emoji('eyes')).toEqual(expect.arrayContaining(['👀', '😍']));
    expect(emoji('eyes')[0]).toBe('👀');
    expect(emoji('ada')).toEqual(['🎉']); // only inside "tada"
  });

  it('finds an emoji by any of its shortcodes, ignores colons and case, and keeps to the limit', () => {
    expect(emoji('+1')).toEqual(['👍']);
    expect(emoji(':TADA:')).toEqual(['🎉']);
    expect(emoji('zzzz')).toEqual([]);
    expect(emoji('', 5)).toHaveLength(5);
  });

  it('every quick reaction is in the table, so the picker can name it', () => {
    for (const quick of QUICK_REACTIONS) expect(emojiName(quick), quick).toBeDefined();
  });
});
