import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { describeError } from '../../../core/errors';
import { MESSAGE_TEXT_MAX, type Message } from '../../../core/model';
import { completeShortcode } from './emoji';

/**
 * Editing one of our messages in place: Enter saves, Shift+Enter adds a
 * line, Esc leaves it as it was. The text stays in the editor until the
 * backend has taken the edit, so a failure loses nothing.
 */
export function MessageEditor(props: { message: Message; onSave: (text: string) => Promise<void>; onCancel: () => void }) {
  const { message } = props;
  const [text, setText] = useState(message.text);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number>(undefined);
  const hintId = useId();
  const errorId = useId();

  // Start with the caret after the text, where a correction usually goes.
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  }, []);

  useEffect(() => {
    if (pendingCaret.current === undefined || !input.current) return;
    input.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = undefined;
  }, [text]);

  const save = async () => {
    if (saving) return;
    if (text.trim() === '') return setError('A message cannot be empty. To remove it, delete it instead.');
    if (text.length > MESSAGE_TEXT_MAX) return setError(`The message is ${text.length - MESSAGE_TEXT_MAX} characters too long.`);
    if (text === message.text) return props.onCancel();
    setSaving(true);
    setError(undefined);
    try {
      await props.onSave(text);
    } catch (caught) {
      setError(describeError(caught));
      setSaving(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      props.onCancel();
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void save();
    }
  };

  return (
    <div className="message-editor" data-testid="message-editor">
      <textarea
        ref={input}
        className="message-editor-input"
        data-testid="message-editor-input"
        aria-label="Edit your message"
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        aria-invalid={error ? true : undefined}
        rows={1}
        value={text}
        disabled={saving}
        onChange={(event) => {
          const target = event.target;
          const completed = completeShortcode(target.value, target.selectionStart);
          if (completed) pendingCaret.current = completed.caret;
          setText(completed?.text ?? target.value);
        }}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="message-editor-bar">
        <span id={hintId} className="message-editor-hint">
          Enter to save · Esc to cancel
        </span>
        <button type="button" className="button subtle small" onClick={props.onCancel} disabled={saving}>
          Cancel
        </button>
        <button
          type="button"
          className="button primary small"
          data-testid="message-editor-save"
          onClick={() => void save()}
          disabled={saving}
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </div>
  );
}
