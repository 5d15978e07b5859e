import { describe, expect, it } from 'vitest';
import { fuzzyMatch, matchParts, rankByFuzzy } from '../../../src/renderer/src/switcher/fuzzy';

describe('fuzzy matching for the quick switcher', () => {
  it('matches letters in order, in any case and without accents', () => {
    expect(fuzzyMatch('jose', 'José García')).toBeDefined();
    expect(fuzzyMatch('GRC', 'José García')).toBeDefined();
    expect(fuzzyMatch('xyz', 'José García')).toBeUndefined();
    expect(fuzzyMatch('ba', 'Ab')).toBeUndefined();
  });

  it('ranks word starts and unbroken runs above scattered letters', () => {
    const names = ['Carla Mendes', 'Alan Turing', 'Ada Lovelace'];
    const ranked = rankByFuzzy('al', names, (name) => name).map((r) => r.item);
    expect(ranked.indexOf('Carla Mendes')).toBe(2);
    expect(rankByFuzzy('al', names, (n) => n)[0]!.item).toBe('Alan Turing');
    // Initials: "al" as A(da) L(ovelace) beats the a…l inside "Carla".
    expect(rankByFuzzy('adlo', names, (n) => n).map((r) => r.item)).toEqual(['Ada Lovelace']);
  });

  it('prefers the word start for highlighting when both fit', () => {
    const match = fuzzyMatch('lo', 'Ada Lovelace')!;
    expect(match.indices).toEqual([4, 5]);
    expect(matchParts('Ada Lovelace', match.indices)).toEqual([
      { text: 'Ada ', matched: false },
      { text: 'Lo', matched: true },
      { text: 'velace', matched: false },
    ]);
  });

  it('keeps every item, in order, for an empty query; ties keep the given order', () => {
    expect(rankByFuzzy('', ['b', 'a'], (x) => x).map((r) => r.item)).toEqual(['b', 'a']);
    expect(rankByFuzzy('bo', ['Bob one', 'Bob two'], (x) => x).map((r) => r.item)).toEqual(['Bob one', 'Bob two']);
  });
});
