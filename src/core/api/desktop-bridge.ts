import { z } from 'zod';

/**
 * The desktop shell's own little channel, beside the contract: what only the
 * Electron window needs (native notifications, the tray's unread count, the
 * application menu's commands, deep links, "start at login"). The backend
 * knows nothing of it; browser mode simply has no `window.lanlineDesktop`.
 * Both directions are one-way messages, validated by whoever receives them.
 */

/** What the menu (and the renderer's own key handler) can ask the window to do. */
export const ShellCommandSchema = z.enum([
  'switcher',
  'search',
  'settings',
  'details',
  'sidebar',
  'next-conversation',
  'previous-conversation',
  'invite',
  'new-group',
]);
export type ShellCommand = z.infer<typeof ShellCommandSchema>;

/**
 * The keys of the commands that have one, written once for the window's key
 * handler (renderer/app/shortcuts.ts) and the Electron menu's accelerators
 * (main/desktop/menu-template.ts). "Mod" is Cmd on macOS and Ctrl elsewhere.
 */
export const SHORTCUT_KEYS = {
  switcher: 'Mod+K',
  search: 'Mod+F',
  settings: 'Mod+,',
  details: 'Mod+I',
  sidebar: 'Mod+B',
  'previous-conversation': 'Alt+↑',
  'next-conversation': 'Alt+↓',
} as const satisfies Partial<Record<ShellCommand, string>>;
export type ShortcutCommand = keyof typeof SHORTCUT_KEYS;

const ConversationId = z.string().min(1).max(128);

export const ToShellSchema = z.discriminatedUnion('type', [
  /** The page is listening: send the state and anything queued (a deep link that started the app). */
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({
    type: z.literal('notify'),
    messageId: z.string().max(64),
    conversation: ConversationId,
    title: z.string().max(200),
    body: z.string().max(500),
  }),
  z.strictObject({ type: z.literal('unread'), count: z.number().int().min(0).max(1_000_000) }),
  z.strictObject({ type: z.literal('set-start-at-login'), enabled: z.boolean() }),
]);
export type ToShell = z.infer<typeof ToShellSchema>;

export const FromShellSchema = z.discriminatedUnion('type', [
  /** What the shell can do here; `startAtLogin` is null where the platform offers no login items. */
  z.strictObject({ type: z.literal('state'), startAtLogin: z.boolean().nullable(), closeToTray: z.boolean() }),
  /** A notification was clicked, or the tray asked for a conversation. */
  z.strictObject({ type: z.literal('open-conversation'), conversation: ConversationId }),
  /** A lanline://join/CODE link was opened. */
  z.strictObject({ type: z.literal('join'), code: z.string().min(8).max(400) }),
  z.strictObject({ type: z.literal('command'), command: ShellCommandSchema }),
]);
export type FromShell = z.infer<typeof FromShellSchema>;

/** `window.lanlineDesktop`, present only in the Electron window. */
export interface LanlineDesktopBridge {
  send(message: ToShell): void;
  onMessage(listener: (message: FromShell) => void): () => void;
  /**
   * Where a dropped file or folder (a DOM File) is on this computer, so the
   * backend shares it in place instead of receiving a copy; '' when it has no
   * path. Electron's webUtils.getPathForFile.
   */
  pathForFile?(file: unknown): string;
}

export const DESKTOP_CHANNELS = {
  toShell: 'lanline:desktop',
  fromShell: 'lanline:desktop-reply',
} as const;
