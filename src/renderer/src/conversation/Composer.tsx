import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { describeError } from '../../../core/errors';
import { MESSAGE_TEXT_MAX, type Message } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { AttachButton } from '../files/AttachButton';
import { Icon, ICONS } from '../app/Icon';
import { rankByFuzzy } from '../switcher/fuzzy';
import { draftStore } from './drafts';
import { completeShortcode } from './emoji';
import { insertMention, mentionQueryAt, type MentionQuery } from './mention-query';
import { ReplyPreview } from './ReplyPreview';
import { useTypingSignal } from './use-typing-signal';

/** The message a reply being written answers; a new object each time one is chosen. */
export interface ReplyDraft {
  message: Message;
}

const MAX_SUGGESTIONS = 6;

/**
 * Enter sends, Shift+Enter starts a new line. Text stays put until the backend
 * has taken it, and is kept per conversation as a draft. A :shortcode: turns
 * into its emoji as its closing colon is typed; `@` offers the names that can
 * be mentioned. `above` is a row shown over the input, e.g. who is typing.
 * While `reply` is set the message goes as a reply to it. `onReplyEnded` says
 * it is done with: sent, or dropped with Esc or the bar's close button.
 * Up in an empty composer edits our newest message, as in Slack.
 */
export function Composer(props: {
  /** A peer id or a group id: where the message goes, and whose draft this is. */
  conversation: string;
  /** "Bob", or the group's name: "Message Bob". */
  title: string;
  nameOf: (peerId: string) => string;
  /** Who can be @mentioned here. */
  mentionable: readonly string[];
  /** A send is on its way, and then `onSent` says how it ended: with the message, or undefined if it failed. */
  onSendStart: () => void;
  onSent: (message: Message | undefined) => void;
  above?: ReactNode;
  reply?: ReplyDraft;
  onReplyEnded: (reply: ReplyDraft) => void;
  /** Starts editing our newest message; false when there is none to edit. */
  onEditLast?: () => boolean;
  /** Files picked with the attach button, to share here. */
  onAttach?: (files: FileList) => void;
}) {
  const { reply, onReplyEnded, conversation } = props;
  const { api, state } = useBackend();
  const typing = useTypingSignal(conversation);
  const [text, setText] = useState(() => draftStore().get(conversation));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [mention, setMention] = useState<MentionQuery>();
  const [choice, setChoice] = useState(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number>(undefined);
  const errorId = useId();
  const listId = useId();
  const tooLong = text.length > MESSAGE_TEXT_MAX;
  const canSend = text.trim() !== '' && !tooLong && !sending && state === 'open';
  const suggestions = mention
    ? rankByFuzzy(mention.query, props.mentionable, (name) => name)
        .slice(0, MAX_SUGGESTIONS)
        .map((ranked) => ranked.item)
    : [];
  const picking = suggestions.length > 0;

  // Choosing "Reply" is a request to write: put the cursor there.
  useEffect(() => {
    if (reply) input.current?.focus();
  }, [reply]);

  // A replacement (emoji, mention) moves the caret; React has to have put the new text in first.
  useEffect(() => {
    if (pendingCaret.current === undefined || !input.current) return;
    input.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = undefined;
  }, [text]);

  const edit = (next: string, caret: number) => {
    setText(next);
    draftStore().set(conversation, next);
    const found = mentionQueryAt(next, caret);
    setMention(found);
    if (found?.query !== mention?.query) setChoice(0);
    if (next === '') typing.stopped();
    else typing.typed();
  };

  const cancelReply = () => {
    if (reply) onReplyEnded(reply);
    input.current?.focus();
  };

  const pick = (name: string) => {
    if (!mention || !input.current) return;
    const done = insertMention(text, input.current.selectionStart, mention, name);
    pendingCaret.current = done.caret;
    edit(done.text, done.caret);
    setMention(undefined);
  };

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    setError(undefined);
    typing.stopped();
    props.onSendStart();
    let delivered: Message | undefined;
    try {
      // Read once: another reply may be chosen while this one is on its way.
      const answering = reply;
      const replyTo = answering?.message.id;
      delivered = await api.call('messages.send', { to: conversation, text, ...(replyTo !== undefined && { replyTo }) });
      setText('');
      draftStore().set(conversation, '');
      setMention(undefined);
      if (answering) onReplyEnded(answering);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      props.onSent(delivered);
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
    if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
    if (picking) {
      event.preventDefault();
      event.stopPropagation();
      setMention(undefined);
      return;
    }
    if (!reply) return;
    event.preventDefault();
    event.stopPropagation();
    cancelReply();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an input method is composing, Enter confirms the composition instead.
    if (event.nativeEvent.isComposing) return;
    if (picking && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setChoice((current) => (current + step + suggestions.length) % suggestions.length);
      return;
    }
    if (picking && (event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
      event.preventDefault();
      pick(suggestions[Math.min(choice, suggestions.length - 1)]!);
      return;
    }
    if (event.key === 'ArrowUp' && text === '' && !event.shiftKey && !event.altKey && props.onEditLast?.()) {
      event.preventDefault();
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey) return;
    event.preventDefault();
    void send();
  };

  const activeId = picking ? `${listId}-${Math.min(choice, suggestions.length - 1)}` : undefined;

  return (
    <form className="composer" onSubmit={onSubmit} onKeyDown={onFormKeyDown} aria-label={`Write to ${props.title}`}>
      {props.above}
      {reply && <ReplyPreview message={reply.message} nameOf={props.nameOf} onCancel={cancelReply} />}
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
      {picking && (
        <ul className="mention-picker" id={listId} role="listbox" aria-label="People to mention" data-testid="mention-picker">
          {suggestions.map((name, index) => (
            <li
              key={name}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === Math.min(choice, suggestions.length - 1)}
              className="mention-option"
              // mousedown, not click: the text field must keep focus and its caret.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(name);
              }}
            >
              @{name}
            </li>
          ))}
        </ul>
      )}
      <div className="composer-row">
        {props.onAttach && <AttachButton title={props.title} onFiles={props.onAttach} disabled={state !== 'open'} />}
        <textarea
          ref={input}
          data-testid="composer"
          rows={1}
          autoFocus
          placeholder={`Message ${props.title}`}
          aria-label={`Message ${props.title}`}
          aria-describedby={error ? errorId : undefined}
          aria-autocomplete="list"
          aria-controls={picking ? listId : undefined}
          aria-activedescendant={activeId}
          value={text}
          onChange={(event) => {
            const target = event.target;
            const completed = completeShortcode(target.value, target.selectionStart);
            if (completed) pendingCaret.current = completed.caret;
            edit(completed?.text ?? target.value, completed?.caret ?? target.selectionStart);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setMention(undefined)}
        />
        <button
          type="submit"
          className="send-button"
          data-testid="send"
          aria-label="Send message"
          title="Send (Enter)"
          disabled={!canSend}
        >
          <Icon path={ICONS.send} size={20} />
        </button>
      </div>
    </form>
  );
}
