import { Fragment, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { Message } from '../../../core/model';
import { MessageBubble } from './MessageBubble';
import { dayKey, dayLabel } from './message-time';

/** How close to the end still counts as "reading the latest"; absorbs sub-pixel rounding. */
const AT_BOTTOM_SLACK_PX = 48;

/**
 * Follows new messages while the reader is at the bottom, and leaves them
 * alone while they scroll back through history.
 */
export function MessageList(props: { messages: readonly Message[]; peerName: string; whenEmpty?: ReactNode }) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const last = props.messages[props.messages.length - 1];

  useLayoutEffect(() => {
    const element = scroller.current;
    // Something I just sent is always worth seeing, wherever I was.
    if (element && (atBottom.current || last?.outgoing)) element.scrollTop = element.scrollHeight;
  }, [props.messages.length, last?.id, last?.outgoing]);

  const noteScroll = () => {
    const element = scroller.current;
    if (element) atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < AT_BOTTOM_SLACK_PX;
  };

  return (
    <div
      className="message-scroller"
      ref={scroller}
      onScroll={noteScroll}
      tabIndex={0}
      role="log"
      aria-label={`Messages with ${props.peerName}`}
    >
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
              <MessageBubble message={message} authorName={props.peerName} />
            </Fragment>
          );
        })}
      </ol>
      {props.messages.length === 0 && props.whenEmpty}
    </div>
  );
}
