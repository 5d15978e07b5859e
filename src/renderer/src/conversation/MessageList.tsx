import { useMemo, type ReactNode } from 'react';
import type { Message } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import { EventLine } from './EventLine';
import { MessageBubble } from './MessageBubble';
import type { MessageContext, MessageHandlers } from './message-handlers';
import { buildRows } from './message-rows';
import type { MentionNames } from './rich-text';
import { useVirtualRows } from './use-virtual-rows';

/**
 * The messages, oldest at the top, as a virtual list: however long the
 * history, only the rows near the view are in the page. It follows new
 * messages while the reader is at the bottom, holds still while they read
 * back, and asks for earlier pages as they near the top.
 */
export function MessageList(props: {
  messages: readonly Message[];
  /** "Messages with Bob", "Messages in Design". */
  label: string;
  context: MessageContext;
  handlers: MessageHandlers;
  mentions: MentionNames;
  /** The message being edited in place, if any. */
  editingId: string | undefined;
  whenEmpty?: ReactNode;
  /** The row above the first message: loading, a failure, or the beginning of the conversation. */
  historyEdge?: ReactNode;
  /** Scrolled to once per new object. */
  reveal?: { messageId: string };
  highlightedId?: string;
  /** Left out while there is nothing more to load. */
  onNearTop?: () => void;
  busy?: boolean;
  /** A message this window sent: the list goes down to it, wherever the reader was. */
  isSentHere: (message: Message) => boolean;
}) {
  const { messages } = props;
  const rows = useMemo(() => buildRows(messages), [messages]);
  const { attachScroller, ...list } = useVirtualRows({
    rows,
    reveal: props.reveal,
    onNearTop: props.onNearTop,
    follows: props.isSentHere,
  });
  const messageCount = messages.length;

  const quotedOf = (id: string | null): Message | undefined => {
    if (id === null) return undefined;
    const at = list.rowIndexOf(id);
    const row = at === undefined ? undefined : list.rowAt(at);
    return row?.kind === 'message' ? row.message : undefined;
  };

  return (
    <div className="message-list-frame">
      <div
        className="message-scroller"
        ref={attachScroller}
        onScroll={list.onScroll}
        tabIndex={0}
        role="log"
        aria-label={props.label}
        aria-busy={props.busy}
        data-testid="message-scroller"
      >
        {messageCount > 0 ? (
          <div className="message-canvas">
            <div data-virtual-head="">{props.historyEdge}</div>
            {/* The spacers are inside the list, so the list's own top never moves as rows come and go. */}
            <div role="list" data-testid="message-list">
              <div className="virtual-space" style={{ height: list.spaceAbove }} aria-hidden="true" />
              {list.visible.map(({ row, index }) =>
                row.kind === 'day' ? (
                  <div key={row.key} data-row-key={row.key} data-anchorable="false" className="row day-row" role="listitem">
                    <span className="day-divider">{row.label}</span>
                  </div>
                ) : row.message.kind === 'event' ? (
                  <EventLine
                    key={row.key}
                    message={row.message}
                    context={props.context}
                    position={index + 1}
                    total={rows.length}
                  />
                ) : (
                  <MessageBubble
                    key={row.key}
                    message={row.message}
                    context={props.context}
                    handlers={props.handlers}
                    startsGroup={row.startsGroup}
                    endsGroup={row.endsGroup}
                    mentions={props.mentions}
                    highlighted={row.message.id === props.highlightedId}
                    editing={row.message.id === props.editingId}
                    quoted={quotedOf(row.message.replyTo)}
                    position={index + 1}
                    total={rows.length}
                  />
                ),
              )}
              <div className="virtual-space" style={{ height: list.spaceBelow }} aria-hidden="true" />
            </div>
          </div>
        ) : (
          props.whenEmpty
        )}
      </div>
      {!list.atBottom && (
        <button
          type="button"
          className="jump-latest"
          data-testid="jump-latest"
          aria-label={
            list.unseenBelow > 0 ? `${list.unseenBelow} new messages; jump to the latest` : 'Jump to the latest message'
          }
          onClick={list.scrollToBottom}
        >
          <Icon path={ICONS.arrowDown} size={16} />
          <span>{list.unseenBelow > 0 ? `${list.unseenBelow > 99 ? '99+' : list.unseenBelow} new` : 'Latest'}</span>
        </button>
      )}
    </div>
  );
}
