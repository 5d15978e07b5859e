import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, SCREENSHOTS } from './browser';
import { tempDir, waitFor } from './backends';
import { LANLINE } from './cli';
import { seedHistory, type SeededHistory } from './seed-history';

export interface SeededDesk {
  page: Page;
  browser: Browser;
  seeded: SeededHistory;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * One person alone with a long history: a data folder seeded straight into
 * SQLite, `lanline serve` on it (loopback only, mDNS off, so nothing leaves
 * the machine) and Chromium on its page. For what needs a big history rather
 * than a second person: the virtual list, and the UI benchmark.
 */
export async function startSeededDesk(options: {
  count?: number;
  conversations?: Array<{ peerName: string; count: number }>;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  held?: { count: number; since: number };
}): Promise<SeededDesk> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dir = tempDir('lanline-seeded-');
  const seeded = seedHistory(dir.path, {
    count: options.count,
    conversations: options.conversations,
    selfName: 'Ada Lovelace',
    held: options.held,
  });
  const child = spawn(process.execPath, [LANLINE, 'serve', '--data-dir', dir.path, '--no-mdns', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const url = await waitFor('the serve URL', () => /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output)?.[1], 15_000);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  const page = await browser.newPage({
    viewport: options.viewport ?? { width: 1100, height: 720 },
    colorScheme: options.colorScheme ?? 'light',
  });
  await page.goto(url);
  return {
    page,
    browser,
    seeded,
    dataDir: dir.path,
    async stop() {
      await browser.close().catch(() => {});
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
      dir.remove();
    },
  };
}
