import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { horizontalOverflow, unnamedControls } from '../support/a11y';
import { waitFor } from '../support/backends';
import { SCREENSHOTS } from '../support/browser';
import { browserLanSkipReason, startBrowserLan, type BrowserLan } from '../support/browser-lan';

const skipReason = browserLanSkipReason();
if (skipReason) console.log(skipReason);

/** The group's row in the sidebar, by name. */
const groupRow = (page: Page, name: string) => page.getByTestId('group').filter({ hasText: name });

/** Sends a message from the composer of the open conversation. */
async function send(page: Page, text: string) {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('composer').press('Enter');
}

/**
 * Three people, each with `lanline serve` and Chromium on their own machine
 * of a virtual LAN (Cy's computer is set to dark). Ada starts a group with Bob
 * and Cy; they talk, Ada renames it and removes Cy, and Bob joins another
 * group by its code.
 */
describe.skipIf(skipReason !== undefined)('a group in browser mode', () => {
  let desks: BrowserLan;
  let ada: Page;
  let bob: Page;
  let cy: Page;

  beforeAll(async () => {
    desks = await startBrowserLan([{ name: 'Ada' }, { name: 'Bob' }, { name: 'Cy', colorScheme: 'dark' }]);
    [ada, bob, cy] = desks.pages as [Page, Page, Page];
    // Everyone linked directly to both others before the first test.
    for (const page of [ada, bob, cy]) {
      const direct = page.locator('[data-testid="peer"][data-path="direct"]');
      await waitFor('both others linked directly', async () => (await direct.count()) === 2, 30_000, 200);
    }
  });

  afterAll(async () => {
    await desks?.stop();
  });

  it('Ada creates a group with Bob and Cy, picking them from a search; all three see it', async () => {
    expect(await ada.getByTestId('groups-empty').textContent()).toContain('No groups yet');
    await ada.getByTestId('new-group').click();
    const dialog = ada.getByTestId('new-group-dialog');
    await dialog.waitFor();
    await ada.getByTestId('group-name-input').fill('Design');
    await ada.getByTestId('people-search').fill('cy');
    expect(await ada.getByTestId('people-option').allTextContents()).toEqual([expect.stringContaining('Cy')]);
    await ada.getByTestId('people-option').filter({ hasText: 'Cy' }).click();
    await ada.getByTestId('people-search').fill('');
    await ada.getByTestId('people-option').filter({ hasText: 'Bob' }).click();
    expect(await ada.getByTestId('people-chosen').textContent()).toMatch(/2 chosen: (Bob, Cy|Cy, Bob)/);
    expect(await unnamedControls(ada)).toEqual([]);
    await ada.screenshot({ path: join(SCREENSHOTS, 'group-new-dialog.png') });
    await ada.getByTestId('group-create').click();
    await dialog.waitFor({ state: 'detached' });

    // Ada lands in the new group, which starts with its creation line.
    expect(await ada.getByTestId('conversation-title').textContent()).toContain('Design');
    await ada.getByTestId('event-line').filter({ hasText: 'You created the group “Design”' }).waitFor();
    expect(await ada.getByTestId('conversation-subtitle').textContent()).toBe('3 members: you, Bob and Cy');
    for (const page of [bob, cy]) await groupRow(page, 'Design').waitFor({ timeout: 15_000 });
  });

  it('messages flow with their authors’ names, receipts count the members, and typing names who', async () => {
    await send(ada, 'Kick-off at 10 in the big room');
    const kickOff = ada.getByTestId('message').filter({ hasText: 'Kick-off at 10' });
    await expect
      .poll(() => kickOff.getByTestId('message-state').getAttribute('data-receipt'), { timeout: 15_000 })
      .toBe('delivered to all 2');

    // Bob is looking elsewhere: the group's line counts what is new to him, and opening it clears that.
    const badge = groupRow(bob, 'Design').getByTestId('unread-badge');
    await expect.poll(() => badge.count(), { timeout: 15_000 }).toBe(1);
    expect(Number(await badge.textContent())).toBeGreaterThan(0);
    await groupRow(bob, 'Design').click();
    await expect.poll(() => badge.count(), { timeout: 10_000 }).toBe(0);
    const atBob = bob.getByTestId('message').filter({ hasText: 'Kick-off at 10' });
    await atBob.waitFor({ timeout: 15_000 });
    expect(await atBob.getByTestId('message-author').textContent()).toBe('Ada');
    await bob.getByTestId('event-line').filter({ hasText: 'Ada created the group “Design”' }).waitFor();
    await expect
      .poll(() => kickOff.getByTestId('message-state').getAttribute('data-receipt'), { timeout: 15_000 })
      .toBe('delivered to all 2, read by 1');

    await groupRow(cy, 'Design').click();
    await cy.getByTestId('message').filter({ hasText: 'Kick-off at 10' }).waitFor({ timeout: 15_000 });
    await expect
      .poll(() => kickOff.getByTestId('message-state').getAttribute('data-receipt'), { timeout: 15_000 })
      .toBe('read by all 2');

    await send(bob, 'I will bring the sketches');
    const fromBob = ada.getByTestId('message').filter({ hasText: 'bring the sketches' });
    await fromBob.waitFor({ timeout: 15_000 });
    expect(await fromBob.getByTestId('message-author').textContent()).toBe('Bob');

    await bob.getByTestId('composer').pressSequentially('And the prototype', { delay: 20 });
    await expect.poll(() => ada.getByTestId('typing-indicator').textContent(), { timeout: 10_000 }).toContain('Bob is typing…');
    await cy.getByTestId('composer').pressSequentially('Coffee for everyone', { delay: 20 });
    await expect
      .poll(() => ada.getByTestId('typing-indicator').textContent(), { timeout: 10_000 })
      .toMatch(/(Bob and Cy|Cy and Bob) are typing…/);
    // The group's line in the sidebar says it too, in place of the newest message.
    expect(await groupRow(ada, 'Design').getByTestId('peer-typing').textContent()).toMatch(/are typing…/);
    await ada.screenshot({ path: join(SCREENSHOTS, 'group-conversation.png') });
    await cy.screenshot({ path: join(SCREENSHOTS, 'group-conversation-dark.png') });
    await bob.getByTestId('composer').press('Enter');
    await cy.getByTestId('composer').press('Enter');
    await ada.getByTestId('message').filter({ hasText: 'Coffee for everyone' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => ada.getByTestId('typing-indicator').count(), { timeout: 10_000 }).toBe(0);
  });

  it('Bob shares a file in the group: every member gets its card, and Cy takes it byte for byte', async () => {
    const notes = join(desks.dataDirs[1]!, 'sketch-notes.txt');
    writeFileSync(notes, 'Sketches: the lobby, the stairs and the roof.\n'.repeat(200));
    expect(await bob.getByRole('button', { name: 'Share files with Design' }).isVisible()).toBe(true);
    await bob.getByTestId('attach-input').setInputFiles(notes);
    const card = (page: Page) => page.getByTestId('file-card').filter({ hasText: 'sketch-notes.txt' });
    await card(ada).waitFor({ timeout: 15_000 });
    await card(cy).waitFor({ timeout: 15_000 });
    expect(await groupRow(ada, 'Design').getByTestId('peer-preview').textContent()).toBe('Bob: 📎 sketch-notes.txt');
    await card(cy).getByRole('button', { name: 'Accept: sketch-notes.txt' }).click();
    await expect.poll(() => card(cy).getAttribute('data-state'), { timeout: 20_000 }).toBe('done');
    expect(readFileSync(join(desks.dataDirs[2]!, 'downloads', 'sketch-notes.txt'))).toEqual(readFileSync(notes));
    // Ada has not accepted: hers still waits, and nothing landed in her downloads.
    expect(await card(ada).getAttribute('data-state')).not.toBe('done');
    expect(existsSync(join(desks.dataDirs[0]!, 'downloads', 'sketch-notes.txt'))).toBe(false);
  });

  it('the details list the members with the admin badge, and Ada renames the group for everyone', async () => {
    await ada.keyboard.press('Control+i');
    const details = ada.getByTestId('details-pane');
    await details.waitFor();
    const members = ada.getByTestId('group-member');
    await expect.poll(() => members.count()).toBe(3);
    expect(await members.first().textContent()).toContain('Ada (you)');
    expect(await ada.locator('[data-testid="group-member"][data-admin="true"]').count()).toBe(1);
    expect(await ada.getByTestId('group-remove').count()).toBe(2);
    const shared = details.getByTestId('shared-file').filter({ hasText: 'sketch-notes.txt' });
    await shared.waitFor({ timeout: 10_000 });
    expect(await shared.textContent()).toContain('from Bob');
    expect(await unnamedControls(ada)).toEqual([]);
    await ada.screenshot({ path: join(SCREENSHOTS, 'group-details.png') });

    await ada.getByTestId('group-rename').click();
    await ada.getByTestId('group-rename-input').fill('Design crew');
    await ada.getByTestId('group-rename-input').press('Enter');
    await expect.poll(() => ada.getByTestId('group-details-name').textContent()).toContain('Design crew');
    expect(await ada.getByTestId('conversation-title').textContent()).toContain('Design crew');
    for (const page of [bob, cy]) {
      await groupRow(page, 'Design crew').waitFor({ timeout: 15_000 });
      await page.getByTestId('event-line').filter({ hasText: 'Ada renamed the group to “Design crew”' }).waitFor();
    }
    // Bob is no admin: he sees the members, but no way to remove anyone.
    await bob.keyboard.press('Control+i');
    await expect.poll(() => bob.getByTestId('group-member').count()).toBe(3);
    expect(await bob.getByTestId('group-remove').count()).toBe(0);
    await bob.keyboard.press('Escape');
  });

  it('Ada removes Cy after confirming; Cy sees she is out and cannot write there any more', async () => {
    const cyRow = ada.getByTestId('group-member').filter({ hasText: 'Cy' });
    await cyRow.getByTestId('group-remove').click();
    const confirm = ada.getByTestId('remove-dialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('Remove Cy from Design crew?');
    await confirm.getByTestId('confirm').click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => ada.getByTestId('group-member').count()).toBe(2);
    await ada.getByTestId('event-line').filter({ hasText: 'You removed Cy' }).waitFor();
    await bob.getByTestId('event-line').filter({ hasText: 'Ada removed Cy' }).waitFor({ timeout: 15_000 });

    const closed = cy.getByTestId('composer-closed');
    await closed.waitFor({ timeout: 15_000 });
    // The removal itself is sealed under the group's new key, which Cy does not get: she learns that she is out, not from whom.
    expect(await closed.textContent()).toContain('You were removed from this group.');
    expect(await cy.getByTestId('composer').count()).toBe(0);
    // And what she cannot read does not show as waiting.
    expect(await cy.getByTestId('waiting-banner').count()).toBe(0);
    expect(await groupRow(cy, 'Design crew').getAttribute('data-member')).toBe('false');
    expect(await cy.getByTestId('conversation-subtitle').textContent()).toBe('You are no longer a member');
    await cy.screenshot({ path: join(SCREENSHOTS, 'group-removed-dark.png') });

    // Messages after the removal reach Bob, and not Cy.
    await send(ada, 'Just the two of us now');
    await bob.getByTestId('message').filter({ hasText: 'Just the two of us now' }).waitFor({ timeout: 15_000 });
    await cy.waitForTimeout(1000);
    expect(await cy.getByTestId('message').filter({ hasText: 'Just the two of us now' }).count()).toBe(0);
    await ada.keyboard.press('Escape');
  });

  it('Cy starts her own group and invites with a code; Bob joins it through a lanline://join link', async () => {
    await cy.getByTestId('new-group').click();
    await cy.getByTestId('group-name-input').fill('Lunch');
    await cy.getByTestId('group-create').click();
    await cy.getByTestId('new-group-dialog').waitFor({ state: 'detached' });
    await cy.keyboard.press('Control+i');
    await cy.getByTestId('group-invite').click();
    const invite = cy.getByTestId('group-invite-dialog');
    await invite.getByTestId('invite-code').waitFor({ timeout: 10_000 });
    const code = (await invite.getByTestId('invite-code').textContent())!.trim();
    expect(code).toMatch(/^LL2-/);
    expect(await invite.getByTestId('invite-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await cy.screenshot({ path: join(SCREENSHOTS, 'group-invite-dark.png') });
    await cy.keyboard.press('Escape');

    // A lanline://join link reaches the window as #join=…; the window recognises a group's code.
    await bob.evaluate(`location.hash = 'join=' + encodeURIComponent('lanline://join/${code}')`);
    const joinDialog = bob.getByTestId('invite-dialog');
    await joinDialog.waitFor();
    expect(await joinDialog.locator('h2').textContent()).toBe('Join a group');
    expect(await bob.getByTestId('join-code-input').inputValue()).toBe(code);
    expect(await bob.getByTestId('join-submit').textContent()).toBe('Join group');
    await bob.getByTestId('join-submit').click();
    await joinDialog.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await bob.getByTestId('conversation-title').textContent()).toContain('Lunch');
    await groupRow(bob, 'Lunch').waitFor();
    await cy.getByTestId('event-line').filter({ hasText: 'You added Bob' }).waitFor({ timeout: 15_000 });
    await send(bob, 'Thanks for the invite!');
    await cy.getByTestId('message').filter({ hasText: 'Thanks for the invite!' }).waitFor({ timeout: 15_000 });
    await bob.screenshot({ path: join(SCREENSHOTS, 'group-joined-by-code.png') });
  });

  it('Bob leaves a group after confirming, and it stays in his list as one he left', async () => {
    await groupRow(bob, 'Lunch').click();
    await bob.keyboard.press('Control+i');
    await bob.getByTestId('group-leave').click();
    const confirm = bob.getByTestId('leave-dialog');
    await confirm.waitFor();
    await confirm.getByTestId('confirm').click();
    await bob.getByTestId('composer-closed').waitFor({ timeout: 10_000 });
    expect(await bob.getByTestId('composer-closed').textContent()).toContain('You left the group.');
    await cy.getByTestId('event-line').filter({ hasText: 'Bob left' }).waitFor({ timeout: 15_000 });
    expect(await groupRow(bob, 'Lunch').getAttribute('data-member')).toBe('false');
    await bob.keyboard.press('Escape');
  });

  it('at 200 % zoom the group conversation and its details fit the window, with every control named', async () => {
    await groupRow(ada, 'Design crew').click();
    // 200 % zoom of a 1100 × 720 window is a 550 × 360 CSS-pixel viewport.
    await ada.setViewportSize({ width: 550, height: 360 });
    const overflow = () => horizontalOverflow(ada);
    await ada.getByTestId('composer').waitFor();
    expect(await overflow()).toEqual({ scroll: 0, clipped: [] });
    expect(await unnamedControls(ada)).toEqual([]);
    await ada.screenshot({ path: join(SCREENSHOTS, 'group-zoom-200.png') });
    await ada.keyboard.press('Control+i');
    await ada.getByTestId('group-members').waitFor();
    expect(await overflow()).toEqual({ scroll: 0, clipped: [] });
    expect(await unnamedControls(ada)).toEqual([]);
    await ada.screenshot({ path: join(SCREENSHOTS, 'group-details-zoom-200.png') });
    await ada.keyboard.press('Escape');
    await ada.setViewportSize({ width: 1100, height: 720 });
  });
});
