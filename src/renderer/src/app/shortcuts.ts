import type { ShellCommand } from '../../../core/api/desktop-bridge';

/** Every command a key can run; the Electron menu sends the same ones. */
export type ShortcutCommand = Exclude<ShellCommand, 'invite'>;

/**
 * The app's keyboard map, in one table so the help in Settings and the key
 * handler agree (a unit test holds the Electron menu's accelerators, in
 * src/main/desktop/menu-template.ts, to it). "Mod" is Cmd on macOS and Ctrl elsewhere.
 */
export interface Shortcut {
  command: ShortcutCommand;
  /** As shown to people, with Mod for the platform's command key. */
  keys: string;
  /** `KeyboardEvent.key`, lower case. */
  key: string;
  mod: boolean;
  alt?: boolean;
  shift?: boolean;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'switcher', keys: 'Mod+K', key: 'k', mod: true, description: 'Jump to a person or conversation' },
  { command: 'search', keys: 'Mod+F', key: 'f', mod: true, description: 'Search messages' },
  { command: 'settings', keys: 'Mod+,', key: ',', mod: true, description: 'Open settings' },
  { command: 'details', keys: 'Mod+I', key: 'i', mod: true, description: 'Show or hide conversation details' },
  { command: 'sidebar', keys: 'Mod+B', key: 'b', mod: true, description: 'Show or hide the sidebar' },
  {
    command: 'previous-conversation',
    keys: 'Alt+↑',
    key: 'arrowup',
    mod: false,
    alt: true,
    description: 'Previous conversation',
  },
  { command: 'next-conversation', keys: 'Alt+↓', key: 'arrowdown', mod: false, alt: true, description: 'Next conversation' },
];

/** Keys that are not app shortcuts but that people look for in the same list. */
export const OTHER_KEYS: ReadonlyArray<{ keys: string; description: string }> = [
  { keys: 'Enter', description: 'Send the message' },
  { keys: 'Shift+Enter', description: 'New line in a message' },
  { keys: 'Esc', description: 'Close a dialog, the switcher or the details pane; cancel a reply' },
  { keys: '↑ ↓', description: 'Move through search results and the switcher' },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export function isMac(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

/** The command a key press means on this platform, if any. */
export function commandForKey(event: KeyLike, mac: boolean): ShortcutCommand | undefined {
  const mod = mac ? event.metaKey : event.ctrlKey;
  // The other platform's modifier must be up, so Ctrl+K on a Mac stays the text field's "kill line".
  const otherMod = mac ? event.ctrlKey : event.metaKey;
  if (otherMod) return undefined;
  const key = event.key.toLowerCase();
  return SHORTCUTS.find(
    (s) => s.key === key && s.mod === mod && Boolean(s.alt) === event.altKey && Boolean(s.shift) === event.shiftKey,
  )?.command;
}

/** "Mod+K" as this platform writes it: "⌘K" on a Mac, "Ctrl+K" elsewhere. */
export function keysLabel(keys: string, mac: boolean): string {
  if (!mac) return keys.replace('Mod', 'Ctrl');
  return keys.replace('Mod+', '⌘').replace('Alt+', '⌥').replace('Shift+', '⇧');
}

/** For aria-keyshortcuts, which wants "Control+K" / "Meta+K". */
export function ariaKeys(keys: string, mac: boolean): string {
  return keys
    .replace('Mod', mac ? 'Meta' : 'Control')
    .replace('↑', 'ArrowUp')
    .replace('↓', 'ArrowDown');
}
