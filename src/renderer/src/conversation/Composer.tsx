import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { describeError } from '../../../core/errors';
import { MESSAGE_TEXT_MAX, type Message } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { ReplyPreview } from './ReplyPreview';
import { useTypingSignal } from './use-typing-signal';

/** The message a reply being written answers; a new object each time one is chosen. */
export interface ReplyDraft {
  message: Message;
}

/**
 * Enter sends, Shift+Enter starts a new line. Text stays put until the backend
 * has taken it. `above` is a row shown over the input, e.g. who is typing.
 * While `reply` is set the message goes as a reply to it. `onReplyEnded` says
 * it is done with: sent, or dropped with Esc or the bar's close button.
 */
export function Composer(props: {
  peerId: string;
  peerName: string;
  onSent: (message: Message) => void;
  above?: ReactNode;
  reply?: ReplyDraft;
  onReplyEnded: (reply: ReplyDraft) => void;
}) {
  const { reply, onReplyEnded } = props;
  const { api, state } = useBackend();
  const typing = useTypingSignal(props.peerId);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLTextAreaElement>(null);
  const errorId = useId();
  const tooLong = text.length > MESSAGE_TEXT_MAX;
  const canSend = text.trim() !== '' && !tooLong && !sending && state === 'open';

  // Choosing "Reply" is a request to write: put the cursor there.
  useEffect(() => {
    if (reply) input.current?.focus();
  }, [reply]);

  const cancelReply = () => {
    if (reply) onReplyEnded(reply);
    input.current?.focus();
  };

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    setError(undefined);
    typing.stopped();
    try {
      // Read once: another reply may be chosen while this one is on its way.
      const answering = reply;
      const replyTo = answering?.message.id;
      props.onSent(await api.call('messages.send', { to: props.peerId, text, ...(replyTo !== undefined && { replyTo }) }));
      setText('');
      if (answering) onReplyEnded(answering);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setSending(false);
      input.current?.focus();
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };

  // On the form, so Esc works from the bar's close button as well as the text.
  const onFormKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Escape' || !reply || event.nativeEvent.isComposing) return;
    event.preventDefault();
    event.stopPropagation();
    cancelReply();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an input method is composing, Enter confirms the composition instead.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  };

  return (
    <form className="composer" onSubmit={onSubmit} onKeyDown={onFormKeyDown} aria-label={`Write to ${props.peerName}`}>
      {props.above}
      {reply && <ReplyPreview message={reply.message} peerName={props.peerName} onCancel={cancelReply} />}
      {error && (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      )}
      {tooLong && (
        <p className="form-error" role="status">
          {`The message is ${text.length - MESSAGE_TEXT_MAX} characters too long.`}
        </p>
      )}
      <div className="composer-row">
        <textarea
          ref={input}
          data-testid="composer"
          rows={1}
          autoFocus
          placeholder={`Message ${props.peerName}`}
          aria-label={`Message ${props.peerName}`}
          aria-describedby={error ? errorId : undefined}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            if (event.target.value === '') typing.stopped();
            else typing.typed();
          }}
          onKeyDown={onKeyDown}
        />
        <button
          type="submit"
          className="send-button"
          data-testid="send"
          aria-label="Send message"
          title="Send (Enter)"
          disabled={!canSend}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10.1 15 12 3.4 13.9z" />
          </svg>
        </button>
      </div>
    </form>
  );
}
