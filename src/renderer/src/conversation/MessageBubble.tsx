import { memo } from 'react';
import type { Message, MessageState } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import { FileCard } from '../files/FileCard';
import { MessageActions } from './MessageActions';
import { clockTime, fullTime } from './message-time';
import { ReplyQuote } from './ReplyQuote';
import { RichText } from './RichText';
import type { MentionNames } from './rich-text';

/** Marks of fixed width, so a receipt arriving never changes the bubble's size. */
const stateWords: Record<Exclude<MessageState, 'received'>, { icon: string; label: string }> = {
  pending: { icon: ICONS.clock, label: 'queued, waiting for them to come online' },
  sent: { icon: ICONS.tick, label: 'sent' },
  delivered: { icon: ICONS.ticks, label: 'delivered' },
};

/** Outgoing only: the recipient's receipt outranks the delivery state. */
function receiptOf(message: Message): { icon: string; label: string; className: string } | undefined {
  if (!message.outgoing || message.state === 'received') return undefined;
  if (message.readAt !== null) return { icon: ICONS.ticks, label: `read ${fullTime(message.readAt)}`, className: 'state-read' };
  return { ...stateWords[message.state], className: `state-${message.state}` };
}

export interface MessageBubbleProps {
  message: Message;
  authorName: string;
  /** First of a run by the same author: more space above it. */
  startsGroup: boolean;
  /** Last of a run: the bubble gets its tail corner. */
  endsGroup: boolean;
  mentions: MentionNames;
  highlighted: boolean;
  /** The message this one answers, when it is loaded. */
  quoted: Message | undefined;
  /** The row's place among all rows, for screen readers: only some are in the page. */
  position: number;
  total: number;
  onReply: (message: Message) => void;
  onShowQuoted: (messageId: string) => void;
}

/** One message as a row of the virtual list; memoised, so scrolling redraws only rows that come into view. */
export const MessageBubble = memo(function MessageBubble(props: MessageBubbleProps) {
  const { message } = props;
  const { replyTo } = message;
  const state = receiptOf(message);
  const direction = message.outgoing ? 'outgoing' : 'incoming';
  return (
    <div
      data-row-key={message.id}
      role="listitem"
      aria-posinset={props.position}
      aria-setsize={props.total}
      className={`row message ${direction}${props.startsGroup ? ' group-start' : ''}${props.endsGroup ? ' group-end' : ''}`}
      data-testid="message"
      data-message-id={message.id}
      data-state={message.state}
      data-outgoing={String(message.outgoing)}
      data-read={String(message.readAt !== null)}
      data-highlighted={props.highlighted ? 'true' : undefined}
    >
      <div className="message-body">
        <div className="bubble">
          <span className="visually-hidden">{message.outgoing ? 'You' : props.authorName}: </span>
          {replyTo !== null && (
            <ReplyQuote quoted={props.quoted} peerName={props.authorName} onShow={() => props.onShowQuoted(replyTo)} />
          )}
          {message.file && <FileCard file={message.file} outgoing={message.outgoing} />}
          <RichText text={message.text} mentions={props.mentions} />
          <span className="message-meta">
            <time dateTime={new Date(message.sentAt).toISOString()} title={fullTime(message.sentAt)}>
              {clockTime(message.sentAt)}
            </time>
            {state && (
              <span className={`message-state ${state.className}`} title={state.label} data-testid="message-state">
                <Icon path={state.icon} size={14} />
                <span className="visually-hidden">, {state.label}</span>
              </span>
            )}
          </span>
        </div>
        <MessageActions message={message} onReply={props.onReply} />
      </div>
    </div>
  );
});
