import type { Message, MessageState } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import { clockTime, fullTime } from './message-time';
import { ReplyQuote } from './ReplyQuote';

const stateWords: Record<Exclude<MessageState, 'received'>, { mark: string; label: string }> = {
  pending: { mark: '○ queued', label: 'queued, waiting for them to come online' },
  sent: { mark: '✓ sent', label: 'sent' },
  delivered: { mark: '✓✓ delivered', label: 'delivered' },
};

/** Outgoing only: the recipient's receipt outranks the delivery state. */
function receiptOf(message: Message): { mark: string; label: string; className: string } | undefined {
  if (!message.outgoing || message.state === 'received') return undefined;
  if (message.readAt !== null) {
    return { mark: '✓✓ read', label: `read ${fullTime(message.readAt)}`, className: 'state-read' };
  }
  return { ...stateWords[message.state], className: `state-${message.state}` };
}

/**
 * `highlighted` marks the message a jump landed on, for a moment. `quoted` is
 * the message this one answers, when that is among the loaded ones.
 */
export function MessageBubble(props: {
  message: Message;
  authorName: string;
  highlighted?: boolean;
  quoted?: Message;
  onReply: (message: Message) => void;
  onShowQuoted: (messageId: string) => void;
}) {
  const { message } = props;
  const { replyTo } = message;
  const state = receiptOf(message);
  return (
    <li
      className={`message ${message.outgoing ? 'outgoing' : 'incoming'}`}
      data-testid="message"
      data-message-id={message.id}
      data-state={message.state}
      data-outgoing={String(message.outgoing)}
      data-read={String(message.readAt !== null)}
      data-highlighted={props.highlighted ? 'true' : undefined}
    >
      <div className="bubble">
        <span className="visually-hidden">{message.outgoing ? 'You' : props.authorName}: </span>
        {replyTo !== null && (
          <ReplyQuote quoted={props.quoted} peerName={props.authorName} onShow={() => props.onShowQuoted(replyTo)} />
        )}
        <p className="message-text">{message.text}</p>
        <span className="message-meta">
          <time dateTime={new Date(message.sentAt).toISOString()} title={fullTime(message.sentAt)}>
            {clockTime(message.sentAt)}
          </time>
          {state && (
            <span className={`message-state ${state.className}`} title={state.label}>
              <span aria-hidden="true">{state.mark}</span>
              <span className="visually-hidden">, {state.label}</span>
            </span>
          )}
        </span>
      </div>
      <button
        type="button"
        className="icon-button message-action"
        data-testid="reply"
        aria-label="Reply to this message"
        title="Reply"
        onClick={() => props.onReply(message)}
      >
        <Icon path={ICONS.reply} size={16} />
      </button>
    </li>
  );
}
