import { describe, expect, it } from 'vitest';
import { completeShortcode, isEmojiOnly, replaceShortcodes } from '../../../src/renderer/src/conversation/emoji';
import { mentionsSelf, parseRichText, plainPreview, safeHref } from '../../../src/renderer/src/conversation/rich-text';

describe('message text → rich segments', () => {
  it('finds links, keeps the sentence’s punctuation out, and only allows http(s)', () => {
    const [block] = parseRichText('See https://example.com/a_(b), or www.lanline.net.');
    expect(block).toEqual({
      kind: 'text',
      inlines: [
        { kind: 'text', text: 'See ' },
        { kind: 'link', text: 'https://example.com/a_(b)', href: 'https://example.com/a_(b)' },
        { kind: 'text', text: ', or ' },
        { kind: 'link', text: 'www.lanline.net', href: 'https://www.lanline.net/' },
        { kind: 'text', text: '.' },
      ],
    });
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('http://x')).toBe('http://x/');
    expect(parseRichText('javascript:alert(1) data:text/html,<b>')).toEqual([
      { kind: 'text', inlines: [{ kind: 'text', text: 'javascript:alert(1) data:text/html,<b>' }] },
    ]);
  });

  it('keeps markup as text: nothing in a message becomes an element', () => {
    const [block] = parseRichText('<img src=x onerror=alert(1)> <b>bold</b>');
    expect(block).toEqual({ kind: 'text', inlines: [{ kind: 'text', text: '<img src=x onerror=alert(1)> <b>bold</b>' }] });
  });

  it('splits fenced code blocks with their language, and inline code, taken literally', () => {
    const text = 'Try this:\n```ts\nconst a = `x`; // https://no.link :smile:\n```\nthen `npm test` :tada:';
    expect(parseRichText(text)).toEqual([
      { kind: 'text', inlines: [{ kind: 'text', text: 'Try this:\n' }] },
      { kind: 'code', language: 'ts', text: 'const a = `x`; // https://no.link :smile:' },
      {
        kind: 'text',
        inlines: [
          { kind: 'text', text: 'then ' },
          { kind: 'code', text: 'npm test' },
          { kind: 'text', text: ' 🎉' },
        ],
      },
    ]);
    // An unclosed fence is just text.
    expect(parseRichText('```oops')).toEqual([{ kind: 'text', inlines: [{ kind: 'text', text: '```oops' }] }]);
  });

  it('marks mentions of known names, longest first, and tells a mention of me apart', () => {
    const names = ['Ada', 'Ada Lovelace', 'Bob'];
    const [block] = parseRichText('@ada lovelace and @Bob, not ada@example.com or @Bobby', { names, selfName: 'Ada Lovelace' });
    expect(block).toEqual({
      kind: 'text',
      inlines: [
        { kind: 'mention', text: '@ada lovelace', self: true },
        { kind: 'text', text: ' and ' },
        { kind: 'mention', text: '@Bob', self: false },
        { kind: 'text', text: ', not ada@example.com or @Bobby' },
      ],
    });
    expect(mentionsSelf('hey @Ada Lovelace!', 'Ada Lovelace')).toBe(true);
    expect(mentionsSelf('hey @Ada', 'Ada Lovelace', names)).toBe(false);
    expect(mentionsSelf('`@Ada Lovelace` in code', 'Ada Lovelace')).toBe(false);
  });

  it('turns :shortcodes: into emoji, leaves unknown ones and times alone', () => {
    expect(replaceShortcodes('Ship it :rocket: :+1: at 10:30:00 :notacode:')).toBe('Ship it 🚀 👍 at 10:30:00 :notacode:');
    expect(completeShortcode('nice :tada:', 11)).toEqual({ text: 'nice 🎉', caret: 7 });
    expect(completeShortcode('nice :tada', 10)).toBeUndefined();
    expect(completeShortcode('`code :tada:', 12)).toBeUndefined();
    expect(isEmojiOnly('🎉🎉')).toBe(true);
    expect(isEmojiOnly('👍🏽')).toBe(true);
    expect(isEmojiOnly('ok 🎉')).toBe(false);
    expect(isEmojiOnly('1')).toBe(false);
  });

  it('flattens text to one short line for a notification', () => {
    expect(plainPreview('Hi :wave:\n\n```\ncode\n```')).toBe('Hi 👋 code');
    expect(Array.from(plainPreview('x'.repeat(500), 10))).toHaveLength(10);
  });
});
