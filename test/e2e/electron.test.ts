import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { _electron } from 'playwright-core';
import { tempDir } from '../support/backends';
import { SCREENSHOTS } from '../support/browser';

/**
 * The desktop shell, driven through Playwright's Electron support. This runs
 * only where the Electron binary is installed and a display exists; on the
 * build machines the binary cannot be downloaded, so it says so and skips.
 * (Everything the shell hosts is covered in browser mode by chat.test.ts.)
 */
function electronBinary(): { path?: string; reason?: string } {
  const pkg = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(pkg, 'path.txt');
  const binary = existsSync(pathFile) ? join(pkg, 'dist', readFileSync(pathFile, 'utf8')) : undefined;
  if (!binary || !existsSync(binary))
    return { reason: 'Electron e2e skipped: the Electron binary is not installed (it cannot be downloaded on this machine)' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { reason: 'Electron e2e skipped: no display' };
  return { path: binary };
}

const electron = electronBinary();
if (electron.reason) console.log(electron.reason);

describe.skipIf(!electron.path)('the Electron window', () => {
  it('opens locked down, with only the contract bridge exposed', async () => {
    const data = tempDir();
    const app = await _electron.launch({
      executablePath: electron.path!,
      args: [resolve(import.meta.dirname, '../..'), `--data-dir=${data.path}`],
    });
    try {
      const window = await app.firstWindow();
      await window.getByTestId('self-name').waitFor({ timeout: 20_000 });
      expect(await window.title()).toBe('Lanline');
      expect(await window.evaluate(() => typeof (window as unknown as { lanline?: unknown }).lanline)).toBe('object');
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      // The desktop bridge is there beside the contract, and the menu carries the app's commands.
      expect(await window.evaluate(() => typeof (window as unknown as { lanlineDesktop?: unknown }).lanlineDesktop)).toBe(
        'object',
      );
      const menu = await app.evaluate(({ Menu }) =>
        Menu.getApplicationMenu()?.items.flatMap((item) => item.submenu?.items.map((entry) => entry.label) ?? []),
      );
      expect(menu).toEqual(expect.arrayContaining(['Jump to Conversation…', 'Toggle Details', 'Find in Messages']));
      await window.screenshot({ path: join(SCREENSHOTS, 'electron-window.png') });
    } finally {
      await app.close();
      data.remove();
    }
  });
});
