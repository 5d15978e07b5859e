import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FromShellSchema, SHORTCUT_KEYS, ToShellSchema, type ShortcutCommand } from '../../src/core/api/desktop-bridge';
import { autostartEntry, isAutostartEnabled, setAutostart } from '../../src/main/desktop/autostart';
import { closeAction } from '../../src/main/desktop/close-policy';
import { generateSecretKey, identityFromSecretKey } from '../../src/core/identity';
import { encodeInvite, inviteUrl } from '../../src/core/invite';
import { inviteCodeFromArgv, inviteCodeFromUrl } from '../../src/main/desktop/deep-link';
import { menuTemplate } from '../../src/main/desktop/menu-template';
import { badgeText, trayIcon, trayTooltip } from '../../src/main/desktop/tray-icon';

const CODE = 'LL1-ABCDE-FGHIJ-KLMNO-PQRST';

/** The Electron shell's decisions, made without Electron (its binary cannot run on the build machines). */
describe('desktop integration logic', () => {
  it('takes an invite code out of a lanline:// link and nothing else', () => {
    expect(inviteCodeFromUrl(`lanline://join/${CODE}`)).toBe(CODE);
    expect(inviteCodeFromUrl(`LANLINE://join/${CODE}/`)).toBe(CODE);
    expect(inviteCodeFromUrl(`lanline://join/${encodeURIComponent(CODE)}`)).toBe(CODE);
    expect(inviteCodeFromUrl('https://example.com/join/LL1-AAAAAAAA')).toBeUndefined();
    expect(inviteCodeFromUrl('lanline://join/<script>alert(1)</script>')).toBeUndefined();
    expect(inviteCodeFromUrl('lanline://join/%E0%A4%A')).toBeUndefined();
    expect(inviteCodeFromUrl(`lanline://join/${'A'.repeat(500)}`)).toBeUndefined();
    // A group's invite (LL2-, the longest kind, with four addresses) gets through too; the window tells the kinds apart.
    const peerId = identityFromSecretKey(generateSecretKey((n) => new Uint8Array(n).fill(7))).peerId;
    const addresses = ['198.18.0.1:7400', '198.18.0.2:7400', '198.18.1.1:7400', '198.18.2.1:7400'];
    const group = encodeInvite(peerId, addresses, { id: `g${'a'.repeat(26)}`, token: `${'a'.repeat(25)}q` });
    expect(inviteCodeFromUrl(inviteUrl(group))).toBe(group);
  });

  it('finds the link among a second launch’s arguments', () => {
    expect(inviteCodeFromArgv(['/opt/Lanline/lanline', '--data-dir=/x', `lanline://join/${CODE}`])).toBe(CODE);
    expect(inviteCodeFromArgv(['/opt/Lanline/lanline', `lanline://join/${CODE}`, '--no-sandbox'])).toBe(CODE);
    expect(inviteCodeFromArgv(['/opt/Lanline/lanline', '--data-dir', '/x'])).toBeUndefined();
  });

  it('hides to the tray on close only as a super peer, and always quits when asked to', () => {
    expect(closeAction({ quitting: false, role: 'super', trayAvailable: true })).toBe('hide');
    expect(closeAction({ quitting: false, role: 'infrastructure', trayAvailable: true })).toBe('hide');
    expect(closeAction({ quitting: false, role: 'basic', trayAvailable: true })).toBe('close');
    expect(closeAction({ quitting: true, role: 'super', trayAvailable: true })).toBe('close');
    expect(closeAction({ quitting: false, role: 'super', trayAvailable: false })).toBe('close');
  });

  it('draws the tray icon with a badge only when something is unread', () => {
    const plain = trayIcon(0);
    const three = trayIcon(3);
    expect(plain.data).toHaveLength(32 * 32 * 4);
    // Top right corner pixel area: no badge → the blue square's corner; badge → red.
    const at = (bitmap: ReturnType<typeof trayIcon>, x: number, y: number) => {
      const i = (y * bitmap.width + x) * 4;
      return { b: bitmap.data[i]!, g: bitmap.data[i + 1]!, r: bitmap.data[i + 2]!, a: bitmap.data[i + 3]! };
    };
    expect(at(three, 26, 4).r).toBeGreaterThan(180);
    expect(at(plain, 26, 4).r).toBeLessThan(100);
    expect(Buffer.from(trayIcon(3).data).equals(Buffer.from(trayIcon(4).data))).toBe(false);
    expect(badgeText(0)).toBeUndefined();
    expect(badgeText(7)).toBe('7');
    expect(badgeText(120)).toBe('');
    expect(trayTooltip(1)).toBe('Lanline — 1 unread message');
    expect(trayTooltip(0)).toBe('Lanline');
  });

  it('puts every keyboard shortcut in the menu, in Electron’s notation', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      const accelerators = new Map(
        menuTemplate(platform, { devTools: false }).flatMap((group) =>
          group.entries.flatMap((entry) =>
            entry.kind === 'command' && entry.accelerator ? [[entry.command, entry.accelerator]] : [],
          ),
        ),
      );
      expect(Object.fromEntries(accelerators)).toMatchObject({
        switcher: 'CmdOrCtrl+K',
        settings: 'CmdOrCtrl+,',
        'next-conversation': 'Alt+Down',
      });
      for (const command of Object.keys(SHORTCUT_KEYS) as ShortcutCommand[])
        expect(accelerators.has(command), command).toBe(true);
    }
    const mac = menuTemplate('darwin', { devTools: false });
    expect(mac[0]!.label).toBe('Lanline');
    const roles = menuTemplate('linux', { devTools: false }).flatMap((g) =>
      g.entries.flatMap((e) => (e.kind === 'role' ? [e.role] : [])),
    );
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'undo', 'zoomIn', 'resetZoom', 'togglefullscreen']));
    expect(roles).not.toContain('toggleDevTools');
    const file = menuTemplate('linux', { devTools: false }).find((g) => g.role === 'fileMenu')!;
    expect(file.entries.flatMap((e) => (e.kind === 'command' ? [e.command] : []))).toEqual(['new-group', 'invite', 'settings']);
  });

  it('writes an XDG autostart entry that quotes what needs quoting, and removes it', () => {
    expect(autostartEntry(['/opt/Lanline/lanline', '--data-dir=/home/a b'])).toContain(
      'Exec=/opt/Lanline/lanline "--data-dir=/home/a b"',
    );
    const dir = mkdtempSync(join(tmpdir(), 'lanline-autostart-'));
    const path = join(dir, 'autostart', 'lanline.desktop');
    try {
      setAutostart(true, ['/opt/Lanline/lanline'], path);
      expect(isAutostartEnabled(path)).toBe(true);
      expect(readFileSync(path, 'utf8')).toMatch(/^\[Desktop Entry\]\nType=Application/);
      setAutostart(false, [], path);
      expect(isAutostartEnabled(path)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses malformed messages across the desktop bridge in both directions', () => {
    expect(ToShellSchema.safeParse({ type: 'unread', count: 3 }).success).toBe(true);
    expect(ToShellSchema.safeParse({ type: 'unread', count: -1 }).success).toBe(false);
    expect(
      ToShellSchema.safeParse({ type: 'notify', messageId: 'm', conversation: 'c', title: 'x'.repeat(201), body: '' }).success,
    ).toBe(false);
    expect(ToShellSchema.safeParse({ type: 'exec', command: 'rm -rf /' }).success).toBe(false);
    expect(ToShellSchema.safeParse({ type: 'unread', count: 1, extra: true }).success).toBe(false);
    expect(FromShellSchema.safeParse({ type: 'command', command: 'settings' }).success).toBe(true);
    expect(FromShellSchema.safeParse({ type: 'command', command: 'format-disk' }).success).toBe(false);
  });
});
