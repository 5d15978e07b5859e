// `npm start`: the desktop app where Electron can run, browser mode where it cannot.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

spawnSync(process.execPath, ['scripts/ensure-build.js'], { stdio: 'inherit' });

/** Why Electron cannot start here, or undefined when it can. */
function electronBlocker() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display';
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkg, 'path.txt');
  const binary = existsSync(pathFile) && join(pkg, 'dist', readFileSync(pathFile, 'utf8'));
  if (!binary || !existsSync(binary)) {
    if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
      return 'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD is set)';
    // Electron fetches its binary on first use; give it one bounded try.
    const fetched = spawnSync(process.execPath, [join(pkg, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
    if (fetched.status !== 0 || !existsSync(join(pkg, 'path.txt'))) return 'the Electron binary could not be downloaded';
  }
  return undefined;
}

const args = process.argv.slice(2);
const blocker = electronBlocker();
const child = blocker
  ? (process.stderr.write(`Electron cannot start here (${blocker}); starting browser mode instead.\n`),
    spawn(process.execPath, ['bin/lanline.js', 'serve', ...args], { stdio: 'inherit' }))
  : spawn(process.execPath, ['node_modules/electron/cli.js', '.', ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
