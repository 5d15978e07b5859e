import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { decodeInvite } from '../../src/core/invite';
import { SCREENSHOTS } from '../support/browser';
import { browserLanSkipReason, startBrowserLan, type BrowserLan } from '../support/browser-lan';
import { waitFor } from '../support/backends';
import { lanline, lanlineJson } from '../support/cli';
import { gradientPng } from '../support/png';

/** What the page's <img> reports once Chromium has decoded it (the test code has no DOM types). */
interface ImageLike {
  complete: boolean;
  naturalWidth: number;
  naturalHeight: number;
}

const skipReason = browserLanSkipReason();
if (skipReason) console.log(skipReason);

/** The presence screens as a person uses them: link quality, the network map, the check, invites. */
describe.skipIf(skipReason !== undefined)('presence screens in browser mode', () => {
  let desks: BrowserLan;
  let ada: Page;
  let bob: Page;

  beforeAll(async () => {
    desks = await startBrowserLan([{ name: 'Ada' }, { name: 'Bob', colorScheme: 'dark' }]);
    ada = desks.pages[0]!;
    bob = desks.pages[1]!;
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

  it('Bob chooses a picture in Settings; Chromium crops it to 96×96 and it shows next to his name in Ada’s sidebar', async () => {
    await bob.keyboard.press('Control+,');
    await bob.getByTestId('settings-view').waitFor();
    // Not a picture: refused in the window, with the reason on screen.
    await bob
      .getByTestId('settings-avatar-input')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    await expect
      .poll(() => bob.locator('[data-testid="settings-avatar"] [role="alert"]').textContent(), { timeout: 5_000 })
      .toMatch(/Choose a photo or picture/);
    // Landscape and too large to send as it is: the window crops and shrinks it.
    await bob
      .getByTestId('settings-avatar-input')
      .setInputFiles({ name: 'bob.png', mimeType: 'image/png', buffer: gradientPng(400, 300) });
    await bob.locator('[data-testid="settings-avatar"] .avatar[data-picture="true"] img').waitFor({ timeout: 10_000 });
    const { avatar } = await lanlineJson<{ avatar: string | null }>(['profile', '--data-dir', desks.dataDirs[1]!]);
    expect(avatar).toMatch(/^[0-9a-f]{32}$/);

    await ada.keyboard.press('Escape');
    const picture = ada.locator('[data-testid="peer"] .avatar[data-picture="true"] img').first();
    await picture.waitFor({ timeout: 15_000 });
    await expect.poll(() => picture.evaluate((img) => (img as ImageLike).complete && (img as ImageLike).naturalWidth)).toBe(96);
    expect(await picture.evaluate((img) => (img as ImageLike).naturalHeight)).toBe(96);
    expect(await picture.getAttribute('src')).toMatch(/^blob:/);
    await ada.screenshot({ path: join(SCREENSHOTS, 'sidebar-picture.png') });
    await bob.locator('#settings-profile').screenshot({ path: join(SCREENSHOTS, 'settings-profile-picture.png') });
  });

  it('the CLI publishes a small picture, and refuses one over 12 KiB saying to use the app', async () => {
    const dir = desks.dataDirs[0]!;
    const small = join(dir, 'small.png');
    const large = join(dir, 'large.png');
    writeFileSync(small, gradientPng(40, 40));
    writeFileSync(large, gradientPng(200, 200));
    const refused = await lanline(['profile', '--data-dir', dir, '--avatar', large]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/at most 12288 bytes \(12 KiB\).*Settings → Profile/);
    const published = await lanlineJson<{ avatar: string | null }>(['profile', '--data-dir', dir, '--avatar', small]);
    expect(published.avatar).toMatch(/^[0-9a-f]{32}$/);
    // Ada's picture reaches Bob's sidebar the same way.
    const picture = bob.locator('[data-testid="peer"] .avatar[data-picture="true"] img').first();
    await picture.waitFor({ timeout: 15_000 });
    await expect.poll(() => picture.evaluate((img) => (img as ImageLike).naturalWidth)).toBe(40);
    const cleared = await lanlineJson<{ avatar: string | null }>(['profile', '--data-dir', dir, '--no-avatar']);
    expect(cleared.avatar).toBeNull();
    await bob
      .locator('[data-testid="peer"] .avatar[data-picture="true"]')
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 });
  });
});
