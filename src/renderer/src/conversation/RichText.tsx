import { memo } from 'react';
import { isEmojiOnly, replaceShortcodes } from './emoji';
import { parseRichText, type Inline, type MentionNames } from './rich-text';

function InlineView(props: { inline: Inline }) {
  const { inline } = props;
  switch (inline.kind) {
    case 'text':
      return inline.text;
    case 'code':
      return <code className="inline-code">{inline.text}</code>;
    case 'mention':
      return (
        <span className="mention" data-self={inline.self ? 'true' : undefined} data-testid="mention">
          {inline.text}
        </span>
      );
    case 'link':
      // A new window is never opened: the Electron shell hands http(s) links to the system browser,
      // and a browser tab opens them in a tab of its own, without a referrer or a handle back.
      return (
        <a className="message-link" href={inline.href} target="_blank" rel="noopener noreferrer" title={inline.href}>
          {inline.text}
        </a>
      );
  }
}

/**
 * A message's text, drawn from its parse: paragraphs, fenced code, links,
 * inline code and mentions. Text reaches the page only as text nodes.
 */
export const RichText = memo(function RichText(props: { text: string; mentions: MentionNames }) {
  const emoji = replaceShortcodes(props.text);
  if (isEmojiOnly(emoji)) return <p className="message-text jumbo-emoji">{emoji.trim()}</p>;
  return parseRichText(props.text, props.mentions).map((block, index) =>
    block.kind === 'code' ? (
      <pre key={index} className="code-block" data-language={block.language}>
        <code>{block.text}</code>
      </pre>
    ) : (
      <p key={index} className="message-text">
        {block.inlines.map((inline, i) => (
          <InlineView key={i} inline={inline} />
        ))}
      </p>
    ),
  );
});
