import { useCallback, useMemo, useRef, useState } from 'react';
import type { Message, Peer } from '../../../core/model';
import { useFileSharing } from '../files/use-file-sharing';
import { displayNameOf } from '../people/peer-appearance';
import { Composer, type ReplyDraft } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { ConversationIntro, HistoryEdge } from './HistoryEdge';
import { JumpNotice } from './JumpNotice';
import { MessageList } from './MessageList';
import { useConversation } from './use-conversation';
import { TypingIndicator } from './TypingIndicator';
import { useJumpRequest } from './use-jump-request';
import { useMarkRead } from './use-mark-read';
import { useMessageJump, type MessageJump } from './use-message-jump';

/**
 * One person's conversation. Mount it with `key={peerId}` so switching people
 * starts fresh; `jumpTo` brings one message into view, e.g. from a search,
 * and a reply's quote brings the message it answers into view the same way.
 * `unread` is the person's badge; `onRead` zeroes it once the conversation is marked read.
 * A reply being written lives here, so switching people (a new mount) drops it;
 * the draft text outlives it, in the draft store.
 */
export function Conversation(props: {
  peer: Peer;
  selfName: string;
  jumpTo?: MessageJump;
  unread: number;
  typing: boolean;
  detailsOpen: boolean;
  onRead: (peerId: string) => void;
  onBack?: () => void;
  onToggleDetails: () => void;
  onSearch: () => void;
}) {
  const { peer, selfName } = props;
  const name = displayNameOf(peer);
  const conversation = useConversation(peer.peerId);
  const { messages, loaded, complete, loadingEarlier, earlierError, upsert, loadEarlier } = conversation;
  const [jumpRequest, jumpToMessage] = useJumpRequest(peer.peerId, props.jumpTo);
  const jump = useMessageJump(jumpRequest, conversation);
  const [reply, setReply] = useState<ReplyDraft>();
  // A new object per click, so choosing the same message again still focuses the composer.
  const replyTo = useCallback((message: Message) => setReply({ message }), []);
  // Only the reply that ended: another may have been chosen while it was being sent.
  const endReply = useCallback((ended: ReplyDraft) => setReply((current) => (current === ended ? undefined : current)), []);
  useMarkRead(peer.peerId, messages, props.unread, props.onRead);
  const loadMore = useCallback(() => void loadEarlier(), [loadEarlier]);
  // After a failure only the retry button asks again, so a broken backend is not asked on every scroll.
  const canLoadMore = loaded && !complete && !earlierError;
  const mentions = useMemo(() => ({ names: [name, selfName], selfName }), [name, selfName]);
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
  const mentionable = useMemo(() => [name], [name]);
  const sharing = useFileSharing(peer.peerId, name, upsert);

  return (
    <section className="conversation" aria-label={`Conversation with ${name}`} data-testid="conversation" {...sharing.dropTarget}>
      <ConversationHeader
        peer={peer}
        detailsOpen={props.detailsOpen}
        onBack={props.onBack}
        onToggleDetails={props.onToggleDetails}
        onSearch={props.onSearch}
      />
      <JumpNotice seeking={jump.seeking} outcome={jump.outcome} onDismiss={jump.dismiss} />
      <MessageList
        messages={messages}
        peerName={name}
        mentions={mentions}
        reveal={jump.reveal}
        highlightedId={jump.highlightedId}
        onReply={replyTo}
        onShowQuoted={jumpToMessage}
        isSentHere={isSentHere}
        onNearTop={canLoadMore ? loadMore : undefined}
        busy={loadingEarlier}
        historyEdge={
          <HistoryEdge
            peerId={peer.peerId}
            peerName={name}
            complete={complete}
            loading={loadingEarlier}
            error={earlierError}
            onRetry={loadMore}
          />
        }
        whenEmpty={
          loaded && (
            <ConversationIntro peerId={peer.peerId} peerName={name} testId="conversation-empty">
              <p className="intro-hint">
                {peer.online
                  ? `Say hello: ${name} is online now.`
                  : `${name} is away; your first message will wait until they are back.`}
              </p>
            </ConversationIntro>
          )
        }
      />
      {sharing.view}
      <Composer
        onAttach={sharing.attach}
        conversation={peer.peerId}
        peerId={peer.peerId}
        peerName={name}
        mentionable={mentionable}
        onSendStart={sendStarted}
        onSent={sent}
        reply={reply}
        onReplyEnded={endReply}
        above={<TypingIndicator peerName={name} typing={props.typing} />}
      />
    </section>
  );
}
