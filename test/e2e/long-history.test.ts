import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserAvailability, SCREENSHOTS } from '../support/browser';
import { startSeededDesk, type SeededDesk } from '../support/seeded-desk';

const browser = browserAvailability();
if (!browser.ok) console.log(browser.reason);

const HISTORY = 20_000;

/** In the page: how many rows the list says there are (aria-setsize), and how many are drawn. */
const ROW_COUNTS = `(() => {
  const drawn = document.querySelectorAll('[data-testid="message"]');
  return { loaded: Number(drawn[0]?.getAttribute('aria-setsize') ?? 0), drawn: drawn.length };
})()`;

/**
 * Scrolls the list near its top, notes the first message fully in view and
 * where it is, waits for the earlier page that the scroll asks for, and says
 * where that message is now.
 */
function pageBackFrom(scrollTop: number): string {
  return `(async () => {
    const scroller = document.querySelector('[data-testid="message-scroller"]');
    const loaded = () => Number(document.querySelector('[data-testid="message"]')?.getAttribute('aria-setsize') ?? 0);
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const before = loaded();
    scroller.scrollTop = ${scrollTop};
    // One frame for the list to draw the rows now in view; the page it asks for takes a round trip longer.
    await frame();
    if (loaded() > before) return { early: true };
    const top = scroller.getBoundingClientRect().top;
    const first = [...document.querySelectorAll('[data-testid="message"]')].find((el) => el.getBoundingClientRect().top >= top);
    const id = first.dataset.messageId;
    const y = first.getBoundingClientRect().top;
    const until = performance.now() + 10000;
    while (loaded() <= before && performance.now() < until) await frame();
    await frame();
    await frame();
    const again = document.querySelector('[data-message-id="' + id + '"]');
    return { early: false, before, after: loaded(), id, y, yAfter: again ? again.getBoundingClientRect().top : null };
  })()`;
}

interface PageBack {
  early: boolean;
  before: number;
  after: number;
  id: string;
  y: number;
  yAfter: number | null;
}

/** Pages back once; a page that lands before the message in view was noted does not count, so try again. */
async function pageBack(page: Page, scrollTop: number): Promise<PageBack> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const step = (await page.evaluate(pageBackFrom(scrollTop))) as PageBack;
    if (!step.early) return step;
  }
  throw new Error('every earlier page landed within a frame');
}

/** A long history, seeded straight into SQLite: the list stays virtual, pages back in place and finds its way home. */
describe.skipIf(!browser.ok)('a conversation with a long history', () => {
  let desk: SeededDesk;
  let page: Page;

  beforeAll(async () => {
    desk = await startSeededDesk({ count: HISTORY });
    page = desk.page;
    await page.getByTestId('peer').first().click();
    await page.getByTestId('message').first().waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await desk?.stop();
  });

  it('opens at the newest message', async () => {
    const newest = page.locator(`[data-message-id="seed${String(HISTORY - 1).padStart(9, '0')}"]`);
    await newest.waitFor();
    const box = await newest.boundingBox();
    const scroller = await page.getByTestId('message-scroller').boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(scroller!.y + scroller!.height + 1);
    expect(box!.y).toBeGreaterThan(scroller!.y);
    expect(await page.getByTestId('jump-latest').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'long-history.png') });
  });

  it('pages back as the reader nears the top, without moving what they are reading', async () => {
    await page.evaluate(`(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__shift += e.value; }).observe({ type: 'layout-shift' });
    })()`);
    for (let i = 0; i < 5; i++) {
      const step = await pageBack(page, 40);
      expect(step.after, `page ${i}`).toBeGreaterThan(step.before);
      expect(step.yAfter, `page ${i}: ${step.id} is gone`).not.toBeNull();
      expect(Math.abs(step.yAfter! - step.y), `page ${i}: ${step.id} moved`).toBeLessThan(1);
    }
    // Compensation by the browser's own scroll anchoring is not a layout shift.
    expect(await page.evaluate('window.__shift')).toBe(0);
  });

  it('keeps only the rows near the view in the page however many are loaded', async () => {
    for (let i = 0; i < 10; i++) await pageBack(page, 0);
    const { loaded, drawn } = (await page.evaluate(ROW_COUNTS)) as { loaded: number; drawn: number };
    expect(loaded).toBeGreaterThan(1500);
    expect(drawn).toBeLessThan(150);
  });

  it('offers a way back to the newest message, and takes it', async () => {
    const jump = page.getByTestId('jump-latest');
    await jump.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'long-history-reading-back.png') });
    await jump.click();
    const newest = page.locator(`[data-message-id="seed${String(HISTORY - 1).padStart(9, '0')}"]`);
    await newest.waitFor();
    await jump.waitFor({ state: 'detached' });
  });
});
