import { useEffect, useRef } from 'react';
import { commandForKey, isMac, type ShortcutCommand } from './shortcuts';

/** Whether this page runs on a Mac, where the command key is Cmd. */
export const MAC = isMac(navigator.platform || navigator.userAgent);

/**
 * The app-wide keys (shortcuts.ts), plus Esc for whatever is open that has
 * no Esc of its own. A modal dialog makes the rest of the page inert, so
 * while one is open every key is left to it.
 */
export function useGlobalShortcuts(onCommand: (command: ShortcutCommand) => void, onEscape: () => boolean): void {
  const latest = useRef({ onCommand, onEscape });
  useEffect(() => {
    latest.current = { onCommand, onEscape };
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.isComposing || document.querySelector('dialog[open]:modal')) return;
      if (event.key === 'Escape') {
        // Something nearer the focus (a reply bar, the search box, a picker) had it first.
        if (!event.defaultPrevented && latest.current.onEscape()) event.preventDefault();
        return;
      }
      const command = commandForKey(event, MAC);
      if (!command) return;
      event.preventDefault();
      latest.current.onCommand(command);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
