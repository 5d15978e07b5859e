import type { Peer } from '../../../core/model';
import { displayNameOf } from '../people/peer-appearance';
import { Composer } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { MessageList } from './MessageList';
import { useConversation } from './use-conversation';

/** One person's conversation. Mount it with `key={peerId}` so switching people starts fresh. */
export function Conversation(props: { peer: Peer }) {
  const { peer } = props;
  const name = displayNameOf(peer);
  const { messages, loaded, upsert } = useConversation(peer.peerId);
  return (
    <section className="conversation" aria-label={`Conversation with ${name}`}>
      <ConversationHeader peer={peer} />
      <MessageList
        messages={messages}
        peerName={name}
        whenEmpty={
          loaded && (
            <div className="conversation-empty">
              <p className="empty-title">Say hello to {name}</p>
              <p className="empty-text">
                {peer.online
                  ? 'Messages go straight to them over your network.'
                  : 'They are away; your message will wait until they are back.'}
              </p>
            </div>
          )
        }
      />
      <Composer peerId={peer.peerId} peerName={name} onSent={upsert} />
    </section>
  );
}
