/**
 * Fuzzy matching for the quick switcher: the query's characters must appear
 * in order in the text, in any case and ignoring accents ("jose" finds
 * "José"). Matches at the start of words and in unbroken runs score higher,
 * so "al" ranks "Ada Lovelace" and "Alan" above "Carla".
 */
export interface FuzzyMatch {
  score: number;
  /** Positions in the text (UTF-16 indices) of the matched characters, for highlighting. */
  indices: number[];
}

/** Lower case without accents, keeping each character's length so positions map straight back to the text. */
function fold(text: string): string {
  let out = '';
  for (const char of text) {
    const folded = char.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
    out += folded.length === char.length ? folded : char;
  }
  return out;
}

const BOUNDARY = /[\s\-_.@/]/;

function isWordStart(text: string, index: number): boolean {
  if (index === 0) return true;
  const before = text[index - 1]!;
  const here = text[index]!;
  return BOUNDARY.test(before) || (before === before.toLowerCase() && here !== here.toLowerCase());
}

const SCORE = { match: 1, wordStart: 8, firstChar: 6, consecutive: 5, gap: -1, unmatchedTail: -0.05 } as const;

/**
 * Scores `text` against `query`, or undefined when it does not match. Greedy
 * with one refinement: each query character prefers a word start further on
 * over a mid-word letter here, which is what people mean by initials.
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | undefined {
  const q = fold(query.replace(/\s+/g, ''));
  if (q === '') return { score: 0, indices: [] };
  const t = fold(text);
  const indices: number[] = [];
  let score = 0;
  let from = 0;
  for (let qi = 0; qi < q.length; qi++) {
    const char = q[qi]!;
    let found = t.indexOf(char, from);
    if (found < 0) return undefined;
    const previous = indices[indices.length - 1];
    const consecutive = previous !== undefined && found === previous + 1;
    if (!consecutive && !isWordStart(text, found)) {
      // A later word start with the same letter, if the rest of the query still fits after it.
      for (let at = t.indexOf(char, found + 1); at >= 0; at = t.indexOf(char, at + 1)) {
        if (isWordStart(text, at) && subsequenceFits(q, qi + 1, t, at + 1)) {
          found = at;
          break;
        }
      }
    }
    score += SCORE.match;
    if (found === 0) score += SCORE.firstChar;
    if (isWordStart(text, found)) score += SCORE.wordStart;
    if (previous !== undefined && found === previous + 1) score += SCORE.consecutive;
    else if (previous !== undefined) score += SCORE.gap * Math.min(found - previous - 1, 5);
    indices.push(found);
    from = found + 1;
  }
  score += SCORE.unmatchedTail * (t.length - indices.length);
  return { score, indices };
}

function subsequenceFits(q: string, qFrom: number, t: string, tFrom: number): boolean {
  let at = tFrom;
  for (let i = qFrom; i < q.length; i++) {
    at = t.indexOf(q[i]!, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/**
 * The items matching `query`, best first; ties keep the given order (which
 * the caller makes "most recent first"). An empty query keeps every item.
 */
export function rankByFuzzy<T>(
  query: string,
  items: readonly T[],
  textOf: (item: T) => string,
): Array<{ item: T; match: FuzzyMatch }> {
  const ranked: Array<{ item: T; match: FuzzyMatch; order: number }> = [];
  items.forEach((item, order) => {
    const match = fuzzyMatch(query, textOf(item));
    if (match) ranked.push({ item, match, order });
  });
  ranked.sort((a, b) => b.match.score - a.match.score || a.order - b.order);
  return ranked.map(({ item, match }) => ({ item, match }));
}

/** Cuts text at the matched indices, for drawing them in bold. */
export function matchParts(text: string, indices: readonly number[]): Array<{ text: string; matched: boolean }> {
  const set = new Set(indices);
  const parts: Array<{ text: string; matched: boolean }> = [];
  for (let i = 0; i < text.length; i++) {
    const matched = set.has(i);
    const last = parts[parts.length - 1];
    if (last && last.matched === matched) last.text += text[i];
    else parts.push({ text: text[i]!, matched });
  }
  return parts;
}
