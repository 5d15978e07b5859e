import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { SCREENSHOTS, browserAvailability, launchChromiumIn } from './browser';
import { LANLINE, startNode } from './cli';
import { tempDir, waitFor } from './backends';
import { createLan, netAvailability, type Host, type VirtualLan } from './netns';

/** Why the browser tiers cannot run here, or undefined when they can (printed by the caller). */
export function browserLanSkipReason(): string | undefined {
  const net = netAvailability();
  const browser = browserAvailability();
  return !net.ok ? net.reason : !browser.ok ? browser.reason : undefined;
}

export interface Person {
  name: string;
  colorScheme?: 'light' | 'dark';
  /** Start without a name, as a new install does, so the first-run welcome appears. */
  firstRun?: boolean;
}

export interface BrowserLan {
  lan: VirtualLan;
  pages: Page[];
  /** Each person's data folder, for driving their node with the CLI too. */
  dataDirs: string[];
  /** The super peer's data folder, when one was asked for. */
  superPeerDir?: string;
  stop(): Promise<void>;
}

export interface BrowserLanOptions {
  /**
   * A headless `lanline node --super` with this name on a host joining two
   * subnets with no route between them; the people alternate between the
   * subnets (the first on one, the second on the other…), so people on
   * different subnets reach each other only through it.
   */
  superPeer?: string;
}

async function serve(host: Host, dataDir: string, person: Person): Promise<string> {
  const name = person.firstRun ? [] : ['--name', person.name];
  const child = host.spawn(process.execPath, [LANLINE, 'serve', '--data-dir', dataDir, ...name, '--port', '7400']);
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  return waitFor(`${person.name}'s serve URL`, () => /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output)?.[1], 15_000);
}

/**
 * One machine per person on a virtual LAN, each running `lanline serve` and
 * its own Chromium in that machine's namespace: the pages own the WebRTC
 * connections, exactly as in browser mode on real desks.
 */
export async function startBrowserLan(people: Person[], options: BrowserLanOptions = {}): Promise<BrowserLan> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const lan = options.superPeer
    ? await createLan({
        subnets: [{ id: 'a' }, { id: 'b' }],
        hosts: [
          ...people.map((_, i) => ({ name: `h${i + 1}`, subnets: [i % 2 === 0 ? 'a' : 'b'] })),
          { name: 'sp', subnets: ['a', 'b'] },
        ],
        gateway: true,
      })
    : await createLan({ hosts: people.length, gateway: true });
  const dirs = people.map(() => tempDir());
  const superDir = options.superPeer ? tempDir() : undefined;
  if (options.superPeer) startNode(lan.host('sp'), superDir!.path, options.superPeer, ['--super']);
  const browsers: Array<Browser & { cleanup(): void }> = [];
  const open = async (person: Person, i: number) => {
    const host = lan.hosts[i]!;
    const url = await serve(host, dirs[i]!.path, person);
    const browser = await launchChromiumIn(host);
    browsers.push(browser);
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 }, colorScheme: person.colorScheme ?? 'light' });
    await page.goto(url);
    return page;
  };
  const pages = await Promise.all(people.map(open));
  return {
    lan,
    pages,
    dataDirs: dirs.map((dir) => dir.path),
    superPeerDir: superDir?.path,
    async stop() {
      for (const browser of browsers) {
        await browser.close().catch(() => {});
        browser.cleanup();
      }
      await lan.destroy();
      for (const dir of dirs) dir.remove();
      superDir?.remove();
    },
  };
}
