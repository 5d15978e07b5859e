import type { Page } from 'playwright-core';
import { lanline } from '../../test/support/cli';
import { startSeededDesk } from '../../test/support/seeded-desk';
import { percentiles, sleep } from '../stats';

/**
 * The UI in Chromium, browser mode, on a data folder seeded straight into
 * SQLite with a 100,000-message conversation and a 50-message one:
 *   - open: click in the sidebar → the first frame that shows the newest message;
 *   - typing: keydown in the composer → the frame after it has been painted
 *     (requestAnimationFrame, then a task after that frame), next to the same
 *     measure in a bare <textarea> page in the same browser;
 *   - layout shift: the Layout Instability API's score while messages arrive,
 *     once following the newest and once reading further up.
 * Everything runs on loopback (`lanline serve --no-mdns --host 127.0.0.1`).
 */

const BIG = 100_000;
const SMALL = 50;
/** 180 keystrokes: enough for a steady p95. */
const TYPED = 'The quick brown fox jumps over the lazy dog. '.repeat(4);

/** In the page: time from a click on the person to the first animation frame that has their newest message. */
function timeOpen(peerId: string, newestId: string): string {
  return `(async () => {
    const item = document.querySelector('[data-testid="peer"][data-peer-id="${peerId}"]');
    const started = performance.now();
    item.click();
    for (;;) {
      const at = await new Promise((resolve) => requestAnimationFrame(resolve));
      if (document.querySelector('[data-message-id="${newestId}"]')) return at - started;
      if (performance.now() - started > 10000) return -1;
    }
  })()`;
}

/** Installs the keydown → painted-frame timer on the focused field; samples collect in window.__typing. */
const TYPING_PROBE = `(() => {
  window.__typing = [];
  document.addEventListener('keydown', (event) => {
    const start = event.timeStamp;
    requestAnimationFrame(() => {
      // A message posted from inside the frame callback runs once that frame has been produced.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__typing.push(performance.now() - start);
      channel.port2.postMessage(0);
    });
  }, true);
})()`;

const SHIFT_PROBE = `(() => {
  window.__shift = 0;
  window.__shiftEntries = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) { window.__shift += entry.value; window.__shiftEntries++; }
  }).observe({ type: 'layout-shift' });
})()`;

async function typeAndTime(page: Page, text: string): Promise<number[]> {
  await page.evaluate(TYPING_PROBE);
  // One key every 50 ms, so each keystroke's frame stands alone, as with a person typing quickly.
  await page.keyboard.type(text, { delay: 50 });
  await sleep(100);
  return (await page.evaluate('window.__typing')) as number[];
}

export interface UiBench {
  bigMessages: number;
  smallMessages: number;
  openBigMs: ReturnType<typeof percentiles>;
  openSmallMs: ReturnType<typeof percentiles>;
  typingInAppMs: ReturnType<typeof percentiles> & { max: number };
  typingBareMs: ReturnType<typeof percentiles> & { max: number };
  layoutShiftFollowing: { messages: number; score: number; entries: number };
  layoutShiftReading: { messages: number; score: number; entries: number };
}

export async function uiBench(trials = 15): Promise<UiBench> {
  const desk = await startSeededDesk({
    conversations: [
      { peerName: 'Grace Hopper', count: BIG },
      { peerName: 'Alan Turing', count: SMALL },
    ],
  });
  const [big, small] = desk.seeded.conversations as [
    (typeof desk.seeded.conversations)[0],
    (typeof desk.seeded.conversations)[0],
  ];
  const { page } = desk;
  try {
    await page.locator(`[data-testid="peer"][data-peer-id="${big.peerId}"]`).waitFor({ timeout: 20_000 });
    // Warm up both paths once (the first open also loads code the later ones reuse).
    for (const c of [big, small]) await page.evaluate(timeOpen(c.peerId, c.newestId));

    const openBig: number[] = [];
    const openSmall: number[] = [];
    for (let i = 0; i < trials; i++) {
      openSmall.push((await page.evaluate(timeOpen(small.peerId, small.newestId))) as number);
      await sleep(100);
      openBig.push((await page.evaluate(timeOpen(big.peerId, big.newestId))) as number);
      await sleep(100);
    }

    // Typing in the big conversation, with its list on screen.
    await page.getByTestId('composer').click();
    const inApp = await typeAndTime(page, TYPED);
    await page.getByTestId('composer').fill('');

    // Messages arriving (sent from the CLI, so they reach the window as events) while following the newest.
    const send = async (n: number, label: string, arrived: () => Promise<unknown>) => {
      for (let i = 0; i < n; i++) {
        const sent = await lanline(['send', '--data-dir', desk.dataDir, '--to', big.peerId, `${label} ${i + 1} of ${n}`]);
        if (sent.code !== 0) throw new Error(`lanline send failed: ${sent.stderr}`);
      }
      await arrived();
      await sleep(300);
    };
    await page.evaluate(SHIFT_PROBE);
    await send(10, 'Arriving', () =>
      page.locator('[data-testid="message"]', { hasText: 'Arriving 10 of 10' }).waitFor({ timeout: 15_000 }),
    );
    const following = (await page.evaluate('({ score: window.__shift, entries: window.__shiftEntries })')) as {
      score: number;
      entries: number;
    };
    // And while reading further up: they arrive below, out of view, and nothing in view moves.
    await page.evaluate(`document.querySelector('[data-testid="message-scroller"]').scrollBy(0, -2000)`);
    await sleep(300);
    await page.evaluate(SHIFT_PROBE);
    // Out of view below, they are counted on the "new messages" button instead.
    await send(10, 'Below', () => page.getByTestId('jump-latest').filter({ hasText: '10 new' }).waitFor({ timeout: 15_000 }));
    const reading = (await page.evaluate('({ score: window.__shift, entries: window.__shiftEntries })')) as {
      score: number;
      entries: number;
    };

    // The baseline: the same typing into a bare textarea, same browser, same machine, same minute.
    const bare = await desk.browser.newPage();
    await bare.setContent('<textarea autofocus></textarea>');
    await bare.locator('textarea').click();
    const bareTyping = await typeAndTime(bare, TYPED);
    await bare.close();

    const withMax = (samples: number[]) => ({ ...percentiles(samples), max: Math.round(Math.max(...samples) * 1000) / 1000 });
    return {
      bigMessages: BIG,
      smallMessages: SMALL,
      openBigMs: percentiles(openBig),
      openSmallMs: percentiles(openSmall),
      typingInAppMs: withMax(inApp),
      typingBareMs: withMax(bareTyping),
      layoutShiftFollowing: { messages: 10, ...following },
      layoutShiftReading: { messages: 10, ...reading },
    };
  } finally {
    await desk.stop();
  }
}
