import { SHORTCUT_KEYS, type ShortcutCommand } from '../../../core/api/desktop-bridge';

export type { ShortcutCommand };

/**
 * The app's keyboard map: the keys from the shared table in
 * desktop-bridge.ts (the Electron menu uses the same), with what each does.
 */
export interface Shortcut {
  command: ShortcutCommand;
  /** As in SHORTCUT_KEYS, with Mod for the platform's command key. */
  keys: string;
  /** `KeyboardEvent.key`, lower case. */
  key: string;
  mod: boolean;
  alt: boolean;
  shift: boolean;
  description: string;
}

const descriptions: Record<ShortcutCommand, string> = {
  switcher: 'Jump to a person or conversation',
  search: 'Search messages',
  settings: 'Open settings',
  details: 'Show or hide conversation details',
  sidebar: 'Show or hide the sidebar',
  'previous-conversation': 'Previous conversation',
  'next-conversation': 'Next conversation',
};

const KEY_NAMES: Record<string, string> = { '↑': 'arrowup', '↓': 'arrowdown' };

function parse(command: ShortcutCommand): Shortcut {
  const keys: string = SHORTCUT_KEYS[command];
  const parts = keys.split('+');
  // "Mod+," splits into ["Mod", ","]; the key is always the last part.
  const last = parts[parts.length - 1]!;
  return {
    command,
    keys,
    key: KEY_NAMES[last] ?? last.toLowerCase(),
    mod: parts.includes('Mod'),
    alt: parts.includes('Alt'),
    shift: parts.includes('Shift'),
    description: descriptions[command],
  };
}

export const SHORTCUTS: readonly Shortcut[] = (Object.keys(SHORTCUT_KEYS) as ShortcutCommand[]).map(parse);

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
  return SHORTCUTS.find((s) => s.key === key && s.mod === mod && s.alt === event.altKey && s.shift === event.shiftKey)?.command;
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
