import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * "Start at login" on Linux, where Electron's setLoginItemSettings does
 * nothing: an XDG autostart entry (freedesktop.org Desktop Application
 * Autostart Specification), which GNOME, KDE, Xfce and most others honour.
 * macOS and Windows use Electron's own login items.
 */
export function autostartPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart', 'lanline.desktop');
}

/** The entry's text. `exec` is the command line, each argument quoted as the Desktop Entry spec asks. */
export function autostartEntry(exec: readonly string[]): string {
  const quoted = exec.map((arg) => (/^[\w./=-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`)).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Lanline',
    'Comment=Messenger for your office network',
    `Exec=${quoted}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

export function isAutostartEnabled(path = autostartPath()): boolean {
  return existsSync(path);
}

export function setAutostart(enabled: boolean, exec: readonly string[], path = autostartPath()): void {
  if (!enabled) return rmSync(path, { force: true });
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, autostartEntry(exec), { mode: 0o644 });
}
