import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { focusWithoutIndicator, horizontalOverflow, operableCount, unnamedControls } from '../support/a11y';
import { SCREENSHOTS } from '../support/browser';
import { browserLanSkipReason, startBrowserLan, type BrowserLan } from '../support/browser-lan';
import { lanline, lanlineJson } from '../support/cli';

const skipReason = browserLanSkipReason();
if (skipReason) console.log(skipReason);

/**
 * Headless Chromium shows no notifications, so Ada's page records each one it
 * is asked to show (and still makes the real one). This is the only stand-in:
 * the message, the policy that decides and the click handler are all real.
 */
const RECORD_NOTIFICATIONS = `(() => {
  const Real = window.Notification;
  window.__notifications = [];
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({ title, body: options?.body ?? '', note: this });
    }
  };
})()`;

/** Relative luminance of the body's background, 0 (black) to 1 (white). */
const BODY_LUMINANCE = `(() => {
  const probe = document.createElement('canvas').getContext('2d');
  probe.fillStyle = getComputedStyle(document.body).backgroundColor;
  probe.fillRect(0, 0, 1, 1);
  const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
})()`;

/** The shell as a person uses it: switcher, rich messages, notifications, drafts, themes, details, zoom and export. */
describe.skipIf(skipReason !== undefined)('the desktop shell in browser mode', () => {
  let desks: BrowserLan;
  let ada: Page;
  let bob: Page;

  beforeAll(async () => {
    desks = await startBrowserLan([{ name: 'Ada' }, { name: 'Bob', colorScheme: 'dark' }]);
    [ada, bob] = desks.pages as [Page, Page];
    await ada.context().grantPermissions(['notifications']);
    await ada.addInitScript(RECORD_NOTIFICATIONS);
    await ada.reload();
    await ada.locator('[data-testid="peer"][data-online="true"]').first().waitFor({ timeout: 20_000 });
    await bob.locator('[data-testid="peer"][data-online="true"]').first().waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    await desks?.stop();
  });

  it('Ctrl+K opens the switcher; a few letters and Enter open the conversation; Esc closes it', async () => {
    await ada.keyboard.press('Control+k');
    const input = ada.getByTestId('switcher-input');
    await input.waitFor();
    expect(await ada.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('switcher-input');
    await ada.keyboard.type('bo');
    const first = ada.getByTestId('switcher-option').first();
    expect(await first.textContent()).toContain('Bob');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await ada.screenshot({ path: join(SCREENSHOTS, 'switcher.png') });
    await ada.keyboard.press('Enter');
    await ada.getByTestId('switcher').waitFor({ state: 'detached' });
    expect(await ada.getByTestId('conversation-title').textContent()).toContain('Bob');

    await ada.keyboard.press('Control+k');
    await ada.keyboard.type('zzzz');
    await ada.getByText('Nobody and nothing called “zzzz”').waitFor();
    await ada.keyboard.press('Escape');
    await ada.getByTestId('switcher').waitFor({ state: 'detached' });
  });

  it('a mention of Ada while she looks elsewhere notifies her; the click opens the conversation', async () => {
    await ada.getByTestId('network-open').click();
    await bob.getByTestId('peer').first().click();
    await bob.getByTestId('composer').fill('@Ada see https://example.com/plan and run `npm test` :tada:');
    await bob.getByTestId('composer').press('Enter');

    await expect.poll(() => ada.evaluate('window.__notifications.length'), { timeout: 15_000 }).toBe(1);
    const [note] = (await ada.evaluate('window.__notifications.map(({ title, body }) => ({ title, body }))')) as Array<{
      title: string;
      body: string;
    }>;
    expect(note).toEqual({ title: 'Bob mentioned you', body: '@Ada see https://example.com/plan and run `npm test` 🎉' });
    await expect.poll(() => ada.getByTestId('mention-badge').count()).toBe(1);

    await ada.evaluate("window.__notifications[0].note.dispatchEvent(new Event('click'))");
    const message = ada.getByTestId('message').filter({ hasText: 'see https://example.com/plan' });
    await message.waitFor({ timeout: 10_000 });
    // Rendered as rich text: a safe link that opens outside, inline code, a highlighted mention of me, emoji.
    const link = message.locator('a.message-link');
    expect(await link.getAttribute('href')).toBe('https://example.com/plan');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await message.locator('code').textContent()).toBe('npm test');
    expect(await message.locator('[data-testid="mention"][data-self="true"]').textContent()).toBe('@Ada');
    expect(await message.textContent()).toContain('🎉');
    await expect.poll(() => ada.getByTestId('mention-badge').count(), { timeout: 10_000 }).toBe(0);
    await ada.screenshot({ path: join(SCREENSHOTS, 'rich-message.png') });
  });

  it('no notification for a message in the conversation Ada has open in front of her', async () => {
    await ada.bringToFront();
    await bob.getByTestId('composer').fill('Seen this one live');
    await bob.getByTestId('composer').press('Enter');
    await ada.getByTestId('message').filter({ hasText: 'Seen this one live' }).waitFor({ timeout: 10_000 });
    await ada.waitForTimeout(500);
    expect(await ada.evaluate('window.__notifications.length')).toBe(1);
  });

  it('keeps a half-written message per conversation while Ada goes elsewhere', async () => {
    await ada.getByTestId('composer').fill('A thought I will finish later');
    await ada.keyboard.press('Control+,');
    await ada.getByTestId('settings-view').waitFor();
    expect(await ada.getByTestId('composer').count()).toBe(0);
    await ada.getByTestId('peer').first().click();
    expect(await ada.getByTestId('composer').inputValue()).toBe('A thought I will finish later');
    await ada.getByTestId('composer').fill('');
  });

  it('messages arriving while Ada reads the latest move nothing on screen (no layout shift)', async () => {
    await ada.evaluate(`(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
      }).observe({ type: 'layout-shift' });
    })()`);
    const before = await ada.getByTestId('message').count();
    for (let i = 1; i <= 8; i++) {
      const sent = await lanline(['send', '--data-dir', desks.dataDirs[1]!, '--to', 'Ada', `Status update ${i} of 8`]);
      expect(sent.code, sent.stderr).toBe(0);
    }
    await ada.getByTestId('message').filter({ hasText: 'Status update 8 of 8' }).waitFor({ timeout: 15_000 });
    await ada.waitForTimeout(300);
    // The newest is in view: the list followed it.
    const box = await ada.getByTestId('message').filter({ hasText: 'Status update 8 of 8' }).boundingBox();
    const scroller = await ada.getByTestId('message-scroller').boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(scroller!.y + scroller!.height + 1);
    expect(await ada.getByTestId('message').count()).toBeGreaterThan(before);
    expect(await ada.evaluate('window.__shift')).toBe(0);
  });

  it('follows the system’s dark mode, and the choice in Settings overrides it either way', async () => {
    // Bob's computer is set to dark.
    expect(await bob.evaluate(BODY_LUMINANCE)).toBeLessThan(0.2);
    await bob.screenshot({ path: join(SCREENSHOTS, 'dark-mode.png') });
    expect(await ada.evaluate(BODY_LUMINANCE)).toBeGreaterThan(0.9);

    await ada.keyboard.press('Control+,');
    await ada.getByTestId('theme-dark').check();
    expect(await ada.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    expect(await ada.evaluate(BODY_LUMINANCE)).toBeLessThan(0.2);
    await ada.screenshot({ path: join(SCREENSHOTS, 'settings-dark.png') });
    // Kept across a reload.
    await ada.reload();
    await ada.getByTestId('self-name').waitFor();
    expect(await ada.evaluate(BODY_LUMINANCE)).toBeLessThan(0.2);

    await bob.keyboard.press('Control+,');
    await bob.getByTestId('theme-light').check();
    expect(await bob.evaluate(BODY_LUMINANCE)).toBeGreaterThan(0.9);
    await bob.getByTestId('theme-system').check();
    expect(await bob.evaluate(BODY_LUMINANCE)).toBeLessThan(0.2);
    await bob.keyboard.press('Escape');
  });

  it('the details pane shows who Bob is and how the link is, and Esc closes it', async () => {
    await ada.keyboard.press('Control+,');
    await ada.getByTestId('theme-system').check();
    await ada.getByTestId('peer').first().click();
    await ada.keyboard.press('Control+i');
    const details = ada.getByTestId('details-pane');
    await details.waitFor();
    const bobStatus = await lanlineJson<{ peerId: string }>(['status', '--data-dir', desks.dataDirs[1]!]);
    expect(await details.textContent()).toContain('Bob');
    expect(await ada.getByTestId('details-peer-id').textContent()).toBe(bobStatus.peerId);
    await expect
      .poll(() => ada.getByTestId('details-connection').textContent(), { timeout: 10_000 })
      .toContain('connected directly');
    await ada.screenshot({ path: join(SCREENSHOTS, 'details-pane.png') });
    await ada.getByTestId('composer').focus();
    await ada.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
  });

  it('every control has an accessible name, and keyboard focus is always visible', async () => {
    const screens: Array<[string, () => Promise<void>]> = [
      ['conversation', async () => ada.getByTestId('peer').first().click()],
      ['details', async () => ada.keyboard.press('Control+i')],
      ['settings', async () => ada.keyboard.press('Control+,')],
      ['network', async () => ada.getByTestId('network-open').click()],
      ['switcher', async () => ada.keyboard.press('Control+k')],
    ];
    for (const [name, open] of screens) {
      await open();
      await ada.waitForTimeout(150);
      expect(await operableCount(ada), name).toBeGreaterThan(5);
      expect(await unnamedControls(ada), name).toEqual([]);
    }
    await ada.keyboard.press('Escape');
    await ada.getByTestId('peer').first().click();
    expect(await focusWithoutIndicator(ada, 25)).toEqual([]);
  });

  it('at 200 % zoom the sidebar and the conversation take turns and nothing is cut off', async () => {
    await ada.getByTestId('peer').first().click();
    // 200 % zoom of a 1100 × 720 window is a 550 × 360 CSS-pixel viewport.
    await ada.setViewportSize({ width: 550, height: 360 });
    await ada.keyboard.press('Escape');
    await expect.poll(() => ada.locator('.app').getAttribute('data-layout')).toBe('narrow');
    // Controls poking out of the window, and any sideways scrolling.
    const overflow = () => horizontalOverflow(ada);
    // The conversation fills the window, with a way back to the list.
    await ada.getByTestId('composer').waitFor();
    expect(await overflow()).toEqual({ scroll: 0, clipped: [] });
    await ada.getByTestId('composer').fill('Typed at 200 %');
    await ada.getByTestId('composer').press('Enter');
    await bob.getByTestId('message').filter({ hasText: 'Typed at 200 %' }).waitFor({ timeout: 10_000 });
    await ada.screenshot({ path: join(SCREENSHOTS, 'zoom-200-conversation.png') });
    await ada.getByTestId('back').click();
    await ada.getByTestId('sidebar').waitFor();
    expect(await ada.getByTestId('composer').count()).toBe(0);
    expect(await overflow()).toEqual({ scroll: 0, clipped: [] });
    expect(await unnamedControls(ada)).toEqual([]);
    await ada.screenshot({ path: join(SCREENSHOTS, 'zoom-200-sidebar.png') });
    // Settings, with its rows of labels and controls, folds to one column.
    await ada.keyboard.press('Control+,');
    await ada.getByTestId('settings-view').waitFor();
    expect(await overflow()).toEqual({ scroll: 0, clipped: [] });
    expect(await unnamedControls(ada)).toEqual([]);
    await ada.screenshot({ path: join(SCREENSHOTS, 'zoom-200-settings.png') });
    await ada.keyboard.press('Escape');
    await ada.setViewportSize({ width: 1100, height: 720 });
  });

  it('exports the whole history as a JSON file', async () => {
    await ada.keyboard.press('Control+,');
    const download = ada.waitForEvent('download');
    await ada.getByTestId('export-history').click();
    const file = await download;
    const exported = JSON.parse(readFileSync((await file.path())!, 'utf8')) as {
      format: string;
      conversations: Array<{ name: string; messages: Array<{ text: string }> }>;
    };
    expect(exported.format).toBe('lanline-history');
    const withBob = exported.conversations.find((c) => c.name === 'Bob')!;
    expect(withBob.messages.map((m) => m.text)).toEqual(
      expect.arrayContaining(['Seen this one live', 'Status update 8 of 8', 'Typed at 200 %']),
    );
    await expect.poll(() => ada.getByTestId('export-status').textContent()).toMatch(/^Exported \d+ messages\.$/);
  });
});
