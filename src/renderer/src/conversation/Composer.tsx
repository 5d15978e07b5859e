import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { describeError } from '../../../core/errors';
import { MESSAGE_TEXT_MAX, type Message } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { useTypingSignal } from './use-typing-signal';

/**
 * Enter sends, Shift+Enter starts a new line. Text stays put until the backend
 * has taken it. `above` is a row shown over the input, e.g. who is typing.
 */
export function Composer(props: { peerId: string; peerName: string; onSent: (message: Message) => void; above?: ReactNode }) {
  const { api, state } = useBackend();
  const typing = useTypingSignal(props.peerId);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLTextAreaElement>(null);
  const errorId = useId();
  const tooLong = text.length > MESSAGE_TEXT_MAX;
  const canSend = text.trim() !== '' && !tooLong && !sending && state === 'open';

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    setError(undefined);
    typing.stopped();
    try {
      props.onSent(await api.call('messages.send', { to: props.peerId, text }));
      setText('');
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

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an input method is composing, Enter confirms the composition instead.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  };

  return (
    <form className="composer" onSubmit={onSubmit} aria-label={`Write to ${props.peerName}`}>
      {props.above}
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
