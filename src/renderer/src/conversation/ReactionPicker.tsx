import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Message } from '../../../core/model';
import { emojiName, QUICK_REACTIONS, searchEmoji } from './emoji-search';

/** Columns of the emoji grid; the arrow keys move by this much up and down. */
const COLUMNS = 8;
const GAP_PX = 6;

export interface ReactionTarget {
  message: Message;
  /** The button that opened the picker: it sits beside it, and focus goes back to it. */
  anchor: HTMLElement;
}

/** Beside the anchor: above it when there is room, else below, and always inside the window. */
function place(picker: HTMLElement, anchor: HTMLElement) {
  const box = anchor.getBoundingClientRect();
  const { width, height } = picker.getBoundingClientRect();
  const above = box.top - height - GAP_PX;
  const top = above >= GAP_PX ? above : Math.min(box.bottom + GAP_PX, window.innerHeight - height - GAP_PX);
  const left = Math.min(Math.max(GAP_PX, box.left), window.innerWidth - width - GAP_PX);
  picker.style.top = `${Math.max(GAP_PX, top)}px`;
  picker.style.left = `${Math.max(GAP_PX, left)}px`;
}

/** Arrow keys walk the buttons of a grid in reading order; Up and Down move a row. */
function moveInGrid(event: KeyboardEvent<HTMLElement>, columns: number) {
  const steps: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
  const step = steps[event.key];
  if (step === undefined) return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  event.preventDefault();
  buttons[Math.min(buttons.length - 1, Math.max(0, at + step))]?.focus();
}

/**
 * A small emoji picker: the usual quick reactions, and a search over the
 * shortcode table the composer already knows. A popover in the top layer,
 * so the message list's scrolling box cannot clip it; a click outside or Esc
 * closes it (the platform's light dismiss), and so does scrolling the
 * conversation, which would leave it pointing at nothing.
 */
export function ReactionPicker(props: {
  target: ReactionTarget;
  selfId: string;
  onPick: (message: Message, emoji: string, on: boolean) => void;
  onClose: () => void;
}) {
  const { target, selfId, onClose } = props;
  const picker = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const results = searchEmoji(query);
  const mine = (emoji: string) => target.message.reactions.some((r) => r.emoji === emoji && r.by.includes(selfId));

  useLayoutEffect(() => {
    const element = picker.current;
    if (!element) return;
    if (!element.matches(':popover-open')) element.showPopover();
    place(element, target.anchor);
    search.current?.focus();
  }, [target]);

  useEffect(() => {
    const element = picker.current;
    if (!element) return;
    const toggled = (event: Event) => {
      if ((event as ToggleEvent).newState === 'closed') onClose();
    };
    const scrolled = (event: Event) => {
      if (!element.contains(event.target as Node)) element.hidePopover();
    };
    element.addEventListener('toggle', toggled);
    document.addEventListener('scroll', scrolled, true);
    return () => {
      element.removeEventListener('toggle', toggled);
      document.removeEventListener('scroll', scrolled, true);
    };
  }, [onClose]);

  // Back to the button that opened it, if it is still there (the list may have moved on).
  useEffect(() => {
    const { anchor } = target;
    return () => {
      if (anchor.isConnected) anchor.focus({ preventScroll: true });
    };
  }, [target]);

  const pick = (emoji: string) => {
    props.onPick(target.message, emoji, !mine(emoji));
    picker.current?.hidePopover();
  };

  const button = (emoji: string, name: string | undefined, testId: string) => (
    <button
      key={emoji}
      type="button"
      className="emoji-choice"
      data-testid={testId}
      data-emoji={emoji}
      aria-pressed={mine(emoji)}
      aria-label={name ? `${emoji} ${name}` : emoji}
      title={name ? `:${name}:` : undefined}
      onClick={() => pick(emoji)}
    >
      {emoji}
    </button>
  );

  return (
    <div
      ref={picker}
      popover="auto"
      className="reaction-picker"
      role="dialog"
      aria-label="Choose a reaction"
      data-testid="reaction-picker"
    >
      <div className="quick-reactions" role="group" aria-label="Quick reactions" onKeyDown={(e) => moveInGrid(e, 1)}>
        {QUICK_REACTIONS.map((emoji) => button(emoji, emojiName(emoji), 'quick-reaction'))}
      </div>
      <input
        ref={search}
        type="search"
        className="emoji-search"
        data-testid="reaction-search"
        placeholder="Search emoji, e.g. tada"
        aria-label="Search emoji by name"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && results[0]) {
            event.preventDefault();
            pick(results[0].emoji);
          } else if (event.key === 'ArrowDown') {
            event.preventDefault();
            picker.current?.querySelector<HTMLButtonElement>('.emoji-grid button')?.focus();
          }
        }}
      />
      <div
        className="emoji-grid"
        role="group"
        aria-label={query.trim() ? `Emoji matching “${query.trim()}”` : 'All emoji'}
        onKeyDown={(e) => moveInGrid(e, COLUMNS)}
      >
        {results.map((choice) => button(choice.emoji, choice.name, 'emoji-choice'))}
      </div>
      {results.length === 0 && (
        <p className="emoji-empty" role="status">
          No emoji called “{query.trim()}”.
        </p>
      )}
    </div>
  );
}
