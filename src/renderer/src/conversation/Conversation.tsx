import { useCallback, useMemo, useRef, useState } from 'react';
import type { Message } from '../../../core/model';
import { ConfirmDialog } from '../app/ConfirmDialog';
import { useFileSharing } from '../files/use-file-sharing';
import { membershipEnd } from '../groups/group-words';
import { Avatar } from '../people/Avatar';
import type { NameOf } from '../people/name-book';
import { Composer, type ReplyDraft } from './Composer';
import { canWrite, type ConversationSubject } from './conversation-subject';
import { ConversationHeader } from './ConversationHeader';
import { ConversationIntro, HistoryEdge } from './HistoryEdge';
import { JumpNotice } from './JumpNotice';
import type { MessageContext } from './message-handlers';
import { MessageList } from './MessageList';
import { ReactionPicker } from './ReactionPicker';
import { typingSentence } from './typing-words';
import { TypingIndicator } from './TypingIndicator';
import { useConversation } from './use-conversation';
import { useJumpRequest } from './use-jump-request';
import { useMarkRead } from './use-mark-read';
import { useMessageActions } from './use-message-actions';
import { useMessageJump, type MessageJump } from './use-message-jump';
import { WaitingBanner } from './WaitingBanner';

function introText(subject: ConversationSubject): string {
  if (subject.kind === 'direct')
    return `This is the beginning of your conversation with ${subject.title}. Messages go straight between your two computers, signed and end-to-end encrypted.`;
  return `This is the beginning of ${subject.title}. Messages are signed and end-to-end encrypted for its members only; someone added later reads from the day they joined.`;
}

/**
 * One conversation, with a person or a group. Mount it with `key={id}` so
 * switching starts fresh; `jumpTo` brings one message into view, e.g. from a
 * search, and a reply's quote brings the message it answers into view the
 * same way. `unread` is the badge; `onRead` zeroes it once the conversation
 * is marked read. A reply being written lives here, so switching (a new
 * mount) drops it; the draft text outlives it, in the draft store.
 */
