import { afterEach, describe, expect, it } from 'vitest';
import { decodeInvite, encodeInvite } from '../../src/core/invite';
import { newInviteToken } from '../../src/core/messaging/envelope';
import { startTestBackend, waitFor, type TestBackend } from '../support/backends';

/**
 * Joining a group by invite code between real backends: real signalling, real
 * wrtc data channels, real SQLite files. The joiner knows nobody beforehand.
 */
describe('joining a group by invite', () => {
  const running: TestBackend[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((b) => b.stop()));
  });
  const start = async (name: string) => {
    const backend = await startTestBackend(name);
    running.push(backend);
    return backend;
  };

  it('lets a newcomer in, who then talks with the group', async () => {
    const [ada, dan] = [await start('Ada'), await start('Dan')];
    const group = await ada.api.call('groups.create', { name: 'Book club', members: [] });
    ada.api.call('messages.send', { to: group.id, text: 'before Dan joined' });
    const invite = await ada.api.call('groups.invite', { group: group.id });
    expect(invite.code).toMatch(/^LL2-/);
    expect(decodeInvite(invite.code).group?.id).toBe(group.id);

    const joined = await dan.api.call('groups.join', { code: invite.code });
    expect(joined).toMatchObject({ id: group.id, name: 'Book club', isMember: true });
    expect(joined.members.map((m) => m.name)).toEqual(['Ada', 'Dan']);

    await dan.api.call('messages.send', { to: group.id, text: 'Hello, book club!' });
    await waitFor('Ada has Dan’s message', async () =>
      (await ada.api.call('messages.list', { with: group.id })).some((m) => m.text === 'Hello, book club!'),
    );
    const atDan = await dan.api.call('messages.list', { with: group.id });
    expect(atDan.map((m) => m.text)).not.toContain('before Dan joined');
    expect(atDan.find((m) => m.kind === 'event')?.event).toMatchObject({ op: 'add', member: dan.backend.identity.peerId });
  });

  it('refuses a made-up invite secret with a clear reason', async () => {
    const [ada, eve] = [await start('Ada'), await start('Eve')];
    const group = await ada.api.call('groups.create', { name: 'Private', members: [] });
    const real = await ada.api.call('groups.invite', { group: group.id });
    const forged = encodeInvite(ada.backend.identity.peerId, real.addresses, {
      id: group.id,
      token: newInviteToken((n) => crypto.getRandomValues(new Uint8Array(n))),
    });
    await expect(eve.api.call('groups.join', { code: forged })).rejects.toThrow(/not valid/);
    expect(await eve.api.call('groups.list', {})).toEqual([]);
  });
});
