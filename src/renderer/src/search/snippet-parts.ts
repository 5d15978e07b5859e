import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../../core/model';

export interface SnippetPart {
  text: string;
  /** Between HIGHLIGHT_START and HIGHLIGHT_END: a word the query matched. */
  matched: boolean;
}

/**
 * Cuts a search snippet at its highlight markers, so the UI renders matches
 * as elements and the text itself never passes through an HTML parser. A
 * stray or missing marker only ends or starts a match; it never shows up.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let matched = false;
  let text = '';
  const flush = () => {
    if (text) parts.push({ text, matched });
    text = '';
  };
  for (const char of snippet) {
    if (char === HIGHLIGHT_START || char === HIGHLIGHT_END) {
      flush();
      matched = char === HIGHLIGHT_START;
    } else {
      text += char;
    }
  }
  flush();
  return parts;
}

/** The snippet as plain text, for labels and tooltips. */
export function snippetText(snippet: string): string {
  return snippetParts(snippet)
    .map((part) => part.text)
    .join('');
}