export function Conversation(props: {
  subject: ConversationSubject;
  selfId: string;
  selfName: string;
  nameOf: NameOf;
  /** The line under the title, and the kind of path it describes (direct, relayed…). */
  subtitle: string;
  path?: string;
  jumpTo?: MessageJump;
  unread: number;
  /** Who is typing here, by peer id. */
  typists: readonly string[];
  /** Messages held back until the ones they follow arrive. */
  waiting: number;
  detailsOpen: boolean;
  onRead: (conversation: string) => void;
  onBack?: () => void;
  onToggleDetails: () => void;
  onSearch: () => void;
}) {
  const { subject, selfId, selfName, nameOf } = props;
  const id = subject.id;
  const writable = canWrite(subject);
  const conversation = useConversation(id);
  const { messages, loaded, complete, loadingEarlier, earlierError, upsert, loadEarlier } = conversation;
  const [jumpRequest, jumpToMessage] = useJumpRequest(id, props.jumpTo);
  const jump = useMessageJump(jumpRequest, conversation);
  const [reply, setReply] = useState<ReplyDraft>();
  // A new object per click, so choosing the same message again still focuses the composer.
  const replyTo = useCallback((message: Message) => setReply({ message }), []);
  // Only the reply that ended: another may have been chosen while it was being sent.
  const endReply = useCallback((ended: ReplyDraft) => setReply((current) => (current === ended ? undefined : current)), []);
  const actions = useMessageActions({ upsert, reply: replyTo, showQuoted: jumpToMessage });
  useMarkRead(id, messages, props.unread, props.onRead);
  const loadMore = useCallback(() => void loadEarlier(), [loadEarlier]);
  // After a failure only the retry button asks again, so a broken backend is not asked on every scroll.
  const canLoadMore = loaded && !complete && !earlierError;
  // Keyed on the names, not the subject object, which is new whenever presence changes.
  const mentionNames =
    subject.kind === 'group'
      ? subject.group.members
          .filter((m) => m.peerId !== selfId)
          .map((m) => nameOf(m.peerId))
          .join('\n')
      : subject.title;
  const mentionable = useMemo(() => mentionNames.split('\n').filter(Boolean), [mentionNames]);
  const mentions = useMemo(() => ({ names: [...mentionable, selfName], selfName }), [mentionable, selfName]);
  const context = useMemo<MessageContext>(
    () => ({ selfId, nameOf, group: subject.kind === 'group', writable }),
    [selfId, nameOf, subject.kind, writable],
  );
  // What this window sends is worth seeing wherever the reader was; messages sent elsewhere (the CLI) are not.
  // A send's own event may come back before its answer, so while one is on its way every outgoing message counts.
  const sending = useRef(0);
  const sendStarted = useCallback(() => void sending.current++, []);
  const sent = useCallback(
    (message: Message | undefined) => {
      sending.current = Math.max(0, sending.current - 1);
      if (message) upsert(message);
    },
    [upsert],
  );
  const isSentHere = useCallback((message: Message) => message.outgoing && sending.current > 0, []);
  const editLast = () => {
    const last = messages.findLast((m) => m.outgoing && m.kind === 'text' && !m.deleted);
    if (last) actions.handlers.startEdit(last);
    return last !== undefined;
  };
  const sharing = useFileSharing(id, subject.title, upsert);
  const typing = typingSentence(props.typists.filter((peerId) => peerId !== selfId).map(nameOf));
  const avatar =
    subject.kind === 'group' ? (
      <Avatar peerId={id} name={subject.title} size="huge" group />
    ) : (
      <Avatar peerId={id} name={subject.title} size="huge" />
    );
  const intro = (testId: string, hint?: string) => (
    <ConversationIntro avatar={avatar} title={subject.title} text={introText(subject)} testId={testId}>
      {hint && <p className="intro-hint">{hint}</p>}
    </ConversationIntro>
  );
  const emptyHint =
    subject.kind === 'group'
      ? 'Say hello to the group.'
      : subject.peer.online
        ? `Say hello: ${subject.title} is online now.`
        : `${subject.title} is away; your first message will wait until they are back.`;

  return (
    <section
      className="conversation"
      aria-label={subject.kind === 'group' ? `Group conversation ${subject.title}` : `Conversation with ${subject.title}`}
      data-testid="conversation"
      data-kind={subject.kind}
      {...(writable ? sharing.dropTarget : {})}
    >
      <ConversationHeader
        subject={subject}
        subtitle={props.subtitle}
        path={props.path}
        detailsOpen={props.detailsOpen}
        onBack={props.onBack}
        onToggleDetails={props.onToggleDetails}
        onSearch={props.onSearch}
      />
      <WaitingBanner waiting={props.waiting} />
      <JumpNotice seeking={jump.seeking} outcome={jump.outcome} onDismiss={jump.dismiss} />
      {actions.error && (
        <p className="jump-notice" role="alert" data-testid="action-error">
          {actions.error}
          <button type="button" className="button subtle" onClick={actions.dismissError}>
            Dismiss
          </button>
        </p>
      )}
      <MessageList
        messages={messages}
        label={subject.kind === 'group' ? `Messages in ${subject.title}` : `Messages with ${subject.title}`}
        context={context}
        handlers={actions.handlers}
        mentions={mentions}
        editingId={actions.editingId}
        reveal={jump.reveal}
        highlightedId={jump.highlightedId}
        isSentHere={isSentHere}
        onNearTop={canLoadMore ? loadMore : undefined}
        busy={loadingEarlier}
        historyEdge={
          <HistoryEdge
            intro={intro('history-start')}
            complete={complete}
            loading={loadingEarlier}
            error={earlierError}
            onRetry={loadMore}
          />
        }
        whenEmpty={loaded && intro('conversation-empty', emptyHint)}
      />
      {sharing.view}
      {writable ? (
        <Composer
          onAttach={sharing.attach}
          conversation={id}
          title={subject.title}
          nameOf={nameOf}
          mentionable={mentionable}
          onSendStart={sendStarted}
          onSent={sent}
          reply={reply}
          onReplyEnded={endReply}
          onEditLast={editLast}
          above={<TypingIndicator sentence={typing} />}
        />
      ) : (
        <div className="composer composer-closed" data-testid="composer-closed" role="status">
          <p className="composer-closed-text">
            <strong>{membershipEnd(messages, selfId, nameOf)}</strong> You can read what was said while you were in it, but not
            write here.
          </p>
        </div>
      )}
      {actions.deleting && (
        <ConfirmDialog
          title="Delete this message?"
          confirmLabel="Delete"
          busyLabel="Deleting…"
          danger
          testId="delete-dialog"
          onConfirm={actions.confirmDelete}
          onClose={actions.cancelDelete}
        >
          It is removed for everyone in the conversation, from their computers and their search. This cannot be undone.
        </ConfirmDialog>
      )}
      {actions.reactionTarget && (
        <ReactionPicker
          target={actions.reactionTarget}
          selfId={selfId}
          onPick={actions.handlers.react}
          onClose={actions.closePicker}
        />
      )}
    </section>
  );
}
