import { describe, expect, it } from 'vitest';
import { commandForKey, keysLabel } from '../../../src/renderer/src/app/shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('the keyboard map', () => {
  it('reads Ctrl on Windows and Linux and Cmd on a Mac', () => {
    expect(commandForKey(key('k', { ctrlKey: true }), false)).toBe('switcher');
    expect(commandForKey(key('K', { metaKey: true }), true)).toBe('switcher');
    expect(commandForKey(key('k', { ctrlKey: true }), true)).toBeUndefined();
    expect(commandForKey(key('k', { metaKey: true }), false)).toBeUndefined();
  });

  it('needs the exact modifiers: plain letters and Shift variants are left to the page', () => {
    expect(commandForKey(key('k'), false)).toBeUndefined();
    expect(commandForKey(key('k', { ctrlKey: true, shiftKey: true }), false)).toBeUndefined();
    expect(commandForKey(key('ArrowDown', { altKey: true }), false)).toBe('next-conversation');
    expect(commandForKey(key(',', { ctrlKey: true }), false)).toBe('settings');
  });

  it('writes keys the way each platform does', () => {
    expect(keysLabel('Mod+K', false)).toBe('Ctrl+K');
    expect(keysLabel('Mod+K', true)).toBe('⌘K');
  });
});
