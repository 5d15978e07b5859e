import { useEffect } from 'react';

/**
 * Ctrl+F (Cmd+F on macOS) runs `onFind` instead of the browser's find bar,
 * which would only search the messages that happen to be loaded.
 */
export function useFindShortcut(onFind: () => void): void {
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'f' || event.altKey || event.shiftKey) return;
      if (!(event.ctrlKey || event.metaKey)) return;
      // A modal dialog makes the rest of the page inert; leave the key to it.
      if (document.querySelector('dialog[open]:modal')) return;
      event.preventDefault();
      onFind();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [onFind]);
}
