import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SCREENSHOTS, browserAvailability, launchChromiumIn } from '../support/browser';
import { LANLINE } from '../support/cli';
import { tempDir, waitFor } from '../support/backends';
import { createLan, netAvailability, type Host, type VirtualLan } from '../support/netns';

const net = netAvailability();
const browser = browserAvailability();
const skipReason = !net.ok ? net.reason : !browser.ok ? browser.reason : undefined;
if (skipReason) console.log(skipReason);

/**
 * Two people, each with `lanline serve` and Chromium on their own machine of
 * a virtual LAN. The pages own the WebRTC connections; the backends only
 * signal and store. One sends, the other sees it.
 */
describe.skipIf(skipReason !== undefined)('two people chatting in browser mode', () => {
  let lan: VirtualLan;
  const dirs = [tempDir(), tempDir()];
  const browsers: Array<Browser & { cleanup(): void }> = [];
  let ada: Page;
  let bob: Page;

  async function serve(host: Host, dataDir: string, name: string): Promise<string> {
    const child = host.spawn(process.execPath, [LANLINE, 'serve', '--data-dir', dataDir, '--name', name, '--port', '7400']);
    let output = '';
    child.stdout?.on('data', (d) => (output += String(d)));
    child.stderr?.on('data', (d) => (output += String(d)));
    return waitFor(`${name}'s serve URL`, () => /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output)?.[1], 15_000);
  }

  async function openPage(host: Host, url: string): Promise<Page> {
    const b = await launchChromiumIn(host);
    browsers.push(b);
    const page = await b.newPage({ viewport: { width: 1100, height: 720 } });
    await page.goto(url);
    return page;
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    lan = await createLan({ hosts: 2, gateway: true });
    const [adaUrl, bobUrl] = await Promise.all([
      serve(lan.host('h1'), dirs[0]!.path, 'Ada'),
      serve(lan.host('h2'), dirs[1]!.path, 'Bob'),
    ]);
    [ada, bob] = await Promise.all([openPage(lan.host('h1'), adaUrl), openPage(lan.host('h2'), bobUrl)]);
  });

  afterAll(async () => {
    for (const b of browsers) {
      await b.close().catch(() => {});
      b.cleanup();
    }
    await lan?.destroy();
    dirs.forEach((d) => d.remove());
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

  it('Bob replies and it shows up in Ada’s open conversation', async () => {
    await bob.getByTestId('composer').fill('Sure, see you there.');
    await bob.getByTestId('send').click();
    await ada.getByTestId('message').filter({ hasText: 'Sure, see you there.' }).waitFor({ timeout: 15_000 });
    const texts = await ada.getByTestId('message').allTextContents();
    expect(texts.findIndex((t) => t.includes('Coffee'))).toBeLessThan(texts.findIndex((t) => t.includes('see you there')));
    await ada.screenshot({ path: join(SCREENSHOTS, 'ada-conversation.png') });
  });
});
