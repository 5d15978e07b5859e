import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_END as E, HIGHLIGHT_START as S } from '../../../src/core/model';
import { snippetParts, snippetText } from '../../../src/renderer/src/search/snippet-parts';

describe('search snippets in the UI', () => {
  it('split into plain and matched parts at the markers', () => {
    expect(snippetParts(`Lunch at the ${S}Café${E} Royal?`)).toEqual([
      { text: 'Lunch at the ', matched: false },
      { text: 'Café', matched: true },
      { text: ' Royal?', matched: false },
    ]);
  });

  it('never show a marker, even a stray one, and keep markup as text', () => {
    expect(snippetText(`${E}<b>bold</b>${S}x`)).toBe('<b>bold</b>x');
    expect(snippetParts(`${S}open`)).toEqual([{ text: 'open', matched: true }]);
  });
});
