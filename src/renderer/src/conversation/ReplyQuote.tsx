import type { Message } from '../../../core/model';
import { firstLine, quotedAuthor } from './reply-words';

/**
 * The top of a bubble that answers another message. `quoted` is that message
 * when it is loaded; it may be further back in history or not have arrived yet.
 * Clicking jumps to it either way: the jump pages back to find it.
 */
export function ReplyQuote(props: { quoted: Message | undefined; nameOf: (peerId: string) => string; onShow: () => void }) {
  const { quoted } = props;
  return (
    <button
      type="button"
      className="reply-quote"
      data-testid="reply-quote"
      data-loaded={String(quoted !== undefined)}
      title="Show the message this answers"
      onClick={props.onShow}
    >
      {quoted ? (
        <>
          <span className="visually-hidden">In reply to </span>
          <span className="reply-quote-author">{quotedAuthor(quoted, props.nameOf)}</span>
          <span className="reply-quote-text">{quoted.deleted ? 'This message was deleted' : firstLine(quoted.text)}</span>
        </>
      ) : (
        <span className="reply-quote-text">Reply to an earlier message</span>
      )}
    </button>
  );
}
