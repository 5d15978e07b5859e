/**
 * The "@na" a person is typing just before the caret, if any: what the
 * mention picker should look up, and where the finished mention goes.
 */
export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** What follows the `@`, up to the caret. */
  query: string;
}

const MAX_QUERY = 32;

export function mentionQueryAt(text: string, caret: number): MentionQuery | undefined {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || caret - at - 1 > MAX_QUERY) return undefined;
  // The @ must start a word, and a mention of one name never spans a line.
  if (at > 0 && /[\p{L}\p{N}_]/u.test(before[at - 1]!)) return undefined;
  const query = before.slice(at + 1);
  if (query.includes('\n') || query.startsWith(' ') || /\s{2}/.test(query)) return undefined;
  return { start: at, query };
}

/** The text with the query replaced by the full mention and a space, and where the caret goes after it. */
export function insertMention(text: string, caret: number, mention: MentionQuery, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, mention.start) + inserted + text.slice(caret), caret: mention.start + inserted.length };
}
