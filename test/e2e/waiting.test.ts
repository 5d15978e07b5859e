import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../support/backends';
import { browserAvailability, SCREENSHOTS } from '../support/browser';
import { startSeededDesk, type SeededDesk } from '../support/seeded-desk';

const browser = browserAvailability();
if (!browser.ok) console.log(browser.reason);

/** The backend shows held messages after 30 s (DEFAULT_TIMING.holdMaxMs); these were held 10 s before the desk started. */
const HELD_FOR_MS = 10_000;

/**
 * Messages that arrived before the ones they follow, provoked
 * deterministically: the data folder is written with two of Grace's messages
 * already held by the ordering buffer (as they would be on disk after such an
 * arrival), and the real backend opens it. The window shows that they wait,
 * and, once the backend's bounded wait runs out and it shows them, that
 * nothing waits any more.
 */
describe.skipIf(!browser.ok)('messages waiting for earlier ones', () => {
  let desk: SeededDesk;
  let page: Page;

  beforeAll(async () => {
    desk = await startSeededDesk({
      conversations: [{ peerName: 'Grace Hopper', count: 30 }],
      held: { count: 2, since: Date.now() - HELD_FOR_MS },
    });
    page = desk.page;
  });

  afterAll(async () => {
    await desk?.stop();
  });

  it('the conversation says how many wait, calmly, and the sidebar marks it', async () => {
    const grace = page.getByTestId('peer').filter({ hasText: 'Grace Hopper' });
    await grace.waitFor({ timeout: 15_000 });
    expect(await grace.getByTestId('waiting-badge').textContent()).toBe('2');
    expect(await grace.getAttribute('aria-label')).toContain('2 waiting for earlier messages');
    await grace.click();
    const banner = page.getByTestId('waiting-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('2 messages are waiting for earlier ones to arrive…');
    expect(await page.getByTestId('message').filter({ hasText: 'Held back' }).count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'waiting-banner.png') });
  });

  it('goes away once they show, without moving the messages in view', async () => {
    // Every shift, with what moved: whether it was in the message list, and a name for each node (for the failure message).
    await page.evaluate(`(() => {
      window.__shifts = [];
      const name = (node) => node instanceof Element ? node.tagName.toLowerCase() + '.' + [...node.classList].join('.') + (node.dataset.testid ? '[' + node.dataset.testid + ']' : '') : String(node);
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (entry.hadRecentInput) continue;
          const nodes = entry.sources.map((s) => s.node).filter(Boolean);
          const inList = nodes.some((node) => node.closest?.('[data-testid="message-list"]'));
          window.__shifts.push({ value: entry.value, inList, moved: nodes.map(name) });
        }
      }).observe({ type: 'layout-shift' });
    })()`);
    const banner = page.getByTestId('waiting-banner');
    await waitFor('the held messages to show', async () => (await banner.count()) === 0, 45_000, 250);
    await page.getByTestId('message').filter({ hasText: 'Held back 2 of 2' }).waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('waiting-badge').count()).toBe(0);
    const shifts = (await page.evaluate('window.__shifts')) as Array<{ value: number; inList: boolean; moved: string[] }>;
    expect(shifts.filter((shift) => shift.inList)).toEqual([]);
    expect(shifts, 'nothing else on the page moved either').toEqual([]);
  }, 60_000);
});
