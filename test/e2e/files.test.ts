import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { horizontalOverflow, unnamedControls } from '../support/a11y';
import { tempDir } from '../support/backends';
import { SCREENSHOTS } from '../support/browser';
import { browserLanSkipReason, startBrowserLan, type BrowserLan } from '../support/browser-lan';
import { sha256File, writeRandomFile } from '../support/files';
import { gradientPng } from '../support/png';

const skipReason = browserLanSkipReason();
if (skipReason) console.log(skipReason);

const MB = 1e6;

/**
 * Sharing files between two browser-mode desks on a virtual LAN: Ada picks
 * files with the composer's attach button, their bytes stream to her backend
 * over the bridge, the offer travels in a message, Bob sees the card (with a
 * thumbnail for the image), accepts, watches the progress, and gets the file
 * byte for byte; the image then shows inline. The pages own the WebRTC links.
 */
describe.skipIf(skipReason !== undefined)('sharing files in browser mode', () => {
  let desks: BrowserLan;
  let ada: Page;
  let bob: Page;
  const files = tempDir('lanline-e2e-files-');
  const image = join(files.path, 'harbour.png');
  const big = join(files.path, 'survey-data.bin');

  beforeAll(async () => {
    writeFileSync(image, gradientPng(640, 400));
    await writeRandomFile(big, 40 * MB);
    desks = await startBrowserLan([{ name: 'Ada' }, { name: 'Bob' }]);
    [ada, bob] = desks.pages as [Page, Page];
    await ada.locator('[data-testid="peer"][data-online="true"]').first().waitFor({ timeout: 20_000 });
    await bob.locator('[data-testid="peer"][data-online="true"]').first().waitFor({ timeout: 20_000 });
    await ada.getByTestId('peer').first().click();
    await bob.getByTestId('peer').first().click();
  });

  afterAll(async () => {
    await desks?.stop();
    files.remove();
  });

  const cardAt = (page: Page, name: string) => page.getByTestId('file-card').filter({ hasText: name });

  it('an image arrives as a card with a thumbnail, and shows inline once accepted', async () => {
    expect(await ada.getByRole('button', { name: 'Share files with Bob' }).isVisible()).toBe(true);
    await ada.getByTestId('attach-input').setInputFiles(image);
    await cardAt(ada, 'harbour.png').waitFor({ timeout: 15_000 });

    const card = cardAt(bob, 'harbour.png');
    await card.waitFor({ timeout: 15_000 });
    const thumbnail = card.getByTestId('file-thumbnail');
    await thumbnail.waitFor();
    expect(await thumbnail.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await card.getByTestId('file-status').textContent()).toContain('Waiting for you to accept');
    await bob.screenshot({ path: join(SCREENSHOTS, 'files-image-offered.png') });

    await card.getByRole('button', { name: 'Accept: harbour.png' }).click();
    const preview = card.getByTestId('file-preview');
    await preview.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), { timeout: 10_000 })
      .toBe(640);
    expect(await card.getAttribute('data-state')).toBe('done');
    await bob.screenshot({ path: join(SCREENSHOTS, 'files-image-received.png') });
    expect(await sha256File(join(desks.dataDirs[1]!, 'downloads', 'harbour.png'))).toBe(await sha256File(image));
  });

  it('a large file shows its progress with speed and time left, and arrives byte for byte', async () => {
    // ~4 MB/s on Ada's link, so the transfer takes long enough to watch.
    await desks.lan.hosts[0]!.shape({ rateMbit: 32 });
    await ada.getByTestId('attach-input').setInputFiles(big);
    const card = cardAt(bob, 'survey-data.bin');
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Accept: survey-data.bin' }).click();
    const progress = card.getByTestId('file-progress');
    await progress.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => card.getByTestId('file-status').textContent(), { timeout: 20_000 })
      .toMatch(/MB of 40 MB · .*\/s · .* left/);
    expect(Number(await progress.getAttribute('value'))).toBeLessThan(100);
    await bob.screenshot({ path: join(SCREENSHOTS, 'files-progress.png') });
    await ada.screenshot({ path: join(SCREENSHOTS, 'files-sending.png') });

    // Pause holds it; resume finishes it.
    await card.getByRole('button', { name: 'Pause: survey-data.bin' }).click();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 10_000 }).toBe('paused');
    await card.getByRole('button', { name: 'Resume: survey-data.bin' }).click();
    await desks.lan.hosts[0]!.shape({});
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 90_000 }).toBe('done');
    expect(await card.getByTestId('file-status').textContent()).toBe('Received');
    await expect.poll(() => cardAt(ada, 'survey-data.bin').getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    expect(await sha256File(join(desks.dataDirs[1]!, 'downloads', 'survey-data.bin'))).toBe(await sha256File(big));
    await bob.screenshot({ path: join(SCREENSHOTS, 'files-received.png') });
  });

  it('the details pane lists the files shared here, searchable by name; Settings shows the downloads folder', async () => {
    await bob.keyboard.press('Control+i');
    const section = bob.getByTestId('details-files');
    await section.getByTestId('shared-file').nth(1).waitFor({ timeout: 10_000 });
    expect(await section.getByTestId('shared-file').allTextContents()).toEqual([
      expect.stringContaining('survey-data.bin'),
      expect.stringContaining('harbour.png'),
    ]);
    await section.getByLabel('Search files shared here').fill('harb');
    await expect.poll(() => section.getByTestId('shared-file').count(), { timeout: 10_000 }).toBe(1);
    await bob.screenshot({ path: join(SCREENSHOTS, 'files-details.png') });

    await bob.keyboard.press('Control+,');
    const folder = bob.getByTestId('downloads-folder').getByLabel('Downloads folder');
    await expect.poll(() => folder.inputValue(), { timeout: 10_000 }).toBe(join(desks.dataDirs[1]!, 'downloads'));
    expect(await bob.getByRole('switch', { name: 'Accept files from Ada without asking' }).isChecked()).toBe(false);
    await bob.screenshot({ path: join(SCREENSHOTS, 'files-settings.png') });
  });

  it('works from the keyboard, names every control, and holds up in dark mode and at 200 % zoom', async () => {
    await bob.keyboard.press('Escape');
    const card = cardAt(bob, 'survey-data.bin');
    await card.waitFor();
    expect(await unnamedControls(bob)).toEqual([]);
    // "Show in folder" from the keyboard; this machine has no desktop session, and the card says so.
    await card.getByRole('button', { name: 'Show in folder: survey-data.bin' }).focus();
    await bob.keyboard.press('Enter');
    const alert = card.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toContain(`The file is at ${join(desks.dataDirs[1]!, 'downloads', 'survey-data.bin')}`);

    const background = () =>
      card.evaluate(
        (el) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el)
            .backgroundColor,
      );
    const light = await background();
    await bob.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(background).not.toBe(light);
    await bob.screenshot({ path: join(SCREENSHOTS, 'files-dark.png') });

    await bob.getByTestId('details-close').click();
    await bob.setViewportSize({ width: 550, height: 360 });
    await card.scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(bob, '[data-testid="file-card"] button, .composer button')).toEqual({
      scroll: 0,
      clipped: [],
    });
    await bob.screenshot({ path: join(SCREENSHOTS, 'files-zoom-200.png') });
    await bob.setViewportSize({ width: 1100, height: 720 });
    await bob.emulateMedia({ colorScheme: 'light' });
  });
});
