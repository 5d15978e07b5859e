import { useSyncExternalStore } from 'react';
import { z } from 'zod';

/**
 * What this window remembers for its person, on this computer only: look,
 * notifications and layout. Kept in localStorage under one key, validated
 * on the way in, so a damaged or older value falls back to the defaults
 * field by field instead of breaking the app.
 *
 * In browser mode localStorage belongs to the page's origin, which includes
 * the port `lanline serve` picked; a fixed `--ui-port` keeps preferences
 * across restarts (docs/UI.md).
 */
export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type ThemePreference = z.infer<typeof ThemeSchema>;

export const AVATAR_HUES = [210, 265, 330, 15, 40, 140, 175] as const;

export const PreferencesSchema = z.object({
  theme: ThemeSchema.catch('system'),
  /** Messages text size, in px at 100 % zoom. */
  textSize: z.number().int().min(12).max(20).catch(14),
  notifications: z.enum(['all', 'mentions', 'off']).catch('all'),
  notificationText: z.boolean().catch(true),
  /** Asked about browser notifications and was told "not now". */
  notificationPromptDismissed: z.boolean().catch(false),
  /** A colour for one's own avatar, instead of the one derived from the peer id; null for that one. */
  avatarHue: z.number().int().min(0).max(359).nullable().catch(null),
  detailsOpen: z.boolean().catch(false),
  sidebarHidden: z.boolean().catch(false),
  collapsedSections: z.array(z.string().max(32)).max(16).catch([]),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

const KEY = 'lanline.preferences';
export const DEFAULT_PREFERENCES: Preferences = PreferencesSchema.parse({});

function read(storage: Storage | undefined): Preferences {
  try {
    const raw = storage?.getItem(KEY);
    return raw ? PreferencesSchema.parse({ ...DEFAULT_PREFERENCES, ...JSON.parse(raw) }) : DEFAULT_PREFERENCES;
  } catch {
    return DEFAULT_PREFERENCES; // not JSON at all: start over rather than fail
  }
}

function localStorageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage disabled by policy; preferences then last as long as the page
  }
}

/** One store per page; components read it with usePreferences. */
class PreferenceStore {
  private current: Preferences;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: Storage | undefined) {
    this.current = read(storage);
    // Another window of the same app changed them.
    window.addEventListener('storage', (event) => {
      if (event.key !== KEY) return;
      this.current = read(storage);
      this.notify();
    });
  }

  get = (): Preferences => this.current;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(change: Partial<Preferences>): void {
    this.current = PreferencesSchema.parse({ ...this.current, ...change });
    try {
      this.storage?.setItem(KEY, JSON.stringify(this.current));
    } catch {
      // Quota or policy: the change still holds for this page.
    }
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

let store: PreferenceStore | undefined;
export function preferenceStore(): PreferenceStore {
  store ??= new PreferenceStore(localStorageOrUndefined());
  return store;
}

export function usePreferences(): [Preferences, (change: Partial<Preferences>) => void] {
  const prefs = preferenceStore();
  const value = useSyncExternalStore(prefs.subscribe, prefs.get);
  return [value, (change) => prefs.update(change)];
}

/** Applies the theme and text size to the document, before the first paint and after each change. */
export function applyAppearance(preferences: Preferences, root: HTMLElement = document.documentElement): void {
  if (preferences.theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = preferences.theme;
  root.style.setProperty('--message-text-size', `${preferences.textSize / 16}rem`);
}
