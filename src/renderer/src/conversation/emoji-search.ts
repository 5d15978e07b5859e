import { SHORTCODES } from './emoji';

/** The reactions offered first, before any search: the ones people use most. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'] as const;

export interface EmojiChoice {
  emoji: string;
  /** Its shortcode, the name it is found and announced by. */
  name: string;
}

/** Each emoji once, under its first (most common) shortcode: `thumbsup` and `+1` are one 👍. */
const CHOICES: readonly EmojiChoice[] = (() => {
  const seen = new Set<string>();
  const choices: EmojiChoice[] = [];
  for (const [name, emoji] of Object.entries(SHORTCODES)) {
    if (seen.has(emoji)) continue;
    seen.add(emoji);
    choices.push({ emoji, name });
  }
  return choices;
})();

/** Every other shortcode of an emoji, so searching `+1` still finds 👍. */
const ALIASES: ReadonlyMap<string, readonly string[]> = (() => {
  const aliases = new Map<string, string[]>();
  for (const [name, emoji] of Object.entries(SHORTCODES)) aliases.set(emoji, [...(aliases.get(emoji) ?? []), name]);
  return aliases;
})();

/**
 * The emoji whose shortcodes match `query`, best first: the very name, a
 * name that starts with it, then a word of the name that does (`eyes` in `heart_eyes`), then
 * any name that contains it. Leading and trailing colons are ignored, so
 * `:tada` works as typed. An empty query gives the whole table in its order.
 */
export function searchEmoji(query: string, limit = 48): EmojiChoice[] {
  const wanted = query
    .trim()
    .toLowerCase()
    .replace(/^:+|:+$/g, '');
  if (wanted === '') return CHOICES.slice(0, limit);
  const scored: Array<{ choice: EmojiChoice; score: number; index: number }> = [];
  CHOICES.forEach((choice, index) => {
    let best = Infinity;
    for (const name of ALIASES.get(choice.emoji) ?? [choice.name]) {
      if (name === wanted) best = 0;
      else if (name.startsWith(wanted)) best = Math.min(best, 1);
      else if (name.split('_').some((word) => word.startsWith(wanted))) best = Math.min(best, 2);
      else if (name.includes(wanted)) best = Math.min(best, 3);
    }
    if (best < Infinity) scored.push({ choice, score: best, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return scored.slice(0, limit).map((entry) => entry.choice);
}

/** The shortcode an emoji is known by, for labels; undefined for one outside the table. */
export function emojiName(emoji: string): string | undefined {
  return ALIASES.get(emoji)?.[0];
}
