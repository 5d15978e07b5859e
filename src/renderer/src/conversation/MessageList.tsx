import { Fragment, useMemo, type ReactNode } from 'react';
import type { Message } from '../../../core/model';
import { MessageBubble } from './MessageBubble';
import { dayKey, dayLabel } from './message-time';
import { useMessageScroll } from './use-message-scroll';

/**
 * The messages, oldest at the top. It follows new ones while the reader is at
 * the bottom, leaves them alone while they read back through history, and
 * asks for earlier pages as they near the top.
 */
export function MessageList(props: {
  messages: readonly Message[];
  peerName: string;
  whenEmpty?: ReactNode;
  /** The row above the first message: loading, a failure, or the beginning of the conversation. */
  historyEdge?: ReactNode;
  /** Scrolled to once per new object. */
  reveal?: { messageId: string };
  highlightedId?: string;
  /** Left out while there is nothing more to load. */
  onNearTop?: () => void;
  busy?: boolean;
  /** Starts a reply to a message. */
  onReply: (message: Message) => void;
  /** Brings the message a reply answers into view, loading earlier pages if it is not loaded. */
  onShowQuoted: (messageId: string) => void;
}) {
  const { scroller, onScroll } = useMessageScroll(props.messages, props.reveal, props.onNearTop);
  const byId = useMemo(() => new Map(props.messages.map((message) => [message.id, message])), [props.messages]);

  return (
    <div
      className="message-scroller"
      ref={scroller}
      onScroll={onScroll}
      tabIndex={0}
      role="log"
      aria-label={`Messages with ${props.peerName}`}
      aria-busy={props.busy}
    >
      <div className="message-history">
        {props.messages.length > 0 && props.historyEdge}
        <ol className="message-list" data-testid="message-list">
          {props.messages.map((message, index) => {
            const previous = props.messages[index - 1];
            const newDay = !previous || dayKey(previous.sentAt) !== dayKey(message.sentAt);
            return (
              <Fragment key={message.id}>
                {newDay && (
                  <li className="day-divider">
                    <span>{dayLabel(message.sentAt)}</span>
                  </li>
                )}
                <MessageBubble
                  message={message}
                  authorName={props.peerName}
                  highlighted={message.id === props.highlightedId}
                  quoted={message.replyTo === null ? undefined : byId.get(message.replyTo)}
                  onReply={props.onReply}
                  onShowQuoted={props.onShowQuoted}
                />
              </Fragment>
            );
          })}
        </ol>
      </div>
      {props.messages.length === 0 && props.whenEmpty}
    </div>
  );
}
