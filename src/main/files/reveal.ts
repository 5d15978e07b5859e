import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { LanlineError } from '../../core/errors';

/** Opens the OS file manager at a file. The desktop shell supplies Electron's `shell.showItemInFolder`. */
export type Revealer = (path: string) => Promise<void>;

/** An opener that has not failed by then has handed over to the file manager. */
const SETTLE_MS = 1500;

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const none = (why: string, path: string) =>
  new LanlineError('no-file-manager', `This computer has no file manager Lanline can open (${why}). The file is at ${path}`);

/**
 * How a headless or browser-mode backend does it: the platform's own opener,
 * pointed at the file (macOS, Windows) or its folder (xdg-open has no "select
 * this file"). On Linux without a desktop session, or without xdg-open, or
 * when xdg-open finds nothing to open folders with, it says so and where the
 * file is, instead of pretending.
 */
export function systemRevealer(platform = process.platform, env = process.env): Revealer {
  return (path) => {
    const [command, args] =
      platform === 'darwin'
        ? ['open', ['-R', path]]
        : platform === 'win32'
          ? ['explorer.exe', [`/select,${path}`]]
          : ['xdg-open', [dirname(path)]];
    if (platform !== 'win32' && platform !== 'darwin') {
      if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return Promise.reject(none('it runs without a desktop session', path));
      if (!onPath(command, env)) return Promise.reject(none('xdg-open is not installed', path));
    }
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { detached: true, stdio: 'ignore', env });
      const settled = setTimeout(() => {
        child.unref();
        resolve();
      }, SETTLE_MS);
      child.once('error', (error) => {
        clearTimeout(settled);
        reject(none(`${command} failed: ${error.message}`, path));
      });
      child.once('exit', (code) => {
        clearTimeout(settled);
        // explorer.exe answers 1 even when it opened the folder.
        if (code === 0 || platform === 'win32') resolve();
        else reject(none(`${command} found nothing to show folders with`, path));
      });
    });
  };
}
