import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Host } from './netns';

export const CHROMIUM = process.env.LANLINE_CHROMIUM ?? '/usr/bin/chromium';

/** Every e2e test saves what a person would have seen here. */
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/e2e');

/** Flags for Debian's Chromium on a machine with no internet; see the developers' guide. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // Host candidates must carry real LAN addresses, as in the Electron shell.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

export function browserAvailability(): { ok: boolean; reason?: string } {
  return existsSync(CHROMIUM)
    ? { ok: true }
    : { ok: false, reason: `e2e tier skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)` };
}

/**
 * Chromium running inside a namespace host, so its WebRTC sees only that
 * host's virtual LAN interface. Playwright drives it over a pipe, which
 * `ip netns exec` leaves untouched.
 */
export async function launchChromiumIn(host: Host): Promise<Browser & { cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'lanline-chromium-'));
  const wrapper = join(dir, 'chromium');
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${host.ns} ${CHROMIUM} "$@"\n`, { mode: 0o755 });
  const browser = await chromium.launch({ executablePath: wrapper, args: CHROMIUM_FLAGS, headless: true });
  return Object.assign(browser, { cleanup: () => rmSync(dir, { recursive: true, force: true }) });
}
