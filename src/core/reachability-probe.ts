import { LanlineError } from './errors';
import type { PeerId } from './identity';
import type { Link } from './link';
import type { Platform } from './platform';
import type { PresenceGossip } from './presence-gossip';
import type { FrameOf } from './wire/frames';

/** The host's way to test whether a signalling endpoint answers, e.g. a WebSocket open. */
export type ProbeAddress = (address: string) => Promise<{ ok: boolean; detail: string }>;

const PROBE_TIMEOUT_MS = 6000;
const MIN_PROBE_INTERVAL_MS = 5000;

/**
 * Asks a linked peer to connect back to one of our addresses, which is the
 * only honest answer to "can others reach my port?". A peer only probes
 * addresses the asker signed in its own presence record, at most once per
 * few seconds per link, so nobody can use it to scan a network.
 */
export class ReachabilityProbe {
  private next = 1;
  private readonly waiting = new Map<number, (result: { ok: boolean; detail: string }) => void>();
  private readonly lastServed = new WeakMap<Link, number>();

  constructor(
    private readonly platform: Platform,
    private readonly gossip: PresenceGossip,
    private readonly probeAddress: ProbeAddress | undefined,
  ) {}

  ask(link: Link, address: string): Promise<{ ok: boolean; detail: string }> {
    const n = this.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(n);
        reject(new LanlineError('timeout', 'the peer did not answer the reachability check'));
      }, PROBE_TIMEOUT_MS);
      this.waiting.set(n, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      if (!link.send({ t: 'probe', n, address })) {
        clearTimeout(timer);
        this.waiting.delete(n);
        reject(new LanlineError('not-connected', 'the link closed'));
      }
    });
  }

  async serve(link: Link, frame: FrameOf<'probe'>): Promise<void> {
    const now = this.platform.clock.now();
    const asker: PeerId | undefined = link.remote?.peerId;
    const signedAddresses = asker ? (this.gossip.recordOf(asker)?.addresses ?? []) : [];
    if (!this.probeAddress)
      return void link.send({ t: 'probe-result', n: frame.n, ok: false, detail: 'this node cannot run checks' });
    if (!signedAddresses.includes(frame.address)) return link.drop('unexpected', 'probe of an address the peer did not sign');
    if (now - (this.lastServed.get(link) ?? 0) < MIN_PROBE_INTERVAL_MS) return link.drop('unexpected', 'probes too frequent');
    this.lastServed.set(link, now);
    const result = await this.probeAddress(frame.address).catch((error: Error) => ({ ok: false, detail: error.message }));
    link.send({ t: 'probe-result', n: frame.n, ok: result.ok, detail: result.detail.slice(0, 200) });
  }

  settle(frame: FrameOf<'probe-result'>): void {
    this.waiting.get(frame.n)?.({ ok: frame.ok, detail: frame.detail });
    this.waiting.delete(frame.n);
  }
}
