import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { decodeInvite } from '../../src/core/invite';
import { SCREENSHOTS } from '../support/browser';
import { browserLanSkipReason, startBrowserLan, type BrowserLan } from '../support/browser-lan';
import { waitFor } from '../support/backends';

const skipReason = browserLanSkipReason();
if (skipReason) console.log(skipReason);

/** The presence screens as a person uses them: link quality, the network map, the check, invites. */
describe.skipIf(skipReason !== undefined)('presence screens in browser mode', () => {
  let desks: BrowserLan;
  let ada: Page;

  beforeAll(async () => {
    desks = await startBrowserLan([{ name: 'Ada' }, { name: 'Bob', colorScheme: 'dark' }]);
    ada = desks.pages[0]!;
  });

  afterAll(async () => {
    await desks?.stop();
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
    expect(decodeInvite(code).addresses).toEqual([`${desks.lan.host('h1').address}:7400`]);
    expect(await ada.getByTestId('invite-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await ada.getByTestId('join-code-input').fill(code.slice(0, -3) + 'AAA');
    await ada.getByTestId('join-submit').click();
    await expect.poll(() => ada.getByTestId('join-error').textContent(), { timeout: 10_000 }).toMatch(/mistyped/);
    await ada.screenshot({ path: join(SCREENSHOTS, 'invite-dialog.png') });
  });
});
