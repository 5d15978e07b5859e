import { memo } from 'react';
import type { Message } from '../../../core/model';
import { eventSentence, NOT_APPLIED_REASON } from '../groups/group-words';
import { clockTime, fullTime } from './message-time';
import type { MessageContext } from './message-handlers';

/**
 * A membership change as a centred line between the bubbles: "Ada added
 * Bob · 14:02". One the group's rules refused keeps its place, quieter, and
 * says it was not applied.
 */
export const EventLine = memo(function EventLine(props: {
  message: Message;
  context: MessageContext;
  position: number;
  total: number;
}) {
  const { message, context } = props;
  const applied = message.event?.applied ?? true;
  const sentence = eventSentence(message, context.selfId, context.nameOf);
  return (
    <div
      data-row-key={message.id}
      role="listitem"
      aria-posinset={props.position}
      aria-setsize={props.total}
      className="row event-row"
      data-testid="event-line"
      data-op={message.event?.op}
      data-applied={String(applied)}
    >
      <p className="event-text" title={applied ? fullTime(message.sentAt) : NOT_APPLIED_REASON}>
        <span className="event-sentence">{sentence}</span>
        {!applied && <span className="event-refused">not applied</span>}
        <time className="event-time" dateTime={new Date(message.sentAt).toISOString()}>
          {clockTime(message.sentAt)}
        </time>
      </p>
    </div>
  );
});
