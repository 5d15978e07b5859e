import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { LanlineError } from '../../core/errors';

/** Opens the OS file manager at a file. The desktop shell supplies Electron's `shell.showItemInFolder`. */
export type Revealer = (path: string) => Promise<void>;

function onPath(command: string, env = process.env): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** How a headless or browser-mode backend does it: the platform's own opener, pointed at the file or its folder. */
export function systemRevealer(platform = process.platform): Revealer {
  return (path) => {
    const [command, args] =
      platform === 'darwin'
        ? ['open', ['-R', path]]
        : platform === 'win32'
          ? ['explorer.exe', [`/select,${path}`]]
          : // xdg-open has no "select this file": open its folder.
            ['xdg-open', [dirname(path)]];
    if (platform !== 'win32' && !onPath(command))
      return Promise.reject(
        new LanlineError(
          'no-file-manager',
          `This machine has no file manager Lanline can open (${command} is not installed). The file is at ${path}`,
        ),
      );
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { detached: true, stdio: 'ignore' });
      child.once('error', (error) =>
        reject(new LanlineError('no-file-manager', `${command} failed: ${error.message}. The file is at ${path}`)),
      );
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
  };
}
