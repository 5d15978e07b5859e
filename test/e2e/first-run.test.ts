import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { unnamedControls } from '../support/a11y';
import { SCREENSHOTS } from '../support/browser';
import { browserLanSkipReason, startBrowserLan, type BrowserLan } from '../support/browser-lan';

const skipReason = browserLanSkipReason();
if (skipReason) console.log(skipReason);

/**
 * A new install, alone on its network: the welcome asks for a name, the
 * window looks around, and when nobody answers the empty state says why,
 * with the network check's own findings and what to do about them.
 */
describe.skipIf(skipReason !== undefined)('first run in browser mode', () => {
  let desk: BrowserLan;
  let ada: Page;

  beforeAll(async () => {
    desk = await startBrowserLan([{ name: 'Ada', firstRun: true }]);
    ada = desk.pages[0]!;
  });

  afterAll(async () => {
    await desk?.stop();
  });

  it('welcomes a new person and asks for the name colleagues will see', async () => {
    const dialog = ada.getByTestId('name-dialog');
    await dialog.waitFor({ timeout: 15_000 });
    expect(await dialog.getByRole('heading').textContent()).toBe('Welcome to Lanline');
    // Nothing to save until a name is typed.
    expect(await ada.getByTestId('name-save').isDisabled()).toBe(true);
    await ada.getByTestId('name-input').fill('Ada Lovelace');
    await ada.screenshot({ path: join(SCREENSHOTS, 'first-run-welcome.png') });
    await ada.getByTestId('name-save').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => ada.getByTestId('self-name').textContent()).toBe('Ada Lovelace');
  });

  it('looks for colleagues, then explains from the network check why nobody is there', async () => {
    const empty = ada.getByTestId('nobody-yet');
    expect(await empty.getAttribute('data-looking')).toBe('true');
    expect(await empty.textContent()).toContain('Looking for colleagues');
    await ada.screenshot({ path: join(SCREENSHOTS, 'first-run-looking.png') });

    // Alone on the LAN: this computer's own announcements come back, but nobody else's do.
    const advice = ada.locator('[data-testid="advice"][data-status="warn"]');
    await advice.first().waitFor({ timeout: 30_000 });
    expect(await empty.textContent()).toContain('Nobody here yet');
    expect(await advice.first().textContent()).toMatch(/mDNS|invite code/);
    expect(await ada.getByTestId('last-diagnosis').textContent()).toMatch(/Last network check at \d\d:\d\d/);
    expect(await ada.getByTestId('empty-invite').isVisible()).toBe(true);
    expect(await unnamedControls(ada)).toEqual([]);
    await ada.screenshot({ path: join(SCREENSHOTS, 'first-run-nobody-found.png') });
  });

  it('remembers the name: a reload does not welcome again', async () => {
    await ada.reload();
    await expect.poll(() => ada.getByTestId('self-name').textContent(), { timeout: 15_000 }).toBe('Ada Lovelace');
    expect(await ada.getByTestId('name-dialog').count()).toBe(0);
  });
});
