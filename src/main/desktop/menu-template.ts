import { SHORTCUT_KEYS, type ShellCommand, type ShortcutCommand } from '../../core/api/desktop-bridge';

/**
 * The application menu as plain data, so it can be checked without Electron:
 * the shell turns each entry into a MenuItem, giving `command` entries a
 * click that forwards the command to the window. `role` entries are
 * Electron's built-ins (copy, paste, zoom…), with the platform's own shortcuts.
 */
export type MenuEntry =
  | { kind: 'separator' }
  | { kind: 'role'; role: string; label?: string }
  | { kind: 'command'; label: string; command: ShellCommand; accelerator?: string }
  | { kind: 'action'; label: string; action: 'quit' | 'about'; accelerator?: string };

export interface MenuGroup {
  label: string;
  role?: 'appMenu' | 'fileMenu' | 'editMenu' | 'viewMenu' | 'windowMenu' | 'help';
  entries: MenuEntry[];
}

const sep: MenuEntry = { kind: 'separator' };

/** An Electron accelerator for a command of the shared keyboard table. */
export function acceleratorOf(command: ShortcutCommand): string {
  return SHORTCUT_KEYS[command].replace('Mod', 'CmdOrCtrl').replace('↑', 'Up').replace('↓', 'Down');
}

function command(label: string, name: ShellCommand): MenuEntry {
  return {
    kind: 'command',
    label,
    command: name,
    ...(name in SHORTCUT_KEYS && { accelerator: acceleratorOf(name as ShortcutCommand) }),
  };
}

export function menuTemplate(platform: string, options: { devTools: boolean }): MenuGroup[] {
  const mac = platform === 'darwin';
  const groups: MenuGroup[] = [];
  if (mac) {
    groups.push({
      label: 'Lanline',
      role: 'appMenu',
      entries: [
        { kind: 'action', label: 'About Lanline', action: 'about' },
        sep,
        command('Settings…', 'settings'),
        sep,
        { kind: 'role', role: 'hide' },
        { kind: 'role', role: 'hideOthers' },
        { kind: 'role', role: 'unhide' },
        sep,
        { kind: 'action', label: 'Quit Lanline', action: 'quit', accelerator: 'Cmd+Q' },
      ],
    });
  }
  groups.push({
    label: mac ? 'File' : '&File',
    role: 'fileMenu',
    entries: [
      command('New Group…', 'new-group'),
      command('Invite Someone…', 'invite'),
      ...(mac ? [] : [sep, command('Settings…', 'settings')]),
      sep,
      mac ? { kind: 'role', role: 'close' } : { kind: 'action', label: 'Quit', action: 'quit', accelerator: 'Ctrl+Q' },
    ],
  });
  groups.push({
    label: mac ? 'Edit' : '&Edit',
    role: 'editMenu',
    entries: [
      { kind: 'role', role: 'undo' },
      { kind: 'role', role: 'redo' },
      sep,
      { kind: 'role', role: 'cut' },
      { kind: 'role', role: 'copy' },
      { kind: 'role', role: 'paste' },
      { kind: 'role', role: 'selectAll' },
      sep,
      command('Find in Messages', 'search'),
    ],
  });
  groups.push({
    label: mac ? 'View' : '&View',
    role: 'viewMenu',
    entries: [
      command('Jump to Conversation…', 'switcher'),
      command('Previous Conversation', 'previous-conversation'),
      command('Next Conversation', 'next-conversation'),
      sep,
      command('Toggle Sidebar', 'sidebar'),
      command('Toggle Details', 'details'),
      sep,
      { kind: 'role', role: 'resetZoom' },
      { kind: 'role', role: 'zoomIn' },
      { kind: 'role', role: 'zoomOut' },
      sep,
      { kind: 'role', role: 'togglefullscreen' },
      ...(options.devTools ? [sep, { kind: 'role', role: 'toggleDevTools' } as const] : []),
    ],
  });
  groups.push({
    label: mac ? 'Window' : '&Window',
    role: 'windowMenu',
    entries: mac
      ? [{ kind: 'role', role: 'minimize' }, { kind: 'role', role: 'zoom' }, sep, { kind: 'role', role: 'front' }]
      : [
          { kind: 'role', role: 'minimize' },
          { kind: 'role', role: 'close' },
        ],
  });
  if (!mac) groups.push({ label: '&Help', role: 'help', entries: [{ kind: 'action', label: 'About Lanline', action: 'about' }] });
  return groups;
}
