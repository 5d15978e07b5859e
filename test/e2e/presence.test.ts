import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { decodeInvite } from '../../src/core/invite';
import { SCREENSHOTS, browserAvailability, launchChromiumIn } from '../support/browser';
import { LANLINE } from '../support/cli';
import { tempDir, waitFor } from '../support/backends';
import { createLan, netAvailability, type Host, type VirtualLan } from '../support/netns';

const net = netAvailability();
const browser = browserAvailability();
const skipReason = !net.ok ? net.reason : !browser.ok ? browser.reason : undefined;
if (skipReason) console.log(skipReason);

/** The presence screens as a person uses them: link quality, the network map, the check, invites. */
describe.skipIf(skipReason !== undefined)('presence screens in browser mode', () => {
  let lan: VirtualLan;
  const dirs = [tempDir(), tempDir()];
  const browsers: Array<Browser & { cleanup(): void }> = [];
  let ada: Page;

  async function serve(host: Host, dataDir: string, name: string): Promise<string> {
    const child = host.spawn(process.execPath, [LANLINE, 'serve', '--data-dir', dataDir, '--name', name, '--port', '7400']);
    let output = '';
    child.stdout?.on('data', (d) => (output += String(d)));
    return waitFor(`${name}'s serve URL`, () => /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output)?.[1], 15_000);
  }

  async function openPage(host: Host, url: string, colorScheme: 'light' | 'dark'): Promise<Page> {
    const b = await launchChromiumIn(host);
    browsers.push(b);
    const page = await b.newPage({ viewport: { width: 1100, height: 720 }, colorScheme });
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
    [ada] = await Promise.all([openPage(lan.host('h1'), adaUrl, 'light'), openPage(lan.host('h2'), bobUrl, 'dark')]);
  });

  afterAll(async () => {
    for (const b of browsers) {
      await b.close().catch(() => {});
      b.cleanup();
    }
    await lan?.destroy();
    dirs.forEach((d) => d.remove());
  });

  it('the people list shows the link’s round trip once measured', async () => {
    await ada.locator('[data-testid="peer"][data-online="true"]').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => ada.getByTestId('peer-rtt').first().textContent(), { timeout: 10_000 }).toMatch(/\d+(\.\d+)? ms/);
  });

  it('the network view draws a direct link to Bob with its round trip', async () => {
    await ada.getByTestId('network-open').click();
    const edge = ada.getByTestId('network-edge').first();
    await edge.waitFor({ timeout: 10_000 });
    await expect.poll(() => edge.getAttribute('data-rtt'), { timeout: 10_000 }).toMatch(/^\d/);
    expect(await edge.getAttribute('data-link')).toBe('direct');
    await ada.screenshot({ path: join(SCREENSHOTS, 'network-view.png') });
  });

  it('the network check answers in plain words', async () => {
    await ada.getByTestId('doctor-open').click();
    const mdns = ada.locator('[data-testid="doctor-check"][data-check-id="mdns-send"]');
    await expect.poll(() => mdns.getAttribute('data-status'), { timeout: 15_000 }).toBe('ok');
    await expect
      .poll(() => ada.locator('[data-testid="doctor-check"][data-check-id="signalling"]').getAttribute('data-status'), {
        timeout: 15_000,
      })
      .toBe('ok');
    await ada.screenshot({ path: join(SCREENSHOTS, 'network-check.png') });
  });

  it('the invite dialog shows a code and QR for this computer, and explains a mistyped code', async () => {
    await ada.getByTestId('invite-open').click();
    const code = await waitFor('an invite code', async () => (await ada.getByTestId('invite-code').textContent())?.trim());
    expect(decodeInvite(code).addresses).toEqual([`${lan.host('h1').address}:7400`]);
    expect(await ada.getByTestId('invite-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await ada.getByTestId('join-code-input').fill(code.slice(0, -3) + 'AAA');
    await ada.getByTestId('join-submit').click();
    await expect.poll(() => ada.getByTestId('join-error').textContent(), { timeout: 10_000 }).toMatch(/mistyped/);
    await ada.screenshot({ path: join(SCREENSHOTS, 'invite-dialog.png') });
  });
});
