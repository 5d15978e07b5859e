import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { unnamedControls } from '../support/a11y';
import { SCREENSHOTS } from '../support/browser';
import { browserLanSkipReason, startBrowserLan, type BrowserLan } from '../support/browser-lan';

const skipReason = browserLanSkipReason();
if (skipReason) console.log(skipReason);

/** Hovers a message (its actions show under the pointer) and presses one of them. */
async function act(message: Locator, action: 'react' | 'edit' | 'delete' | 'reply') {
  await message.hover();
  await message.getByTestId(action).click();
}

const chip = (message: Locator, emoji: string) => message.locator(`[data-testid="reaction"][data-emoji="${emoji}"]`);

/**
 * Two people (Bob's computer is set to dark) doing what one does to
 * messages after sending them: reacting, editing, deleting, and watching the
 * receipts go from sent to read.
 */
describe.skipIf(skipReason !== undefined)('message actions between two people in browser mode', () => {
  let desks: BrowserLan;
  let ada: Page;
  let bob: Page;

  beforeAll(async () => {
    desks = await startBrowserLan([{ name: 'Ada' }, { name: 'Bob', colorScheme: 'dark' }]);
    [ada, bob] = desks.pages as [Page, Page];
    for (const page of [ada, bob]) await page.locator('[data-testid="peer"][data-path="direct"]').waitFor({ timeout: 30_000 });
    await ada.getByTestId('peer').first().click();
    await bob.getByTestId('peer').first().click();
  });

  afterAll(async () => {
    await desks?.stop();
  });

  it('a one-to-one receipt goes from sent to delivered to read, in words as well as ticks', async () => {
    await ada.getByTestId('composer').fill('Lunch at 12?');
    await ada.getByTestId('composer').press('Enter');
    const mine = ada.getByTestId('message').filter({ hasText: 'Lunch at 12?' });
    // Bob has the conversation open, so it is read as soon as it lands.
    await expect
      .poll(() => mine.getByTestId('message-state').getAttribute('data-receipt'), { timeout: 15_000 })
      .toMatch(/^read /);
    expect(await mine.getByTestId('message-state').textContent()).toMatch(/, read /);
  });

  it('Bob reacts from the toolbar; Ada adds hers by pressing the chip and takes it back the same way', async () => {
    const atBob = bob.getByTestId('message').filter({ hasText: 'Lunch at 12?' });
    await act(atBob, 'react');
    const picker = bob.getByTestId('reaction-picker');
    await picker.waitFor();
    expect(await unnamedControls(bob)).toEqual([]);
    await picker.locator('[data-testid="quick-reaction"][data-emoji="👍"]').click();
    await picker.waitFor({ state: 'hidden' });

    const atAda = ada.getByTestId('message').filter({ hasText: 'Lunch at 12?' });
    const thumbs = chip(atAda, '👍');
    await thumbs.waitFor({ timeout: 15_000 });
    expect(await thumbs.textContent()).toBe('👍1');
    expect(await thumbs.getAttribute('aria-label')).toBe('👍 thumbsup, 1: Bob. Press to react with it too.');
    expect(await thumbs.getAttribute('aria-pressed')).toBe('false');

    await thumbs.click();
    await expect.poll(() => thumbs.getAttribute('aria-label')).toBe('👍 thumbsup, 2: you and Bob. Press to take yours back.');
    expect(await thumbs.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => chip(atBob, '👍').textContent(), { timeout: 15_000 }).toBe('👍2');

    // Bob finds another by searching the picker's shortcodes and pressing Enter.
    await act(atBob, 'react');
    await bob.getByTestId('reaction-search').fill('tada');
    expect(await picker.getByTestId('emoji-choice').first().getAttribute('data-emoji')).toBe('🎉');
    await bob.getByTestId('reaction-search').press('Enter');
    await chip(atAda, '🎉').waitFor({ timeout: 15_000 });
    await ada.mouse.move(0, 0);
    await ada.screenshot({ path: join(SCREENSHOTS, 'reactions.png') });
    await bob.mouse.move(0, 0);
    await bob.screenshot({ path: join(SCREENSHOTS, 'reactions-dark.png') });

    await thumbs.click();
    await expect.poll(() => thumbs.textContent()).toBe('👍1');
    await expect.poll(() => chip(atBob, '👍').textContent(), { timeout: 15_000 }).toBe('👍1');
  });

  it('Ada edits her message in place: Esc leaves it, Enter saves it, and both see it marked edited', async () => {
    const mine = ada.getByTestId('message').filter({ hasText: 'Lunch at 12?' });
    await act(mine, 'edit');
    const editor = ada.getByTestId('message-editor-input');
    await editor.waitFor();
    expect(await ada.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('message-editor-input');
    await editor.fill('Something else entirely');
    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await mine.textContent()).toContain('Lunch at 12?');
    // Esc in the editor is the editor's: the details pane, had it been open, would stay.
    expect(await ada.getByTestId('conversation').count()).toBe(1);

    // Up in the empty composer edits the newest of her messages, as in Slack.
    await ada.getByTestId('composer').focus();
    await ada.getByTestId('composer').press('ArrowUp');
    await editor.waitFor();
    await editor.fill('Lunch at 12:30? The place on the corner.');
    await ada.screenshot({ path: join(SCREENSHOTS, 'message-editing.png') });
    await editor.press('Enter');
    await editor.waitFor({ state: 'detached' });
    const edited = ada.getByTestId('message').filter({ hasText: 'Lunch at 12:30?' });
    await edited.getByTestId('edited-mark').waitFor();
    const atBob = bob.getByTestId('message').filter({ hasText: 'Lunch at 12:30? The place on the corner.' });
    await atBob.getByTestId('edited-mark').waitFor({ timeout: 15_000 });
    // The reactions belong to the message, not to its old text.
    expect(await chip(atBob, '👍').count()).toBe(1);
  });

  it('Ada deletes it after confirming; both see “This message was deleted”, and nothing to act on', async () => {
    const mine = ada.getByTestId('message').filter({ hasText: 'Lunch at 12:30?' });
    await act(mine, 'delete');
    const confirm = ada.getByTestId('delete-dialog');
    await confirm.waitFor();
    expect(await unnamedControls(ada)).toEqual([]);
    await ada.screenshot({ path: join(SCREENSHOTS, 'delete-confirm.png') });
    await confirm.getByTestId('confirm').click();
    await confirm.waitFor({ state: 'detached' });

    const gone = ada.locator('[data-testid="message"][data-deleted="true"]');
    await gone.waitFor();
    expect(await gone.getByTestId('message-deleted').textContent()).toBe('This message was deleted');
    expect(await gone.getByTestId('edit').count()).toBe(0);
    expect(await gone.getByTestId('reactions').count()).toBe(0);
    const atBob = bob.locator('[data-testid="message"][data-deleted="true"]');
    await atBob.waitFor({ timeout: 15_000 });
    expect(await atBob.textContent()).toContain('This message was deleted');
    expect(await bob.getByTestId('message').filter({ hasText: 'Lunch at 12:30' }).count()).toBe(0);
    // The sidebar's preview says so too, rather than going blank.
    await expect.poll(() => bob.getByTestId('peer-preview').first().textContent(), { timeout: 10_000 }).toBe('message deleted');
    await bob.screenshot({ path: join(SCREENSHOTS, 'message-deleted-dark.png') });
  });

  it('Bob cannot edit or delete what Ada wrote', async () => {
    await ada.getByTestId('composer').fill('Only I can change this');
    await ada.getByTestId('composer').press('Enter');
    const theirs = bob.getByTestId('message').filter({ hasText: 'Only I can change this' });
    await theirs.waitFor({ timeout: 15_000 });
    await theirs.hover();
    expect(await theirs.getByTestId('react').count()).toBe(1);
    expect(await theirs.getByTestId('edit').count()).toBe(0);
    expect(await theirs.getByTestId('delete').count()).toBe(0);
  });
});
