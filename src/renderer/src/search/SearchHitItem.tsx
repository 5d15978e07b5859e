import type { Message, SearchHit } from '../../../core/model';
import { fullTime, momentLabel } from '../conversation/message-time';
import { Avatar } from '../people/Avatar';
import { HighlightedSnippet } from './HighlightedSnippet';

/** One match: with whom, when, and the words around it. Opening it jumps to the message. */
export function SearchHitItem(props: { hit: SearchHit; otherName: string; onOpen: (message: Message) => void }) {
  const { message, snippet } = props.hit;
  const other = message.outgoing ? message.to : message.from;
  return (
    <li>
      <button
        type="button"
        className="search-hit"
        data-testid="search-hit"
        data-message-id={message.id}
        data-outgoing={String(message.outgoing)}
        onClick={() => props.onOpen(message)}
      >
        <Avatar peerId={other} name={props.otherName} />
        <span className="search-hit-body">
          <span className="search-hit-head">
            <span className="search-hit-who">
              {message.outgoing ? (
                <>
                  You <span aria-hidden="true">→</span>
                  <span className="visually-hidden">to</span> {props.otherName}
                </>
              ) : (
                props.otherName
              )}
            </span>
            <time className="search-hit-time" dateTime={new Date(message.sentAt).toISOString()} title={fullTime(message.sentAt)}>
              {momentLabel(message.sentAt)}
            </time>
          </span>
          {/* An empty snippet would leave the row blank; the start of the text says at least what the message was. */}
          <HighlightedSnippet className="search-hit-snippet" snippet={snippet || message.text} />
        </span>
      </button>
    </li>
  );
}
