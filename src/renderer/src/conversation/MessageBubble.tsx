import { memo, type CSSProperties } from 'react';
import type { Message } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import { FileCard } from '../files/FileCard';
import { Avatar } from '../people/Avatar';
import { hueOf } from '../people/peer-appearance';
import { MessageActions } from './MessageActions';
import { MessageEditor } from './MessageEditor';
import type { MessageContext, MessageHandlers } from './message-handlers';
import { clockTime, fullTime } from './message-time';
import { ReactionChips } from './ReactionChips';
import { receiptOf, type ReceiptMark } from './receipt-words';
import { ReplyQuote } from './ReplyQuote';
import { RichText } from './RichText';
import type { MentionNames } from './rich-text';

const markIcons: Record<ReceiptMark, string> = { clock: ICONS.clock, tick: ICONS.tick, ticks: ICONS.ticks };

export interface MessageBubbleProps {
  message: Message;
  context: MessageContext;
  handlers: MessageHandlers;
  /** First of a run by the same author: more space above it, and in a group the author's name. */
  startsGroup: boolean;
  /** Last of a run: the bubble gets its tail corner, and in a group the author's avatar. */
  endsGroup: boolean;
  mentions: MentionNames;
  highlighted: boolean;
  editing: boolean;
  /** The message this one answers, when it is loaded. */
  quoted: Message | undefined;
  /** The row's place among all rows, for screen readers: only some are in the page. */
  position: number;
  total: number;
}

/** One message as a row of the virtual list; memoised, so scrolling redraws only rows that come into view. */
export const MessageBubble = memo(function MessageBubble(props: MessageBubbleProps) {
  const { message, context, handlers } = props;
  const { replyTo, deleted } = message;
  const receipt = receiptOf(message);
  const direction = message.outgoing ? 'outgoing' : 'incoming';
  const author = message.outgoing ? 'You' : context.nameOf(message.from);
  const inGroup = context.group && !message.outgoing;
  const authorStyle = { '--author-hue': hueOf(message.from) } as CSSProperties;
  const classes = [
    'row message',
    direction,
    props.startsGroup && 'group-start',
    props.endsGroup && 'group-end',
    inGroup && 'in-group',
    props.editing && 'editing',
    deleted && 'deleted',
  ];
  return (
    <div
      data-row-key={message.id}
      role="listitem"
      aria-posinset={props.position}
      aria-setsize={props.total}
      className={classes.filter(Boolean).join(' ')}
      data-testid="message"
      data-message-id={message.id}
      data-state={message.state}
      data-outgoing={String(message.outgoing)}
      data-read={String(message.readAt !== null)}
      data-edited={String(message.editedAt !== null)}
      data-deleted={String(deleted)}
      data-highlighted={props.highlighted ? 'true' : undefined}
    >
      {inGroup && <span className="message-avatar">{props.endsGroup && <Avatar peerId={message.from} name={author} />}</span>}
      <div className="message-body">
        <div className="bubble">
          {inGroup && props.startsGroup && (
            <span className="bubble-author" style={authorStyle} aria-hidden="true" data-testid="message-author">
              {author}
            </span>
          )}
          <span className="visually-hidden">{author}: </span>
          {replyTo !== null && !deleted && (
            <ReplyQuote quoted={props.quoted} nameOf={context.nameOf} onShow={() => handlers.showQuoted(replyTo)} />
          )}
          {message.file && !deleted && <FileCard file={message.file} outgoing={message.outgoing} />}
          {deleted ? (
            <p className="message-text message-deleted" data-testid="message-deleted">
              <Icon path={ICONS.trash} size={14} />
              This message was deleted
            </p>
          ) : props.editing ? (
            <MessageEditor message={message} onSave={(text) => handlers.saveEdit(message, text)} onCancel={handlers.endEdit} />
          ) : (
            <RichText text={message.text} mentions={props.mentions} />
          )}
          {!props.editing && (
            <span className="message-meta">
              {message.editedAt !== null && !deleted && (
                <span className="edited-mark" data-testid="edited-mark" title={`Edited ${fullTime(message.editedAt)}`}>
                  edited
                </span>
              )}
              <time dateTime={new Date(message.sentAt).toISOString()} title={fullTime(message.sentAt)}>
                {clockTime(message.sentAt)}
              </time>
              {receipt && (
                <span
                  className={`message-state state-${receipt.tone}`}
                  title={receipt.label}
                  data-testid="message-state"
                  data-receipt={receipt.label}
                >
                  <Icon path={markIcons[receipt.mark]} size={14} />
                  <span className="visually-hidden">, {receipt.label}</span>
                </span>
              )}
            </span>
          )}
        </div>
        {message.reactions.length > 0 && !deleted && <ReactionChips message={message} context={context} handlers={handlers} />}
        {!deleted && !props.editing && <MessageActions message={message} context={context} handlers={handlers} />}
      </div>
    </div>
  );
});
