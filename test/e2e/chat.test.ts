import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS } from '../support/browser';
import { browserLanSkipReason, startBrowserLan, type BrowserLan } from '../support/browser-lan';

const skipReason = browserLanSkipReason();
if (skipReason) console.log(skipReason);

/**
 * Two people, each with `lanline serve` and Chromium on their own machine of
 * a virtual LAN. The pages own the WebRTC connections; the backends only
 * signal and store. One sends, the other sees it.
 */
describe.skipIf(skipReason !== undefined)('two people chatting in browser mode', () => {
  let desks: BrowserLan;
  let ada: Page;
  let bob: Page;

  beforeAll(async () => {
    desks = await startBrowserLan([{ name: 'Ada' }, { name: 'Bob' }]);
    [ada, bob] = desks.pages as [Page, Page];
  });

  afterAll(async () => {
    await desks?.stop();
  });

  it('each sees the other appear online', async () => {
    await expect.poll(() => ada.getByTestId('self-name').textContent(), { timeout: 10_000 }).toContain('Ada');
    await ada.locator('[data-testid="peer"][data-online="true"]').first().waitFor({ timeout: 20_000 });
    await bob.locator('[data-testid="peer"][data-online="true"]').first().waitFor({ timeout: 20_000 });
    expect(await ada.getByTestId('peer').first().textContent()).toContain('Bob');
    await ada.screenshot({ path: join(SCREENSHOTS, 'ada-sees-bob.png') });
  });

  it('Ada sends, Bob sees it, and Ada sees it delivered', async () => {
    await ada.getByTestId('peer').first().click();
    await ada.getByTestId('composer').fill('Hello Bob! Coffee at 3?');
    await ada.getByTestId('composer').press('Enter');
    await ada.locator('[data-testid="message"][data-state="delivered"]').waitFor({ timeout: 15_000 });

    await bob.getByTestId('peer').first().click();
    const received = bob.getByTestId('message').filter({ hasText: 'Hello Bob! Coffee at 3?' });
    await received.waitFor({ timeout: 15_000 });
    await ada.screenshot({ path: join(SCREENSHOTS, 'ada-sent.png') });
    await bob.screenshot({ path: join(SCREENSHOTS, 'bob-received.png') });
  });

  it('Bob replies and it shows up in Ada’s open conversation, quoting her message', async () => {
    const question = bob.getByTestId('message').filter({ hasText: 'Coffee at 3' });
    await question.hover();
    await question.getByTestId('reply').click();
    await bob.getByTestId('reply-preview').waitFor();
    await bob.getByTestId('composer').fill('Sure, see you there.');
    await bob.getByTestId('send').click();
    await ada.getByTestId('message').filter({ hasText: 'Sure, see you there.' }).waitFor({ timeout: 15_000 });
    const reply = ada.getByTestId('message').filter({ hasText: 'Sure, see you there.' });
    expect(await reply.getByTestId('reply-quote').textContent()).toContain('Coffee at 3');
    const texts = await ada.getByTestId('message').allTextContents();
    expect(texts.findIndex((t) => t.includes('Coffee'))).toBeLessThan(texts.findIndex((t) => t.includes('see you there')));
    await ada.screenshot({ path: join(SCREENSHOTS, 'ada-conversation.png') });
  });

  it('Ada finds the message by searching and jumps to it', async () => {
    await ada.getByTestId('search-input').fill('coff');
    const hit = ada.getByTestId('search-hit').first();
    await hit.waitFor({ timeout: 10_000 });
    expect(await ada.getByTestId('search-results').locator('mark').first().textContent()).toMatch(/^Coff/i);
    await ada.screenshot({ path: join(SCREENSHOTS, 'search-results.png') });
    await hit.click();
    await ada
      .locator('[data-testid="message"][data-highlighted="true"]')
      .filter({ hasText: 'Coffee at 3' })
      .waitFor({ timeout: 10_000 });
  });

  it('unread badges clear when Ada reads, Bob sees it read, and typing shows while Bob writes', async () => {
    await ada.getByTestId('network-open').click();
    await bob.getByTestId('composer').fill('Are you there?');
    await bob.getByTestId('composer').press('Enter');
    await expect.poll(() => ada.getByTestId('unread-badge').first().textContent(), { timeout: 10_000 }).toBe('1');
    const sent = bob.getByTestId('message').filter({ hasText: 'Are you there?' });
    expect(await sent.getAttribute('data-read')).toBe('false');

    await ada.getByTestId('peer').first().click();
    await expect.poll(() => ada.getByTestId('unread-badge').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => sent.getAttribute('data-read'), { timeout: 10_000 }).toBe('true');

    await bob.getByTestId('composer').pressSequentially('Writing a long answer', { delay: 20 });
    await expect.poll(() => ada.getByTestId('typing-indicator').textContent(), { timeout: 10_000 }).toContain('Bob is typing');
    await ada.screenshot({ path: join(SCREENSHOTS, 'typing.png') });
    await bob.getByTestId('composer').press('Enter');
    await expect.poll(() => ada.getByTestId('typing-indicator').count(), { timeout: 10_000 }).toBe(0);
  });
});
