import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { unnamedControls } from '../support/a11y';
import { waitFor } from '../support/backends';
import { SCREENSHOTS } from '../support/browser';
import { browserLanSkipReason, startBrowserLan, type BrowserLan } from '../support/browser-lan';

const skipReason = browserLanSkipReason();
if (skipReason) console.log(skipReason);

/**
 * Ada and Bob on two subnets with no route between them (Bob's computer is
 * set to dark), and a headless super peer, Hub, on both. Their windows show
 * which super peer they use, how busy and near it is, and that the
 * conversation between them is relayed through it.
 */
describe.skipIf(skipReason !== undefined)('super peers in the desktop UI', () => {
  let desks: BrowserLan;
  let ada: Page;
  let bob: Page;

  beforeAll(async () => {
    desks = await startBrowserLan([{ name: 'Ada' }, { name: 'Bob', colorScheme: 'dark' }], { superPeer: 'Hub' });
    [ada, bob] = desks.pages as [Page, Page];
  });

  afterAll(async () => {
    await desks?.stop();
  });

  it('each finds the other through Hub, and the people list marks the path as relayed', async () => {
    for (const [page, other] of [
      [ada, 'Bob'],
      [bob, 'Ada'],
    ] as const) {
      const row = page.locator('[data-testid="peer"][data-path="relayed"]').filter({ hasText: other });
      await waitFor(`${other} relayed`, async () => (await row.count()) === 1, 45_000, 250);
      expect(await row.getAttribute('aria-label')).toContain('relayed via Hub');
      expect(await row.getByTestId('path-relayed').count()).toBe(1);
    }
  });

  it('the conversation header says how messages travel, and they do', async () => {
    await ada.getByTestId('peer').filter({ hasText: 'Bob' }).click();
    const subtitle = ada.getByTestId('conversation-subtitle');
    expect(await subtitle.getAttribute('data-path')).toBe('relayed');
    expect(await subtitle.textContent()).toBe('online · relayed via Hub (end-to-end encrypted)');
    await ada.getByTestId('composer').fill('Hello from the other subnet');
    await ada.getByTestId('composer').press('Enter');
    await bob.getByTestId('peer').filter({ hasText: 'Ada' }).click();
    await bob.getByTestId('message').filter({ hasText: 'Hello from the other subnet' }).waitFor({ timeout: 20_000 });
    await ada.keyboard.press('Control+i');
    await expect
      .poll(() => ada.getByTestId('details-connection').textContent())
      .toContain('Through Hub, end-to-end encrypted: it sees only sealed bytes');
    await ada.screenshot({ path: join(SCREENSHOTS, 'conversation-relayed.png') });
    await ada.keyboard.press('Escape');
  });

  it('Settings → This computer lists Hub as the super peer in use, with its load and round trip', async () => {
    await ada.keyboard.press('Control+,');
    const list = ada.getByTestId('super-peer-list');
    await list.waitFor({ timeout: 15_000 });
    const hub = list.getByTestId('super-peer');
    expect(await hub.count()).toBe(1);
    expect(await hub.getAttribute('data-primary')).toBe('true');
    expect(await hub.textContent()).toContain('Hub');
    expect(await hub.textContent()).toContain('In use');
    await expect
      .poll(() => hub.getByTestId('super-peer-load').textContent(), { timeout: 15_000 })
      .toMatch(/^\d+ % busy · \d+ of/);
    await expect.poll(() => hub.getByTestId('super-peer-facts').textContent(), { timeout: 15_000 }).toMatch(/round trip \d/);
    expect(await unnamedControls(ada)).toEqual([]);
    await ada.locator('#settings-computer').scrollIntoViewIfNeeded();
    await ada.screenshot({ path: join(SCREENSHOTS, 'settings-super-peers.png') });
  });

  it('the network view shows the same, in dark mode too', async () => {
    await bob.getByTestId('network-open').click();
    const section = bob.getByTestId('network-super-peers');
    await section.getByTestId('super-peer').waitFor({ timeout: 15_000 });
    expect(await section.textContent()).toContain('Hub');
    expect(await section.textContent()).toContain('In use');
    await bob.screenshot({ path: join(SCREENSHOTS, 'network-super-peers-dark.png') });
  });
});
