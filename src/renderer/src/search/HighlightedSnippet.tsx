import { Fragment } from 'react';
import { snippetParts } from './snippet-parts';

/**
 * A search snippet with the matched words in <mark>; the message text is only
 * ever text nodes. A span, so that it may sit inside a button.
 */
export function HighlightedSnippet(props: { snippet: string; className?: string }) {
  return (
    <span className={props.className}>
      {snippetParts(props.snippet).map((part, index) =>
        part.matched ? <mark key={index}>{part.text}</mark> : <Fragment key={index}>{part.text}</Fragment>,
      )}
    </span>
  );
}
